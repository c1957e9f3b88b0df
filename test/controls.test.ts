import { expect, html } from '@open-wc/testing';
import { MediaRecorderButton } from '../src/index.js';
import { decodedDuration, expectDecodedLength, recorderFixture, sleep, spyOnGetUserMedia } from './helpers.js';

describe('recording controls', () => {
  let microphone: ReturnType<typeof spyOnGetUserMedia>;
  beforeEach(() => {
    microphone = spyOnGetUserMedia();
  });
  afterEach(() => microphone.restore());

  async function recordFor(el: MediaRecorderButton, ms: number) {
    await el.start();
    await sleep(ms);
    return (await el.stop())!;
  }

  it('lists the audio inputs, asking for the microphone only when labels are wanted', async () => {
    const inputs = await MediaRecorderButton.getAudioInputs();
    expect(inputs.length).to.be.greaterThan(0);
    expect(inputs.every((input) => input.kind === 'audioinput')).to.be.true;
    const labelled = await MediaRecorderButton.getAudioInputs({ labels: true });
    expect(labelled.every((input) => input.label.length > 0)).to.be.true;
    expect(microphone.calls).to.be.at.most(1);
    expect(microphone.liveTracks()).to.have.length(0);
  });

  it('records from the device-id in force when each recording starts', async () => {
    const [input] = await MediaRecorderButton.getAudioInputs({ labels: true });
    const el = await recorderFixture();
    el.deviceId = input.deviceId;
    const blob = await recordFor(el, 300);
    expect(blob.size).to.be.greaterThan(0);
    expect(microphone.constraints.at(-1)).to.deep.equal({ audio: { deviceId: { exact: input.deviceId } } });
    el.deviceId = '';
    await recordFor(el, 100);
    expect(microphone.constraints.at(-1)).to.deep.equal({ audio: true });
  });

  it('maps echo-cancellation, noise-suppression and auto-gain-control to constraints, else leaves the defaults', async () => {
    const el = await recorderFixture(
      html`<media-recorder-button echo-cancellation="false" noise-suppression auto-gain-control="false"></media-recorder-button>`,
    );
    expect(el.echoCancellation).to.be.false;
    expect(el.noiseSuppression).to.be.true;
    await el.start();
    const settings = el.stream!.getAudioTracks()[0].getSettings();
    await el.stop();
    expect(microphone.constraints[0]).to.deep.equal({
      audio: { echoCancellation: false, noiseSuppression: true, autoGainControl: false },
    });
    if ('echoCancellation' in settings) expect(settings.echoCancellation).to.be.false;
  });

  it('leaves echo-cancellation, noise-suppression and auto-gain-control to the browser when absent, true when present, false with "false"', async () => {
    const names = ['echoCancellation', 'noiseSuppression', 'autoGainControl'] as const;
    /** The settings the browser gives a track asked for with `audio` (a fake device may not honour every constraint). */
    const settingsFor = async (audio: MediaTrackConstraints | true) => {
      const stream = await navigator.mediaDevices.getUserMedia({ audio });
      const settings = stream.getAudioTracks()[0].getSettings();
      stream.getTracks().forEach((track) => track.stop());
      return settings;
    };
    const cases = [
      { markup: html`<media-recorder-button></media-recorder-button>`, expected: undefined },
      { markup: html`<media-recorder-button echo-cancellation noise-suppression auto-gain-control></media-recorder-button>`, expected: true },
      {
        markup: html`<media-recorder-button echo-cancellation="false" noise-suppression="false" auto-gain-control="false"></media-recorder-button>`,
        expected: false,
      },
    ];
    for (const { markup, expected } of cases) {
      const el = await recorderFixture(markup);
      const before = microphone.constraints.length;
      await el.start();
      const settings = el.stream!.getAudioTracks()[0].getSettings();
      await el.stop();
      const audio = microphone.constraints[before]!.audio;
      const reference = await settingsFor(expected === undefined ? true : Object.fromEntries(names.map((name) => [name, expected])));
      for (const name of names) {
        const label = `${name} with ${expected === undefined ? 'the attribute absent' : `the attribute ${expected}`}`;
        expect(el[name], label).to.equal(expected);
        if (expected === undefined) {
          expect(audio === true || !(name in (audio as MediaTrackConstraints)), `${label}: no constraint`).to.be.true;
        } else {
          expect((audio as MediaTrackConstraints)[name], `${label}: constraint`).to.equal(expected);
        }
        if (name in reference) expect(settings[name], `${label}: track setting`).to.equal(reference[name]);
      }
    }
  });

  it('passes audio-bits-per-second to the encoder', async () => {
    const low = await recorderFixture(html`<media-recorder-button audio-bits-per-second="6000"></media-recorder-button>`);
    const high = await recorderFixture(html`<media-recorder-button audio-bits-per-second="256000"></media-recorder-button>`);
    const lowBlob = await recordFor(low, 1200);
    const highBlob = await recordFor(high, 1200);
    expect(highBlob.size).to.be.greaterThan(lowBlob.size * 1.5);
  });

  it('flushes a chunk on requestData(), tolerating empty ones, and keeps every chunk in the final Blob', async function () {
    const el = await recorderFixture();
    const chunks: Blob[] = [];
    el.addEventListener('dataavailable', (event) => chunks.push(event.detail.data));
    await el.start();
    el.requestData(); // right after start: may be empty, which is not passed on
    await sleep(500);
    // Asked again until there is something to hand over: WebKit has nothing before its first
    // fragment, about a second in (later on a busy machine), and empty chunks are not passed on.
    for (const deadline = performance.now() + 10000; chunks.length === 0; await sleep(250)) {
      if (performance.now() > deadline) throw new Error('no chunk within 10 s of asking');
      el.requestData();
    }
    expect(chunks.every((chunk) => chunk.size > 0)).to.be.true;
    const flushed = chunks.length;
    expect(flushed).to.be.greaterThan(0);
    await sleep(400);
    const blob = (await el.stop())!;
    expect(chunks.length).to.be.greaterThan(flushed);
    await expectDecodedLength(blob, el.duration);
  });

  it('passes no empty chunk on to the page, even when the recorder hands one over', async () => {
    const Real = window.MediaRecorder;
    const made: MediaRecorder[] = [];
    window.MediaRecorder = class extends Real {
      constructor(stream: MediaStream, options?: MediaRecorderOptions) {
        super(stream, options);
        made.push(this);
      }
    };
    try {
      const el = await recorderFixture(html`<media-recorder-button timeslice="200"></media-recorder-button>`);
      const chunks: Blob[] = [];
      el.addEventListener('dataavailable', (event) => chunks.push(event.detail.data));
      await el.start();
      await sleep(300);
      made[0].dispatchEvent(new BlobEvent('dataavailable', { data: new Blob([], { type: made[0].mimeType }) }));
      await sleep(300);
      const blob = (await el.stop())!;
      expect(chunks.length).to.be.greaterThan(0);
      expect(chunks.map((chunk) => chunk.size).filter((size) => size === 0), 'empty chunks dispatched').to.deep.equal([]);
      expect(await decodedDuration(blob)).to.be.greaterThan(0.3);
    } finally {
      window.MediaRecorder = Real;
    }
  });

  it('counts down the time left with countdown and max-duration', async () => {
    const el = await recorderFixture(html`<media-recorder-button max-duration="5" countdown></media-recorder-button>`);
    const time = el.shadowRoot!.querySelector('[part=time]')!;
    expect(time.textContent).to.equal('00:05');
    await el.start();
    await sleep(1300);
    await el.updateComplete;
    expect(time.textContent).to.equal('00:04');
    await el.stop();
  });
});
