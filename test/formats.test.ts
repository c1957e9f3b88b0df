import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { MediaRecorderButton } from '../src/media-recorder-button.js';
import '../src/define.js';
import { createResampler } from '../src/formats/resample.js';
import { fixWavSizes, wavHeader } from '../src/containers/wav.js';
import { dominantFrequency, rms, sine } from './audio-analysis.js';
import { decodedDuration, expectDecodedLength, inWebKit, nextEvent, sleep, spyOnGetUserMedia } from './helpers.js';

/** The fields of a WAV file's canonical header. */
async function wavFields(blob: Blob) {
  const view = new DataView(await blob.slice(0, 44).arrayBuffer());
  const tag = (offset: number) => String.fromCharCode(...new Uint8Array(view.buffer, offset, 4));
  return {
    riff: tag(0),
    riffSize: view.getUint32(4, true),
    wave: tag(8),
    fmt: tag(12),
    pcm: view.getUint16(20, true),
    channels: view.getUint16(22, true),
    sampleRate: view.getUint32(24, true),
    byteRate: view.getUint32(28, true),
    blockAlign: view.getUint16(32, true),
    bits: view.getUint16(34, true),
    data: tag(36),
    dataSize: view.getUint32(40, true),
  };
}

type Probe = { ok: boolean; errors: string; format?: { duration?: string; format_name?: string }; streams?: Array<{ codec_name?: string; sample_rate?: string; channels?: number }> };

async function ffprobe(blob: Blob, name: string): Promise<Probe> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return (await executeServerCommand<Probe, { base64: string; name: string }>('ffprobe', { base64: btoa(binary), name }))!;
}

function captureWarnings() {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
  return { warnings, restore: () => (console.warn = warn) };
}

/**
 * Seconds of sound in a recording of about `seconds` of the page's time. The audio clock that paces a
 * WAV can run apart from the page's on these machines (Firefox's mocked audio device runs some 7 % slow;
 * WebKitGTK's renders about 0.1 s ahead), so this only rules out gross errors: double or half speed,
 * missing blocks.
 */
const plausibleLength = (seconds: number): [number, number] => [seconds * 0.6, seconds * 1.25 + 0.2];

/** Records with the element for `ms`; the `stop` event's detail, the chunks, the errors. */
async function record(el: MediaRecorderButton, ms: number) {
  const chunks: Blob[] = [];
  const errors: Error[] = [];
  el.addEventListener('dataavailable', (event) => chunks.push(event.detail.data));
  el.addEventListener('error', (event) => errors.push(event.detail.error));
  const started = nextEvent(el, 'start');
  await el.start();
  const { mimeType } = (await started).detail;
  await sleep(ms);
  const stopped = nextEvent(el, 'stop');
  await el.stop();
  return { ...(await stopped).detail, startMimeType: mimeType, chunks, errors };
}

describe('format: the resampler', () => {
  for (const [from, to] of [
    [48000, 8000],
    [48000, 16000],
    [48000, 44100],
    [48000, 48000],
    [44100, 16000],
    [44100, 48000],
  ]) {
    it(`keeps a 440 Hz tone at 440 Hz from ${from} to ${to} Hz, with the length the new rate gives`, () => {
      const input = sine(440, from, 1.5);
      const { resample, flush } = createResampler(from, to);
      // In blocks of the worklet's size, as it runs.
      const parts: Float32Array[] = [];
      for (let i = 0; i < input.length; i += 128) parts.push(resample(input.subarray(i, i + 128)));
      parts.push(flush());
      const output = new Float32Array(parts.reduce((n, part) => n + part.length, 0));
      parts.reduce((at, part) => (output.set(part, at), at + part.length), 0);
      expect(output.length).to.equal(Math.ceil((input.length * to) / from));
      expect(dominantFrequency(output.subarray(to / 4), to)).to.be.closeTo(440, 2);
      // The level is kept (0.5 amplitude: 0.354 RMS), and the start is not delayed by the filter.
      expect(rms(output.subarray(to / 4, to))).to.be.closeTo(rms(input.subarray(from / 4, from)), 0.01);
      const firstPeak = output.subarray(0, Math.ceil(to / 440)).reduce((best, sample, i, all) => (sample > all[best] ? i : best), 0);
      expect(firstPeak / to).to.be.closeTo(1 / 440 / 4, 1 / to + 0.0002);
    });
  }

  for (const [from, to, tone] of [
    [48000, 8000, 6000],
    [48000, 16000, 9000],
    [44100, 16000, 12000],
    [48000, 44100, 23000],
  ]) {
    it(`lets no alias of a ${tone} Hz tone through from ${from} to ${to} Hz (under −40 dB)`, () => {
      const input = sine(tone, from, 1, 0.9);
      const { resample, flush } = createResampler(from, to);
      const output = resample(input);
      flush();
      const decibels = 20 * Math.log10(rms(output.subarray(to / 8)) / rms(input));
      expect(decibels).to.be.below(-40);
    });
  }
});

