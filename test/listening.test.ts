// Listening to the microphone while recording, with each engine's fake microphone: warnings,
// changing microphone within one recording, and what is refused.
import { expect, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { WarningEventDetail } from '../src/events.js';
import type { MediaRecorderButton } from '../src/index.js';
import { decodedDuration, ffprobe, inFirefox, inWebKit, nextEvent, recorderFixture, sleep, spyOnGetUserMedia, until } from './helpers.js';

type Microphone = ReturnType<typeof spyOnGetUserMedia>;

/** The fake microphones, without the aliases (`default`) some browsers list besides them. */
async function fakeMicrophones(): Promise<MediaDeviceInfo[]> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices.filter((device) => device.kind === 'audioinput' && device.deviceId !== 'default' && device.deviceId !== 'communications');
}

function collectWarnings(el: MediaRecorderButton): WarningEventDetail[] {
  const warnings: WarningEventDetail[] = [];
  el.addEventListener('warning', (event) => warnings.push(event.detail));
  return warnings;
}

const messagePart = (el: MediaRecorderButton) => el.shadowRoot!.querySelector('[part=message]') as HTMLElement;

/** Counts the streams MediaRecorder is made with, until `restore()`. */
function spyOnMediaRecorder() {
  const Original = window.MediaRecorder;
  const streams: MediaStream[] = [];
  window.MediaRecorder = class extends Original {
    constructor(stream: MediaStream, options?: MediaRecorderOptions) {
      super(stream, options);
      streams.push(stream);
    }
  };
  return { streams, restore: () => (window.MediaRecorder = Original) };
}

