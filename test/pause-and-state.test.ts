import { expect, html } from '@open-wc/testing';
import type { MediaRecorderButton } from '../src/index.js';
import { expectDecodedLength, nextEvent, recorderFixture, sleep, spyOnGetUserMedia } from './helpers.js';

/** Records the type of every event of the contract that reaches `target`, in order, until `stop()`. */
function eventLog(target: EventTarget) {
  const types = ['start', 'pause', 'resume', 'dataavailable', 'stop', 'error'];
  const log: string[] = [];
  const listener = (event: Event) => log.push(event.type);
  for (const type of types) target.addEventListener(type, listener);
  return { log, stop: () => types.forEach((type) => target.removeEventListener(type, listener)) };
}

async function pauseFor(el: MediaRecorderButton, ms: number) {
  const paused = nextEvent(el, 'pause');
  el.pause();
  await paused;
  await sleep(ms);
}

describe('pause, resume and the state', () => {
  let microphone: ReturnType<typeof spyOnGetUserMedia>;
  beforeEach(() => {
    microphone = spyOnGetUserMedia();
  });
  afterEach(() => microphone.restore());

  it('fires pause and resume as bubbling, composed events with an empty detail, between start and stop', async () => {
    const el = await recorderFixture();
    const seenByDocument = eventLog(document);
    const received: CustomEvent[] = [];
    const keep = (event: Event) => received.push(event as CustomEvent);
    document.addEventListener('pause', keep);
    document.addEventListener('resume', keep);
    try {
      await el.start();
      await sleep(300);
      await pauseFor(el, 200);
      el.resume();
      await sleep(300);
      await el.stop();
    } finally {
      seenByDocument.stop();
      document.removeEventListener('pause', keep);
      document.removeEventListener('resume', keep);
    }
    expect(received.map((event) => event.type)).to.deep.equal(['pause', 'resume']);
    for (const event of received) {
      expect(event.bubbles, `${event.type} bubbles`).to.be.true;
      expect(event.composed, `${event.type} is composed`).to.be.true;
      expect(event.detail, `${event.type} detail`).to.deep.equal({});
    }
    const { log } = seenByDocument;
    expect(log.filter((type) => type !== 'dataavailable')).to.deep.equal(['start', 'pause', 'resume', 'stop']);
    expect(log.lastIndexOf('dataavailable'), 'every chunk before stop').to.be.lessThan(log.indexOf('stop'));
  });

  it('does not count the time while paused: the live duration stands still, and a recording stopped while paused excludes it', async () => {
    const el = await recorderFixture();
    await el.start();
    await sleep(600);
    await pauseFor(el, 50);
    const atPause = el.duration;
    await sleep(700);
    expect(el.duration, 'duration while paused').to.equal(atPause);
    expect(el.state).to.equal('paused');
    const stopped = nextEvent(el, 'stop');
    await el.stop();
    const { detail } = await stopped;
    expect(detail.duration).to.be.at.least(0.6);
    expect(detail.duration).to.equal(atPause);
    expect(el.duration).to.equal(atPause);
  });

  it('shows recorded time in the readout: it stands still while paused and goes on from there', async () => {
    const el = await recorderFixture();
    const time = el.shadowRoot!.querySelector('[part=time]')!;
    const readout = (seconds: number) => `00:${String(Math.floor(seconds)).padStart(2, '0')}`;
    await el.start();
    await sleep(1300);
    await pauseFor(el, 0);
    await el.updateComplete;
    const atPause = time.textContent;
    expect(atPause).to.equal(readout(el.duration));
    await sleep(1200);
    await el.updateComplete;
    expect(time.textContent, 'while paused').to.equal(atPause);
    el.resume();
    await sleep(1100);
    await pauseFor(el, 0);
    await el.updateComplete;
    expect(el.duration).to.be.at.least(2);
    expect(time.textContent).to.equal(readout(el.duration));
    await el.stop();
  });

  it('stamps chunks with recorded time, so a chunk after a pause does not count the pause', async () => {
    const el = await recorderFixture(html`<media-recorder-button timeslice="200"></media-recorder-button>`);
    const timecodes: number[] = [];
    el.addEventListener('dataavailable', (event) => timecodes.push(event.detail.timecode));
    await el.start();
    await sleep(500);
    await pauseFor(el, 1200);
    const before = timecodes.length;
    el.resume();
    await sleep(500);
    const stopped = nextEvent(el, 'stop');
    await el.stop();
    const { detail } = await stopped;
    expect(timecodes.length).to.be.greaterThan(before);
    expect(timecodes[0]).to.equal(0);
    expect(timecodes, 'in order').to.deep.equal([...timecodes].sort((a, b) => a - b));
    // Counting the 1.2 s pause would put the last ones past the recorded length.
    // (Seconds back to milliseconds: a float may come back a hair under the whole millisecond.)
    expect(timecodes.at(-1)).to.be.at.most(Math.round(detail.duration * 1e6) / 1e3);
    expect(detail.duration).to.be.at.least(0.9);
  });

  it('counts only recorded time towards max-duration', async () => {
    const el = await recorderFixture(html`<media-recorder-button max-duration="1"></media-recorder-button>`);
    const stopped = nextEvent(el, 'stop');
    await el.start();
    await sleep(500);
    await pauseFor(el, 1000);
    expect(el.state, 'still paused past max-duration of wall time').to.equal('paused');
    el.resume();
    const { detail } = await stopped;
    expect(detail.reason).to.equal('max-duration');
    // A timer: it may fire late on a busy machine, never early.
    expect(detail.duration).to.be.within(0.95, 2);
  });

  it('is stopping, and says so in the state attribute, until the final data is in', async () => {
    const el = await recorderFixture();
    await el.start();
    await sleep(300);
    const stopped = nextEvent(el, 'stop');
    const done = el.stop();
    expect(el.state).to.equal('stopping');
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('stopping');
    await done;
    await stopped;
    await el.updateComplete;
    expect(el.state).to.equal('inactive');
    expect(el.getAttribute('state')).to.equal('inactive');
  });

  it('keeps blob, stream and duration read-only', async () => {
    const el = await recorderFixture();
    await el.start();
    await sleep(300);
    const stream = el.stream;
    const writable = el as unknown as Record<'blob' | 'stream' | 'duration', unknown>;
    expect(() => (writable.stream = null)).to.throw(TypeError);
    expect(() => (writable.duration = 42)).to.throw(TypeError);
    expect(el.stream).to.equal(stream);
    const blob = await el.stop();
    expect(() => (writable.blob = new Blob(['x']))).to.throw(TypeError);
    expect(el.blob).to.equal(blob);
    expect(el.duration).to.not.equal(42);
  });

  it('goes on recording when disabled mid-recording, and can still be stopped from code', async () => {
    const el = await recorderFixture();
    await el.start();
    await sleep(300);
    el.disabled = true;
    await el.updateComplete;
    await sleep(500);
    expect(el.state).to.equal('recording');
    expect(el.hasAttribute('recording')).to.be.true;
    const stopped = nextEvent(el, 'stop');
    await el.stop();
    const { detail } = await stopped;
    expect(detail.reason).to.equal('user');
    expect(detail.duration).to.be.greaterThan(0.7);
    // Everything from start to stop is delivered, not only what came before `disabled`.
    await expectDecodedLength(detail.blob, detail.duration);
  });
});

describe('mime-type preference', () => {
  it('records in a supported type that is not the default when asked to', async function () {
    const el = await recorderFixture();
    const started = nextEvent(el, 'start');
    await el.start();
    const defaultType = (await started).detail.mimeType;
    await el.stop();
    const container = (type: string) => type.split(';')[0].trim();
    const wanted = ['audio/mp4', 'audio/ogg;codecs=opus', 'audio/webm;codecs=opus'].find(
      (type) => MediaRecorder.isTypeSupported(type) && container(type) !== container(defaultType),
    );
    // WebKit records MP4 only: there is no other type to ask for.
    if (!wanted) this.skip();

    el.mimeType = wanted!;
    const startedAgain = nextEvent(el, 'start');
    await el.start();
    expect((await startedAgain).detail.mimeType.startsWith(container(wanted!))).to.be.true;
    await sleep(300);
    const stopped = nextEvent(el, 'stop');
    await el.stop();
    const { detail } = await stopped;
    expect(container(detail.mimeType)).to.equal(container(wanted!));
    expect(container(detail.blob.type)).to.equal(container(wanted!));
  });
});
