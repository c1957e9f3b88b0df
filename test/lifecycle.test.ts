import { expect, fixture, html } from '@open-wc/testing';
import type { MediaRecorderButton } from '../src/index.js';
import { countAnimationFrames, inWebKit, nextEvent, recorderFixture, sleep, spyOnGetUserMedia, stubGetUserMedia, until } from './helpers.js';

describe('lifecycle', () => {
  it('finalizes with reason "disconnected" when removed mid-recording, and releases the microphone', async () => {
    const microphone = spyOnGetUserMedia();
    try {
      const el = await recorderFixture();
      await el.start();
      await sleep(600);
      const stopped = nextEvent(el, 'stop');
      el.remove();
      const { detail } = await stopped;
      expect(detail.reason).to.equal('disconnected');
      expect(detail.blob.size).to.be.greaterThan(0);
      expect(microphone.liveTracks()).to.have.length(0);
    } finally {
      microphone.restore();
    }
  });

  it('keeps recording when moved within the document', async () => {
    const page = await fixture<HTMLDivElement>(html`
      <div>
        <section id="a"><media-recorder-button></media-recorder-button></section>
        <section id="b"></section>
      </div>
    `);
    const el = page.querySelector('media-recorder-button')!;
    let stops = 0;
    el.addEventListener('stop', () => stops++);
    await el.start();
    page.querySelector('#b')!.append(el);
    page.querySelector('#a')!.append(el);
    const frames = countAnimationFrames();
    try {
      // The waveform goes on after the move (frames come slowly on a busy machine).
      await until(() => frames.count > 3, 10000);
    } finally {
      frames.restore();
    }
    expect(stops).to.equal(0);
    expect(el.state).to.equal('recording');
    expect(el.stream!.getAudioTracks()[0].readyState).to.equal('live');
    await el.stop();
    expect(stops).to.equal(1);
  });

  it('cancels while acquiring: no start, no stop, and the late stream is released', async () => {
    let deliver!: () => void;
    const late: MediaStream[] = [];
    const stub = stubGetUserMedia(async (constraints) => {
      await new Promise<void>((resolve) => (deliver = resolve));
      const stream = await stub.real(constraints);
      late.push(stream);
      return stream;
    });
    try {
      const el = await recorderFixture();
      const events: string[] = [];
      for (const type of ['start', 'stop', 'error']) el.addEventListener(type, () => events.push(type));
      el.recording = true;
      await el.updateComplete;
      expect(el.getAttribute('state')).to.equal('acquiring');
      expect(el.hasAttribute('recording')).to.be.true;
      await until(() => deliver !== undefined); // the microphone is being asked for

      el.removeAttribute('recording');
      await el.updateComplete;
      expect(el.getAttribute('state')).to.equal('inactive');
      deliver();
      // The real microphone answers late on a busy machine: wait for its stream, then stopped.
      await until(() => late.length === 1 && late[0].getTracks().every((track) => track.readyState === 'ended'), 10000);
      await sleep(300); // time for a wrong event to come
      expect(late).to.have.length(1);
      expect(events).to.deep.equal([]);
      expect(el.state).to.equal('inactive');
    } finally {
      stub.restore();
    }
  });

  it('resolves start() without starting when stop() cancels it, and stop() with null', async () => {
    let deliver!: () => void;
    const stub = stubGetUserMedia(async (constraints) => {
      await new Promise<void>((resolve) => (deliver = resolve));
      return stub.real(constraints);
    });
    try {
      const el = await recorderFixture();
      const starting = el.start();
      await sleep(20); // the microphone has been requested and its answer is pending
      expect(await el.stop()).to.be.null;
      deliver();
      await starting;
      expect(el.state).to.equal('inactive');
    } finally {
      stub.restore();
    }
  });

  it('asks for the microphone once however often it is asked to start while the prompt is open', async () => {
    let calls = 0;
    let deliver!: () => void;
    const granted: MediaStream[] = [];
    const stub = stubGetUserMedia(async (constraints) => {
      calls++;
      await new Promise<void>((resolve) => (deliver = resolve));
      const stream = await stub.real(constraints);
      granted.push(stream);
      return stream;
    });
    try {
      const el = await recorderFixture();
      const first = el.start();
      el.recording = true;
      const second = el.start();
      await sleep(20); // the prompt is open
      el.setAttribute('recording', '');
      const third = el.start();
      el.shadowRoot!.querySelector('button')!.click(); // a click while acquiring means stop
      deliver();
      await Promise.all([first, second, third]);
      await sleep(100);
      expect(calls).to.equal(1);
      expect(el.state).to.equal('inactive');
      expect(granted[0].getTracks().every((track) => track.readyState === 'ended')).to.be.true;
    } finally {
      stub.restore();
    }
  });

  it('does not ask for the microphone at all when cancelled in the same task', async () => {
    const microphone = spyOnGetUserMedia();
    try {
      const el = await recorderFixture();
      el.recording = true;
      el.recording = false;
      await sleep(50);
      expect(microphone.calls).to.equal(0);
      expect(el.state).to.equal('inactive');
    } finally {
      microphone.restore();
    }
  });

  it('records with the settings given after the recording attribute in the same markup', async () => {
    // WebKit's recorder ignores timeslice: it hands over its header after about 0.25 s, then one
    // fragment a second at best. A take there is long enough for more than two chunks.
    const recordMs = inWebKit ? 2300 : 500;
    const microphone = spyOnGetUserMedia();
    const container = document.createElement('div');
    try {
      const [input] = await (await import('../src/element.js')).MediaRecorderButton.getAudioInputs({ labels: true });
      document.body.append(container);
      container.innerHTML = `<media-recorder-button recording device-id="${input.deviceId}" timeslice="100"></media-recorder-button>`;
      const el = container.firstElementChild as MediaRecorderButton;
      let chunks = 0;
      el.addEventListener('dataavailable', () => chunks++);
      await nextEvent(el, 'start');
      await sleep(recordMs);
      await el.stop();
      expect(microphone.constraints.at(-1)).to.deep.equal({ audio: { deviceId: { exact: input.deviceId } } });
      expect(chunks).to.be.greaterThan(2);
    } finally {
      container.remove();
      microphone.restore();
    }
  });

  it('resolves stop() with null when the recording produced no data, reports it, and keeps the last recording', async () => {
    const el = await recorderFixture();
    await el.start();
    await sleep(300);
    const first = await el.stop();
    expect(first!.size).to.be.greaterThan(0);
    // The recorder hands over nothing this time.
    const realAdd = MediaRecorder.prototype.addEventListener;
    MediaRecorder.prototype.addEventListener = function (this: MediaRecorder, type: string, ...rest: unknown[]) {
      if (type === 'dataavailable') return;
      return (realAdd as (...args: unknown[]) => void).call(this, type, ...rest);
    } as typeof MediaRecorder.prototype.addEventListener;
    try {
      await el.start();
      await sleep(300);
      const events: Event[] = [];
      el.addEventListener('error', (event) => events.push(event));
      el.addEventListener('stop', (event) => events.push(event));
      el.addEventListener('change', (event) => events.push(event));
      expect(await el.stop()).to.be.null;
      await sleep(50);
      expect(events.map(({ type }) => type), 'an error, then the stop event, and no change: the element holds what it held').to.deep.equal(['error', 'stop']);
      const { error } = (events[0] as CustomEvent<{ error: DOMException }>).detail;
      expect(error.name).to.equal('UnknownError');
      expect(error.message).to.match(/^Nothing was recorded/);
      const { detail } = events[1] as CustomEvent<{ blob: Blob }>;
      expect(detail.blob.size, 'the stop event still comes, with an empty Blob').to.equal(0);
      expect(el.blob).to.equal(first);
    } finally {
      MediaRecorder.prototype.addEventListener = realAdd;
    }
  });

  it('is a no-op to pause, resume, stop or request data while idle', async () => {
    const el = await recorderFixture();
    el.pause();
    el.resume();
    el.requestData();
    expect(await el.stop()).to.be.null;
    el.paused = true;
    await el.updateComplete;
    expect(el.hasAttribute('paused')).to.be.false;
    expect(el.state).to.equal('inactive');
  });

  it('ignores writes to the read-only state property', async () => {
    const el = await recorderFixture();
    (el as unknown as { state: string }).state = 'recording';
    await el.updateComplete;
    expect(el.state).to.equal('inactive');
    expect(el.getAttribute('state')).to.equal('inactive');
  });

  it('can be registered under another name from the class-only module', async () => {
    const { MediaRecorderButton } = await import('../src/element.js');
    customElements.define('my-recorder', class extends MediaRecorderButton {});
    const el = document.createElement('my-recorder') as MediaRecorderButton;
    document.body.append(el);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=button]')).to.exist;
    el.remove();
  });
});