describe('listening to the microphone', () => {
  let microphone: Microphone;
  let warn: typeof console.warn;
  let warned: string[];

  beforeEach(async () => {
    // Labels and every device ID: once the page has had the microphone.
    (await navigator.mediaDevices.getUserMedia({ audio: true })).getTracks().forEach((track) => track.stop());
    microphone = spyOnGetUserMedia();
    warn = console.warn;
    warned = [];
    console.warn = (...args: unknown[]) => void warned.push(args.join(' '));
  });

  afterEach(() => {
    console.warn = warn;
    microphone.restore();
  });

  it('says nothing of a working microphone', async () => {
    const el = await recorderFixture();
    const warnings = collectWarnings(el);
    await el.start();
    await sleep(3600);
    await el.stop();
    expect(warnings).to.deep.equal([]);
    expect(messagePart(el).hidden).to.be.true;
  });

  it('warns muted when the system mutes the microphone, once until it is unmuted, and shows it while it lasts', async function () {
    const el = await recorderFixture();
    const warnings = collectWarnings(el);
    await el.start();
    const track = el.stream!.getAudioTracks()[0];
    let muted = false;
    Object.defineProperty(track, 'muted', { configurable: true, get: () => muted });
    const setMuted = (value: boolean) => {
      muted = value;
      track.dispatchEvent(new Event(value ? 'mute' : 'unmute'));
    };
    setMuted(true);
    // Firefox does not pass events that the page dispatches on a track to its listeners.
    if (inFirefox && warnings.length === 0) {
      await el.stop();
      this.skip();
    }
    setMuted(true);
    expect(warnings.map((warning) => warning.code)).to.deep.equal(['muted']);
    expect(warnings[0].message).to.match(/muted/);
    await el.updateComplete;
    expect(messagePart(el).hidden).to.be.false;
    expect(messagePart(el).textContent).to.include(warnings[0].message);
    expect(el.shadowRoot!.querySelector('[role=status]')!.textContent).to.include(warnings[0].message);
    setMuted(false);
    await el.updateComplete;
    expect(messagePart(el).hidden, 'hidden once unmuted').to.be.true;
    setMuted(true);
    expect(warnings.map((warning) => warning.code), 'said again after it cleared').to.deep.equal(['muted', 'muted']);
    expect(el.state).to.equal('recording');
    delete (track as { muted?: unknown }).muted;
    await el.stop();
  });

  it('warns muted after start when the microphone is muted from the start', async () => {
    const getUserMedia = navigator.mediaDevices.getUserMedia;
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await getUserMedia.call(navigator.mediaDevices, constraints);
      for (const track of stream.getAudioTracks()) Object.defineProperty(track, 'muted', { configurable: true, get: () => true });
      return stream;
    };
    try {
      const el = await recorderFixture();
      const events: string[] = [];
      el.addEventListener('start', () => events.push('start'));
      el.addEventListener('warning', (event) => events.push(event.detail.code));
      await el.start();
      await until(() => events.length === 2, 3000);
      expect(events).to.deep.equal(['start', 'muted']);
      await el.stop();
    } finally {
      navigator.mediaDevices.getUserMedia = getUserMedia;
    }
  });

  it('records the microphone itself when there is no other to change to', async () => {
    const enumerate = navigator.mediaDevices.enumerateDevices;
    const only = (await enumerate.call(navigator.mediaDevices)).filter((device) => device.kind === 'audioinput').slice(0, 1);
    navigator.mediaDevices.enumerateDevices = async () => only;
    const recorders = spyOnMediaRecorder();
    try {
      const el = await recorderFixture();
      await el.start();
      expect(recorders.streams).to.have.length(1);
      expect(recorders.streams[0].getAudioTracks()[0]).to.equal(el.stream!.getAudioTracks()[0]);
      await el.stop();
    } finally {
      recorders.restore();
      navigator.mediaDevices.enumerateDevices = enumerate;
    }
  });

  it('warns (console) of bad stop-after-silence and silence-threshold, and records anyway', async () => {
    for (const [name, value] of [
      ['stop-after-silence', '0'],
      ['stop-after-silence', 'soon'],
      ['silence-threshold', '3'],
      ['silence-threshold', 'quiet'],
    ]) {
      const el = await recorderFixture();
      el.setAttribute(name, value);
      await el.start();
      await el.stop();
      expect(warned.some((message) => message.includes(`${name}="${value}"`)), `${name}="${value}" warned`).to.be.true;
    }
    expect(warned.filter((message) => message.includes('silence-threshold')).every((message) => message.includes('-50'))).to.be.true;
  });

  describe('with more than one microphone', () => {
    let others: MediaDeviceInfo[];

    beforeEach(async function () {
      others = await fakeMicrophones();
      if (others.length < 2) this.skip(); // Firefox's and WebKit's fake devices are one microphone
    });

    it('changes microphone within the recording when device-id changes: one start, one stop, one file of the whole time', async () => {
      const el = await recorderFixture(html`<media-recorder-button timeslice="500"></media-recorder-button>`);
      const events: string[] = [];
      for (const type of ['start', 'stop', 'error'] as const) el.addEventListener(type, () => events.push(type));
      const first = el.stream;
      await el.start();
      const before = el.stream!.getAudioTracks()[0];
      await sleep(1500);
      el.deviceId = others[1].deviceId;
      await until(() => el.stream!.getAudioTracks()[0] !== before, 5000);
      expect(first).to.equal(null);
      expect(el.stream!.getAudioTracks()[0].getSettings().deviceId).to.equal(others[1].deviceId);
      expect(before.readyState, 'the microphone left is let go').to.equal('ended');
      await sleep(1500);
      const stopped = nextEvent(el, 'stop');
      await el.stop();
      const { detail } = await stopped;
      expect(events).to.deep.equal(['start', 'stop']);
      expect(detail.reason).to.equal('user');
      expect(await decodedDuration(detail.blob)).to.be.within(detail.duration - 0.35, detail.duration + 0.35);
      expect(detail.duration).to.be.greaterThan(2.9);
      // Read apart from the browser: one clean file.
      const probe = await ffprobe(detail.blob, 'switched.webm');
      expect(probe.errors).to.equal('');
      expect(Number(probe.format.duration)).to.be.closeTo(detail.duration, 0.35);
      expect(microphone.liveTracks(), 'every microphone released').to.have.length(0);
    });

    it('goes on with another microphone when the one recorded goes away (device-lost)', async () => {
      const el = await recorderFixture();
      const warnings = collectWarnings(el);
      await el.start();
      await sleep(800);
      const track = el.stream!.getAudioTracks()[0];
      Object.defineProperty(track, 'readyState', { configurable: true, get: () => 'ended' });
      track.dispatchEvent(new Event('ended'));
      await until(() => warnings.length > 0, 5000);
      expect(warnings[0].code).to.equal('device-lost');
      expect(warnings[0].message).to.match(/went away/);
      expect(el.state).to.equal('recording');
      expect(el.stream!.getAudioTracks()[0]).not.to.equal(track);
      await el.updateComplete;
      expect(messagePart(el).textContent).to.include(warnings[0].message);
      await sleep(800);
      const stopped = nextEvent(el, 'stop');
      await el.stop();
      const { detail } = await stopped;
      expect(detail.reason).to.equal('user');
      expect(await decodedDuration(detail.blob)).to.be.greaterThan(1.2);
      delete (track as { readyState?: unknown }).readyState;
    });

    it('ends with source-ended when no other microphone can be opened', async () => {
      const el = await recorderFixture();
      await el.start();
      await sleep(500);
      const track = el.stream!.getAudioTracks()[0];
      const getUserMedia = navigator.mediaDevices.getUserMedia;
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Gone', 'NotFoundError'));
      try {
        const stopped = nextEvent(el, 'stop');
        Object.defineProperty(track, 'readyState', { configurable: true, get: () => 'ended' });
        track.dispatchEvent(new Event('ended'));
        expect((await stopped).detail.reason).to.equal('source-ended');
      } finally {
        navigator.mediaDevices.getUserMedia = getUserMedia;
        delete (track as { readyState?: unknown }).readyState;
      }
    });

    it('goes on with the microphone it has when device-id names none', async () => {
      const el = await recorderFixture();
      const stops: string[] = [];
      el.addEventListener('stop', (event) => stops.push(event.detail.reason));
      await el.start();
      const before = el.stream!.getAudioTracks()[0];
      el.deviceId = 'no-such-microphone';
      await until(() => warned.some((message) => message.includes('device-id="no-such-microphone"')), 5000);
      expect(el.state).to.equal('recording');
      expect(el.stream!.getAudioTracks()[0]).to.equal(before);
      expect(before.readyState).to.equal('live');
      await el.stop();
      expect(stops).to.deep.equal(['user']);
    });
  });

  it('reads the level on a timer while the page is in front, and on the audio clock while it is hidden', async function () {
    // Hidden, timers are slowed to once a second (once a minute after five minutes): source nodes'
    // `ended` on the audio clock take over. Where the browser cannot be put behind another tab, skip.
    const makeSource = AudioContext.prototype.createConstantSource;
    const made = { visible: 0, hidden: 0 };
    AudioContext.prototype.createConstantSource = function (this: AudioContext) {
      made[document.visibilityState === 'hidden' ? 'hidden' : 'visible']++;
      return makeSource.call(this);
    };
    const el = await recorderFixture(html`<media-recorder-button stop-after-silence="30"></media-recorder-button>`);
    try {
      await el.start();
      await sleep(1000);
      expect(made.visible, 'no source node while in front').to.equal(0);
      if (!(await executeServerCommand('hide-page'))) this.skip();
      try {
        await until(() => document.visibilityState === 'hidden', 5000);
        await until(() => made.hidden >= 5, 10_000);
      } finally {
        await executeServerCommand('show-page');
      }
      expect(el.state, 'still recording').to.equal('recording');
    } finally {
      AudioContext.prototype.createConstantSource = makeSource;
      await el.stop();
    }
  });

  it('ends with source-ended when the page stops the microphone itself', async () => {
    const el = await recorderFixture();
    await el.start();
    await sleep(inWebKit ? 1500 : 500);
    const stopped = nextEvent(el, 'stop');
    el.stream!.getTracks().forEach((track) => track.stop());
    expect((await stopped).detail.reason).to.equal('source-ended');
    expect(microphone.liveTracks()).to.have.length(0);
  });
});
