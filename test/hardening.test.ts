import { expect, html } from '@open-wc/testing';
import type { MediaRecorderButton } from '../src/index.js';
import { inWebKit, nextEvent, recorderFixture, sleep, spyOnGetUserMedia, until } from './helpers.js';

/** Replaces window.MediaRecorder until `restore()`; `make` receives the real class to extend. */
function replaceMediaRecorder(make: (Real: typeof MediaRecorder) => unknown) {
  const Real = window.MediaRecorder;
  (window as unknown as { MediaRecorder: unknown }).MediaRecorder = make(Real);
  return () => {
    window.MediaRecorder = Real;
  };
}

/** Records every MediaRecorder the element makes, so a test can make one fail. */
function captureRecorders(options: { stopFiresNothing?: boolean } = {}) {
  const made: MediaRecorder[] = [];
  const restore = replaceMediaRecorder(
    (Real) =>
      class extends Real {
        constructor(stream: MediaStream, init?: MediaRecorderOptions) {
          super(stream, init);
          made.push(this);
        }
        override stop() {
          if (!options.stopFiresNothing) super.stop();
        }
        // The browser fires `stop` by itself once the tracks end: a recorder that never does hides it.
        override addEventListener(type: string, listener: EventListenerOrEventListenerObject, init?: boolean | AddEventListenerOptions) {
          if (options.stopFiresNothing && type === 'stop') return;
          super.addEventListener(type, listener, init);
        }
      },
  );
  return { made, restore };
}

async function expectCleanFailure(el: MediaRecorderButton, name: string, microphone: ReturnType<typeof spyOnGetUserMedia>) {
  const errors: Error[] = [];
  el.addEventListener('error', (event) => errors.push(event.detail.error));
  let rejection: unknown;
  await el.start().catch((error) => (rejection = error));
  await el.updateComplete;
  expect(errors.map((error) => error.name)).to.deep.equal([name]);
  expect(errors[0].message.length).to.be.greaterThan(20);
  expect(rejection).to.equal(errors[0]);
  expect(el.state).to.equal('inactive');
  expect(el.hasAttribute('recording')).to.be.false;
  expect(microphone.liveTracks()).to.have.length(0);
}