describe('errors', () => {
  const unhandled: PromiseRejectionEvent[] = [];
  const onUnhandled = (event: PromiseRejectionEvent) => unhandled.push(event);
  beforeEach(() => {
    unhandled.length = 0;
    window.addEventListener('unhandledrejection', onUnhandled);
  });
  afterEach(() => window.removeEventListener('unhandledrejection', onUnhandled));

  async function expectFailure(el: MediaRecorderButton, name: string, messagePattern: RegExp) {
    const failed = nextEvent(el, 'error');
    let rejection: unknown;
    await el.start().catch((error) => (rejection = error));
    const event = await failed;
    expect(event.bubbles).to.be.false;
    expect(event.composed).to.be.true;
    expect(event.detail.error.name).to.equal(name);
    expect(event.detail.error.message).to.match(messagePattern);
    expect(rejection).to.equal(event.detail.error);
    await el.updateComplete;
    expect(el.state).to.equal('inactive');
    expect(el.hasAttribute('recording')).to.be.false;
  }

  for (const [name, pattern] of [
    ['NotFoundError', /No microphone was found/],
    ['NotReadableError', /another application/],
    ['OverconstrainedError', /device-id/],
  ] as const) {
    it(`reports ${name} with what to do`, async () => {
      const stub = stubGetUserMedia(() => Promise.reject(new DOMException('platform message', name)));
      try {
        await expectFailure(await recorderFixture(), name, pattern);
      } finally {
        stub.restore();
      }
    });
  }

  it('reports NotSupportedError when navigator.mediaDevices is missing (insecure context)', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(Navigator.prototype, 'mediaDevices')!;
    Object.defineProperty(Navigator.prototype, 'mediaDevices', { configurable: true, get: () => undefined });
    try {
      await expectFailure(await recorderFixture(), 'NotSupportedError', /https/);
    } finally {
      Object.defineProperty(Navigator.prototype, 'mediaDevices', descriptor);
    }
  });

  it('lets no rejection reach the page when recording is started by attribute or click', async () => {
    const stub = stubGetUserMedia(() => Promise.reject(new DOMException('busy', 'NotReadableError')));
    try {
      const el = await recorderFixture();
      const errors: string[] = [];
      el.addEventListener('error', (event) => errors.push(event.detail.error.name));
      el.setAttribute('recording', '');
      await until(() => errors.length === 1, 10000);
      el.shadowRoot!.querySelector('button')!.click();
      await until(() => errors.length === 2, 10000);
      await sleep(100); // time for a rejection to reach the page
      expect(errors).to.deep.equal(['NotReadableError', 'NotReadableError']);
      expect(unhandled).to.have.length(0);
      expect(el.hasAttribute('recording')).to.be.false;
    } finally {
      stub.restore();
    }
  });
});