describe('format: WAV headers', () => {
  it('writes a canonical 16-bit PCM header; while the length is unknown, the sizes say "to the end"', async () => {
    const fields = await wavFields(new Blob([wavHeader(16000, 2)]));
    expect(fields).to.deep.include({ riff: 'RIFF', wave: 'WAVE', fmt: 'fmt ', pcm: 1, channels: 2, sampleRate: 16000, byteRate: 64000, blockAlign: 4, bits: 16, data: 'data' });
    expect(fields.dataSize).to.equal(0xffffffff);
    expect(fields.riffSize).to.equal(0xffffffff);
  });

  it('sets the sizes from the length once whole, cutting a partial last frame', async () => {
    const blob = new Blob([wavHeader(8000, 2), new Uint8Array(4 * 100 + 3)], { type: 'audio/wav' });
    const fixed = await fixWavSizes(blob);
    const fields = await wavFields(fixed);
    expect(fields.dataSize).to.equal(400);
    expect(fields.riffSize).to.equal(436);
    expect(fixed.size).to.equal(444);
    expect(fixed.type).to.equal('audio/wav');
  });

  it('refuses what is not one of its WAV files', async () => {
    let error: unknown;
    await fixWavSizes(new Blob([new Uint8Array(60)])).catch((e) => (error = e));
    expect(error).to.be.instanceOf(Error);
  });
});