describe('hardening', () => {
  let microphone: ReturnType<typeof spyOnGetUserMedia>;
  beforeEach(() => {
    microphone = spyOnGetUserMedia();
  });
  afterEach(() => microphone.restore());

  describe('when the recorder cannot be had', () => {
    it('reports OverconstrainedError for a device-id that does not exist (real browser)', async () => {
      const el = await recorderFixture(html`<media-recorder-button device-id="no-such-microphone"></media-recorder-button>`);
      await expectCleanFailure(el, 'OverconstrainedError', microphone);
    });

    it('reports NotSupportedError when MediaRecorder is missing, and releases the microphone', async () => {
      const restore = replaceMediaRecorder(() => undefined);
      try {
        await expectCleanFailure(await recorderFixture(), 'NotSupportedError', microphone);
        expect(microphone.calls).to.equal(1);
      } finally {
        restore();
      }
    });

    it('reports NotSupportedError when MediaRecorder throws at construction', async () => {
      const restore = replaceMediaRecorder(
        () =>
          class {
            static isTypeSupported = () => true;
            constructor() {
              throw new DOMException('no', 'NotSupportedError');
            }
          },
      );
      try {
        await expectCleanFailure(await recorderFixture(), 'NotSupportedError', microphone);
      } finally {
        restore();
      }
    });

    it('reports the error MediaRecorder throws at start()', async () => {
      const restore = replaceMediaRecorder(
        (Real) =>
          class extends Real {
            override start() {
              throw new DOMException('no', 'NotSupportedError');
            }
          },
      );
      try {
        await expectCleanFailure(await recorderFixture(), 'NotSupportedError', microphone);
      } finally {
        restore();
      }
    });
  });

  describe('when MediaRecorder fails mid-recording', () => {
    for (const stopFiresNothing of [false, true]) {
      it(`delivers the partial recording with reason "error"${stopFiresNothing ? ', even when no stop event comes' : ''}`, async () => {
        const recorders = captureRecorders({ stopFiresNothing });
        try {
          const el = await recorderFixture(html`<media-recorder-button timeslice="100"></media-recorder-button>`);
          const events: string[] = [];
          for (const type of ['error', 'stop']) el.addEventListener(type, () => events.push(type));
          await el.start();
          await sleep(600);
          const stopped = nextEvent(el, 'stop');
          const failed = nextEvent(el, 'error');
          recorders.made[0].dispatchEvent(new ErrorEvent('error', { error: new DOMException('encoder died', 'UnknownError') }));
          expect((await failed).detail.error.name).to.equal('UnknownError');
          const { detail } = await stopped;
          expect(detail.reason).to.equal('error');
          expect(detail.blob.size).to.be.greaterThan(0);
          expect(events).to.deep.equal(['error', 'stop']);
          await el.updateComplete;
          expect(el.state).to.equal('inactive');
          expect(microphone.liveTracks()).to.have.length(0);
        } finally {
          recorders.restore();
        }
      });
    }
  });

  it('finalizes and releases the microphone when the page goes away (pagehide)', async () => {
    const el = await recorderFixture();
    await el.start();
    await sleep(400);
    const stopped = nextEvent(el, 'stop');
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    const { detail } = await stopped;
    expect(detail.reason).to.equal('disconnected');
    expect(detail.blob.size).to.be.greaterThan(0);
    expect(microphone.liveTracks()).to.have.length(0);
  });

  it('releases a microphone granted after the element was removed, and fires nothing', async () => {
    const el = await recorderFixture();
    const events: string[] = [];
    for (const type of ['start', 'stop', 'error']) el.addEventListener(type, () => events.push(type));
    // Hold the grant back until the element is gone.
    const realGetUserMedia = navigator.mediaDevices.getUserMedia;
    let grant!: () => void;
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      await new Promise<void>((resolve) => (grant = resolve));
      return realGetUserMedia.call(navigator.mediaDevices, constraints);
    };
    try {
      const starting = el.start();
      await until(() => grant !== undefined);
      el.remove();
      await sleep(50);
      grant();
      await starting;
      await sleep(200);
    } finally {
      navigator.mediaDevices.getUserMedia = realGetUserMedia;
    }
    expect(microphone.calls).to.equal(1);
    expect(microphone.streams).to.have.length(1);
    expect(microphone.liveTracks()).to.have.length(0);
    expect(events).to.deep.equal([]);
    expect(el.state).to.equal('inactive');
  });

  it('asks for no microphone when removed before recording could start', async () => {
    const el = await recorderFixture();
    const events: string[] = [];
    for (const type of ['start', 'stop', 'error']) el.addEventListener(type, () => events.push(type));
    const starting = el.start();
    el.remove();
    await starting;
    await sleep(200);
    expect(microphone.calls).to.equal(0);
    expect(events).to.deep.equal([]);
    expect(el.state).to.equal('inactive');
  });

  it('stays consistent through 40 toggles of the recording attribute within a second', async () => {
    const el = await recorderFixture();
    let starts = 0;
    let stops = 0;
    el.addEventListener('start', () => starts++);
    el.addEventListener('stop', () => stops++);
    for (let i = 0; i < 40; i++) {
      el.toggleAttribute('recording');
      await sleep(20);
    }
    // 40 toggles end where they began: not recording.
    for (let waited = 0; el.state !== 'inactive' && waited < 5000; waited += 50) await sleep(50);
    await sleep(300);
    await el.updateComplete;
    expect(el.state).to.equal('inactive');
    expect(el.hasAttribute('recording')).to.be.false;
    expect(starts).to.equal(stops);
    expect(microphone.liveTracks()).to.have.length(0);

    el.toggleAttribute('recording');
    await nextEvent(el, 'start');
    await el.updateComplete;
    expect(el.hasAttribute('recording')).to.be.true;
    expect(microphone.liveTracks()).to.have.length(1);
    await el.stop();
    expect(starts).to.equal(stops);
  });

  it('survives 100 record/stop cycles without leaking tracks, audio contexts, URLs, timers or listeners', async function () {
    // WebKit: its recorder would give short takes empty or header-only; the element records on to the
    // end of the first fragment (about 1.25 s) before stopping, so each take spends that long stopping.
    this.timeout(inWebKit ? 300000 : 120000);
    const contexts: AudioContext[] = [];
    const RealAudioContext = window.AudioContext;
    window.AudioContext = class extends RealAudioContext {
      constructor(options?: AudioContextOptions) {
        super(options);
        contexts.push(this);
      }
    };
    const created: string[] = [];
    const revoked: string[] = [];
    const { createObjectURL, revokeObjectURL } = URL;
    URL.createObjectURL = (object) => {
      const url = createObjectURL(object);
      created.push(url);
      return url;
    };
    URL.revokeObjectURL = (url) => {
      revoked.push(url);
      revokeObjectURL(url);
    };
    const intervals = new Set<number>();
    const { setInterval: realSetInterval, clearInterval: realClearInterval } = window;
    window.setInterval = ((handler: TimerHandler, ms?: number) => {
      const id = realSetInterval(handler, ms);
      intervals.add(id);
      return id;
    }) as typeof window.setInterval;
    window.clearInterval = (id?: number) => {
      if (id !== undefined) intervals.delete(id);
      realClearInterval(id);
    };
    let pagehideListeners = 0;
    const { addEventListener: realAdd, removeEventListener: realRemove } = window;
    window.addEventListener = function (this: Window, type: string, ...rest: unknown[]) {
      if (type === 'pagehide') pagehideListeners++;
      return (realAdd as (...args: unknown[]) => void).call(this, type, ...rest);
    } as typeof window.addEventListener;
    window.removeEventListener = function (this: Window, type: string, ...rest: unknown[]) {
      if (type === 'pagehide') pagehideListeners--;
      return (realRemove as (...args: unknown[]) => void).call(this, type, ...rest);
    } as typeof window.removeEventListener;

    try {
      const el = await recorderFixture();
      const blobs: Blob[] = [];
      el.addEventListener('stop', (event) => blobs.push(event.detail.blob));
      for (let cycle = 0; cycle < 100; cycle++) {
        await el.start();
        await sleep(cycle % 10 === 0 ? 150 : 30);
        await el.stop();
      }
      el.remove();
      await sleep(100);

      expect(blobs).to.have.length(100);
      // WebKit: an MP4 header alone is 817 bytes; a take with audio is larger.
      expect(blobs.filter((blob) => blob.size > (inWebKit ? 1000 : 0))).to.have.length(100);
      expect(microphone.calls).to.equal(100);
      expect(microphone.liveTracks()).to.have.length(0);
      expect(contexts.length, 'AudioContexts created').to.be.at.most(1);
      expect(created.filter((url) => !revoked.includes(url))).to.deep.equal([]);
      expect(intervals.size, 'intervals left running').to.equal(0);
      expect(pagehideListeners, 'pagehide listeners left').to.equal(0);
    } finally {
      window.AudioContext = RealAudioContext;
      URL.createObjectURL = createObjectURL;
      URL.revokeObjectURL = revokeObjectURL;
      window.setInterval = realSetInterval;
      window.clearInterval = realClearInterval;
      window.addEventListener = realAdd;
      window.removeEventListener = realRemove;
    }
  });

  describe('bad input', () => {
    let warnings: string[];
    let realWarn: typeof console.warn;
    beforeEach(() => {
      warnings = [];
      realWarn = console.warn;
      console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    });
    afterEach(() => {
      console.warn = realWarn;
    });

    it('ignores non-numeric and negative numbers with one warning each, and still records', async () => {
      const el = await recorderFixture(
        html`<media-recorder-button timeslice="soon" max-duration="-5" audio-bits-per-second="0"></media-recorder-button>`,
      );
      let chunks = 0;
      el.addEventListener('dataavailable', () => chunks++);
      // Warned about when a recording starts (the code that checks them loads with the recording code).
      await el.start();
      expect(warnings.filter((w) => w.includes('timeslice="soon"'))).to.have.length(1);
      expect(warnings.filter((w) => w.includes('max-duration="-5"'))).to.have.length(1);
      expect(warnings.filter((w) => w.includes('audio-bits-per-second="0"'))).to.have.length(1);
      await sleep(500);
      const blob = await el.stop();
      expect(blob!.size).to.be.greaterThan(0);
      expect(chunks, 'no timeslice: one chunk at the end').to.equal(1);
    });

    it('takes 0 for no number: timeslice="0" is ignored with a warning, max-duration="0" does not stop at once', async () => {
      const el = await recorderFixture(html`<media-recorder-button timeslice="0" max-duration="0"></media-recorder-button>`);
      let chunks = 0;
      el.addEventListener('dataavailable', () => chunks++);
      const stopped = nextEvent(el, 'stop');
      await el.start(); // the numbers are checked, and warned about, when a recording starts
      expect(warnings.filter((w) => w.includes('timeslice="0"'))).to.have.length(1);
      expect(warnings.filter((w) => w.includes('max-duration="0"'))).to.have.length(1);
      await sleep(1200);
      expect(el.state, 'still recording after 1.2 s').to.equal('recording');
      await el.stop();
      const { detail } = await stopped;
      expect(detail.reason).to.equal('user');
      expect(detail.duration).to.be.greaterThan(1);
      expect(chunks, 'no timeslice: one chunk at the end').to.equal(1);
    });

    it('records the best supported type for an unknown mime-type, with one warning', async () => {
      const el = await recorderFixture(html`<media-recorder-button mime-type="audio/x-unknown"></media-recorder-button>`);
      const started = nextEvent(el, 'start');
      await el.start();
      const { mimeType } = (await started).detail;
      expect(mimeType).to.match(/^audio\/(webm|ogg|mp4)/);
      const blob = await el.stop();
      expect(blob!.type).to.equal(mimeType);
      expect(warnings.filter((w) => w.includes('audio/x-unknown'))).to.have.length(1);
    });

    it('treats start() while recording and stop()/pause()/resume()/requestData() out of turn as no-ops', async function () {
      const el = await recorderFixture();
      el.resume();
      el.requestData();
      await el.start();
      await el.start();
      el.resume();
      expect(el.state).to.equal('recording');
      expect(microphone.calls).to.equal(1);
      el.pause();
      el.pause();
      expect(el.state).to.equal('paused');
      const blob = await el.stop();
      expect(await el.stop()).to.be.null;
      el.pause();
      el.requestData();
      expect(blob!.size).to.be.greaterThan(0);
      expect(el.state).to.equal('inactive');
    });
  });
});