describe('format="wav"', () => {
  it('records 16-bit PCM WAV at sample-rate, mono, the header right, as long as the stop event says; its chunks join into the file', async () => {
    const el = await fixture<MediaRecorderButton>(html`<media-recorder-button format="wav" sample-rate="16000" timeslice="250"></media-recorder-button>`);
    const { blob, mimeType, duration, startMimeType, chunks, errors } = await record(el, 1500);
    expect(errors).to.deep.equal([]);
    expect(mimeType).to.equal('audio/wav');
    expect(startMimeType).to.equal('audio/wav');
    expect(blob.type).to.equal('audio/wav');
    const fields = await wavFields(blob);
    expect(fields).to.deep.include({ riff: 'RIFF', wave: 'WAVE', pcm: 1, channels: 1, sampleRate: 16000, byteRate: 32000, blockAlign: 2, bits: 16, data: 'data' });
    expect(fields.dataSize).to.equal(blob.size - 44);
    expect(fields.riffSize).to.equal(blob.size - 8);
    expect(fields.dataSize / 32000, 'seconds of sound: the stop event\'s').to.be.closeTo(duration, 0.001);
    expect(duration).to.be.within(...plausibleLength(1.5));
    // Chunks as they came: the file, but for the sizes the header could not know yet.
    expect(chunks.length).to.be.at.least(4);
    const joined = new Uint8Array(await new Blob(chunks).arrayBuffer());
    const file = new Uint8Array(await blob.arrayBuffer());
    expect(joined.length).to.equal(file.length);
    expect(joined.subarray(44).every((byte, i) => byte === file[44 + i])).to.be.true;
    expect((await wavFields(new Blob(chunks))).dataSize).to.equal(0xffffffff);
    // The browser decodes it, and so does ffprobe.
    const decoded = await new OfflineAudioContext(1, 1, 16000).decodeAudioData(await blob.arrayBuffer());
    expect(decoded.duration).to.be.closeTo(duration, 0.001);
    const probe = await ffprobe(blob, 'recording.wav');
    expect(probe.errors).to.equal('');
    expect(probe.streams![0]).to.deep.include({ codec_name: 'pcm_s16le', sample_rate: '16000', channels: 1 });
    expect(Number(probe.format!.duration)).to.be.closeTo(duration, 0.001);
    // The form's File is a .wav.
    expect(el.blob).to.equal(blob);
  });

  it('records stereo with channels="2", at the microphone\'s rate without sample-rate', async () => {
    const el = await fixture<MediaRecorderButton>(html`<media-recorder-button format="wav" channels="2"></media-recorder-button>`);
    const { blob, duration, chunks } = await record(el, 800);
    const fields = await wavFields(blob);
    expect(fields.channels).to.equal(2);
    expect(fields.blockAlign).to.equal(4);
    const microphone = await navigator.mediaDevices.getUserMedia({ audio: true });
    const context = new AudioContext();
    const rate = microphone.getAudioTracks()[0].getSettings().sampleRate ?? context.sampleRate;
    await context.close();
    microphone.getTracks().forEach((track) => track.stop());
    expect(fields.sampleRate).to.equal(rate);
    expect(fields.dataSize / 4 / fields.sampleRate).to.be.closeTo(duration, 0.001);
    expect(duration).to.be.within(...plausibleLength(0.8));
    expect(chunks.length, 'one chunk at the end without a timeslice').to.equal(1);
  });

  it('leaves paused time out', async () => {
    const el = await fixture<MediaRecorderButton>(html`<media-recorder-button format="wav" sample-rate="8000"></media-recorder-button>`);
    const stopped = nextEvent(el, 'stop');
    await el.start();
    await sleep(600);
    el.pause();
    await sleep(900);
    el.resume();
    await sleep(600);
    await el.stop();
    const { blob, duration } = (await stopped).detail;
    const fields = await wavFields(blob);
    expect(fields.dataSize / 2 / 8000, 'seconds of sound').to.be.closeTo(duration, 0.001);
    // 1.2 s recorded: nothing like the 2.1 s with the pause.
    expect(duration).to.be.within(...plausibleLength(1.2)).and.below(1.7);
  });

  it('gives requestData() a chunk of what was recorded so far', async () => {
    const el = await fixture<MediaRecorderButton>(html`<media-recorder-button format="wav" sample-rate="8000"></media-recorder-button>`);
    const chunks: Blob[] = [];
    el.addEventListener('dataavailable', (event) => chunks.push(event.detail.data));
    await el.start();
    await sleep(700);
    el.requestData();
    await sleep(300);
    expect(chunks.length).to.equal(1);
    expect((chunks[0].size - 44) / 2 / 8000).to.be.within(...plausibleLength(0.7));
    const blob = (await el.stop())!;
    expect(chunks.length).to.equal(2);
    expect(chunks[0].size + chunks[1].size).to.equal(blob.size);
  });

  it('stops by itself at max-duration with the header right', async () => {
    const el = await fixture<MediaRecorderButton>(html`<media-recorder-button format="wav" sample-rate="8000" max-duration="1"></media-recorder-button>`);
    const stopped = nextEvent(el, 'stop');
    await el.start();
    const { blob, reason, duration } = (await stopped).detail;
    expect(reason).to.equal('max-duration');
    const fields = await wavFields(blob);
    expect(fields.dataSize).to.equal(blob.size - 44);
    expect(fields.dataSize / 16000).to.be.closeTo(duration, 0.001);
    expect(duration).to.be.within(...plausibleLength(1));
  });
});

describe('format="mp3"', () => {
  it('records MP3 at sample-rate, encoded in a worker, its chunks the file; browsers and ffprobe read it', async () => {
    const el = await fixture<MediaRecorderButton>(html`<media-recorder-button format="mp3" sample-rate="16000" timeslice="500"></media-recorder-button>`);
    const { blob, mimeType, duration, chunks, errors } = await record(el, 1500);
    expect(errors).to.deep.equal([]);
    expect(mimeType).to.equal('audio/mpeg');
    expect(blob.type).to.equal('audio/mpeg');
    expect(duration).to.be.within(...plausibleLength(1.5));
    expect(chunks.length).to.be.at.least(2);
    const joined = new Uint8Array(await new Blob(chunks).arrayBuffer());
    expect(joined).to.deep.equal(new Uint8Array(await blob.arrayBuffer()));
    // LAME's delay and padding (about 70 ms and up to a frame at 16 kHz) come on top of the sound.
    const decoded = await new OfflineAudioContext(1, 1, 16000).decodeAudioData(await blob.arrayBuffer());
    expect(decoded.sampleRate).to.equal(16000);
    expect(decoded.duration).to.be.within(duration, duration + 0.2);
    const probe = await ffprobe(blob, 'recording.mp3');
    expect(probe.errors).to.equal('');
    expect(probe.streams![0]).to.deep.include({ codec_name: 'mp3', sample_rate: '16000', channels: 1 });
    expect(el.blob).to.equal(blob);
  });

  it('records stereo at the nearest rate MP3 carries, with a warning', async () => {
    const { warnings, restore } = captureWarnings();
    try {
      const el = await fixture<MediaRecorderButton>(html`<media-recorder-button format="mp3" sample-rate="20000" channels="2"></media-recorder-button>`);
      const { blob } = await record(el, 600);
      const probe = await ffprobe(blob, 'recording.mp3');
      expect(probe.streams![0]).to.deep.include({ codec_name: 'mp3', sample_rate: '16000', channels: 2 });
      expect(warnings.filter((w) => w.includes('MP3 cannot carry 20000 Hz'))).to.have.length(1);
    } finally {
      restore();
    }
  });

  it('a worker the page refuses: an error that says what to allow, and the recording in the browser\'s own format', async () => {
    const RealWorker = window.Worker;
    window.Worker = class {
      constructor() {
        throw new DOMException('refused by the policy', 'SecurityError');
      }
    } as unknown as typeof Worker;
    const { restore } = captureWarnings();
    try {
      const el = await fixture<MediaRecorderButton>(html`<media-recorder-button format="mp3"></media-recorder-button>`);
      const { blob, errors, mimeType } = await record(el, 600);
      expect(errors.map((e) => e.name)).to.deep.equal(['SecurityError']);
      expect(errors[0].message).to.contain('worker-src blob:');
      expect(mimeType).to.match(inWebKit ? /^audio\/mp4/ : /^audio\/(webm|ogg)/);
      expect(blob.size).to.be.greaterThan(1000);
    } finally {
      window.Worker = RealWorker;
      restore();
    }
  });
});

describe('format="ogg"', () => {
  it('records Ogg Opus (Firefox: its own; Chromium: its WebM remuxed as it comes), chunks joining into the file; browsers and ffprobe read it', async function () {
    if (inWebKit) this.skip(); // refused before the microphone: see the next test
    const el = await fixture<MediaRecorderButton>(html`<media-recorder-button format="ogg" timeslice="300"></media-recorder-button>`);
    const { blob, mimeType, duration, chunks, errors } = await record(el, 1500);
    expect(errors).to.deep.equal([]);
    expect(mimeType).to.equal('audio/ogg;codecs=opus');
    expect(blob.type).to.equal('audio/ogg;codecs=opus');
    expect(chunks.length).to.be.at.least(3);
    expect(new Uint8Array(await new Blob(chunks).arrayBuffer())).to.deep.equal(new Uint8Array(await blob.arrayBuffer()));
    expect(new TextDecoder().decode(new Uint8Array(await blob.slice(28, 36).arrayBuffer()))).to.equal('OpusHead');
    await expectDecodedLength(blob, duration);
    const probe = await ffprobe(blob, 'recording.ogg');
    expect(probe.errors).to.equal('');
    expect(probe.streams![0]).to.deep.include({ codec_name: 'opus' });
    expect(Number(probe.format!.duration)).to.be.closeTo(await decodedDuration(blob), 0.03);
  });

  it('in WebKit, whose recorder makes neither Ogg nor Opus: a NotSupportedError before the microphone is asked for', async function () {
    if (!inWebKit) this.skip();
    const spy = spyOnGetUserMedia();
    try {
      const el = await fixture<MediaRecorderButton>(html`<media-recorder-button format="ogg"></media-recorder-button>`);
      const failed = nextEvent(el, 'error');
      await el.start().catch(() => {});
      expect((await failed).detail.error.name).to.equal('NotSupportedError');
      expect(spy.calls).to.equal(0);
    } finally {
      spy.restore();
    }
  });
});

describe('format: bad input', () => {
  it('refuses a format it cannot make with a NotSupportedError, before the microphone is asked for', async () => {
    const spy = spyOnGetUserMedia();
    try {
      const el = await fixture<MediaRecorderButton>(html`<media-recorder-button format="flac"></media-recorder-button>`);
      const failed = nextEvent(el, 'error');
      let rejected: unknown;
      await el.start().catch((error) => (rejected = error));
      const { error } = (await failed).detail;
      expect(error.name).to.equal('NotSupportedError');
      expect(error.message).to.contain('wav, ogg or mp3');
      expect(rejected).to.equal(error);
      expect(spy.calls).to.equal(0);
      expect(el.state).to.equal('inactive');
    } finally {
      spy.restore();
    }
  });

  it('warns about a sample-rate that is not a positive number, or above the microphone\'s, and records the microphone\'s', async () => {
    for (const rate of ['-5', 'fast', '192000']) {
      const { warnings, restore } = captureWarnings();
      try {
        const el = await fixture<MediaRecorderButton>(html`<media-recorder-button format="wav" sample-rate=${rate}></media-recorder-button>`);
        const { blob } = await record(el, 300);
        const fields = await wavFields(blob);
        expect(fields.sampleRate, rate).to.be.at.least(44100);
        expect(warnings.filter((w) => w.includes('sample-rate')), rate).to.have.length(1);
      } finally {
        restore();
      }
    }
  });

  it('warns about channels other than 1 or 2 and records mono', async () => {
    const { warnings, restore } = captureWarnings();
    try {
      const el = await fixture<MediaRecorderButton>(html`<media-recorder-button format="wav" channels="3" sample-rate="8000"></media-recorder-button>`);
      const { blob } = await record(el, 300);
      expect((await wavFields(blob)).channels).to.equal(1);
      expect(warnings.filter((w) => w.includes('channels="3"'))).to.have.length(1);
    } finally {
      restore();
    }
  });

  it('ignores format for the camera, with a warning: the browser\'s own video container', async function () {
    if (inWebKit) this.skip(); // WebKitGTK records no video here (docs/browsers.md)
    const { warnings, restore } = captureWarnings();
    try {
      const el = await fixture<MediaRecorderButton>(html`<media-recorder-button format="wav" source="camera"></media-recorder-button>`);
      const { mimeType, errors } = await record(el, 600);
      expect(errors).to.deep.equal([]);
      expect(mimeType).to.match(/^video\//);
      expect(warnings.filter((w) => w.includes('format="wav" with source="camera"'))).to.have.length(1);
    } finally {
      restore();
    }
  });

  it('a worklet the page refuses: an error that says what to allow, and the recording in the browser\'s own format', async () => {
    const addModule = AudioWorklet.prototype.addModule;
    AudioWorklet.prototype.addModule = () => Promise.reject(new DOMException('refused by the policy', 'AbortError'));
    const { restore } = captureWarnings();
    try {
      const el = await fixture<MediaRecorderButton>(html`<media-recorder-button format="wav"></media-recorder-button>`);
      const { blob, errors, mimeType } = await record(el, 600);
      expect(errors.map((e) => e.name)).to.deep.equal(['SecurityError']);
      expect(errors[0].message).to.contain('script-src blob:');
      expect(mimeType).to.match(inWebKit ? /^audio\/mp4/ : /^audio\/(webm|ogg)/);
      expect(blob.size).to.be.greaterThan(1000);
      expect(blob.type).to.equal(mimeType);
    } finally {
      AudioWorklet.prototype.addModule = addModule;
      restore();
    }
  });
});
