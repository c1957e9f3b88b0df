import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { MP3_SAMPLE_RATES, startMp3Encoder, type Mp3Encoder } from '../src/formats/mp3-encoder.js';
import { fetches } from './review-helpers.js';

const SECONDS = 2;
/** Left channel's tone; a stereo file's right channel has its own, to tell the channels apart. */
const LEFT_HZ = 440;
const RIGHT_HZ = 660;
const BLOCK = 4096;
/**
 * Samples of silence before the sound in a decoded MP3: LAME's encoder delay (576) and the decoder's
 * (529). Decoders drop them only where a LAME tag at the start of the file says so; our files have
 * none, as the frame count it needs is not known until the end (and then the start is handed over), so
 * every browser plays them, and so does ffprobe.
 */
const MP3_DELAY = 576 + 529;

/** `seconds` of a sine at `hz` as 16-bit samples, at a third of full scale. */
function sine(hz: number, rate: number, seconds = SECONDS): Int16Array {
  return Int16Array.from({ length: Math.round(rate * seconds) }, (_, i) => Math.round(10_000 * Math.sin((2 * Math.PI * hz * i) / rate)));
}

/** Encodes `channels` in blocks of `BLOCK` frames, every block asked for at once, then finishes. */
async function encodeAll(encoder: Mp3Encoder, channels: Int16Array[]): Promise<Blob> {
  const blocks: Array<Promise<Uint8Array>> = [];
  for (let at = 0; at < channels[0].length; at += BLOCK) {
    const pcm = channels.map((channel) => channel.slice(at, at + BLOCK));
    blocks.push(encoder.encode(pcm));
    expect(pcm[0].byteLength, 'the block was handed to the worker, not copied').to.equal(0);
  }
  const bytes = await Promise.all([...blocks, encoder.finish()]);
  return new Blob(bytes as Uint8Array<ArrayBuffer>[], { type: 'audio/mpeg' });
}

/** The browser's decoding of `blob`, at the file's own rate (no resampling). */
async function decode(blob: Blob, rate: number): Promise<AudioBuffer> {
  return new OfflineAudioContext(1, 1, rate).decodeAudioData(await blob.arrayBuffer());
}

/** The first sample louder than a sixth of the tone. */
const onsetOf = (samples: Float32Array) => samples.findIndex((sample) => Math.abs(sample) > 0.05);

/** The tone's frequency in Hz: its upward crossings in the second from `from`, with some hysteresis. */
function frequencyOf(samples: Float32Array, rate: number, from: number): number {
  let crossings = 0;
  let below = false;
  for (let i = from; i < from + rate; i++) {
    if (samples[i] < -0.05) below = true;
    else if (below && samples[i] > 0.05) {
      below = false;
      crossings++;
    }
  }
  return crossings;
}

interface Probe {
  ok: boolean;
  errors: string;
  streams: Array<{ codec_type: string; codec_name: string; sample_rate: string; channels: number }>;
}

async function ffprobe(blob: Blob): Promise<Probe> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return executeServerCommand<Probe, { base64: string; name: string }>('ffprobe', { base64: btoa(binary), name: 'x.mp3' });
}

/** The workers the page starts and ends from now on, until `restore()`. */
function watchWorkers() {
  const started: Array<{ worker: Worker; url: string }> = [];
  const terminated: Worker[] = [];
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      started.push({ worker: this, url: String(url) });
    }
    override terminate() {
      terminated.push(this);
      super.terminate();
    }
  };
  return { started, terminated, restore: () => (window.Worker = NativeWorker) };
}

const rejectionOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as DOMException,
  );

describe('MP3 encoder (LAME in a worker)', function () {
  // LAME in a worker on a busy machine: 2 s of 44.1 kHz stereo takes a second or two.
  this.timeout(60_000);

  for (const { rate, channels } of [
    { rate: 16_000, channels: 1 },
    { rate: 44_100, channels: 2 },
    { rate: 48_000, channels: 1 },
  ] as const) {
    describe(`${channels === 1 ? 'mono' : 'stereo'} ${rate} Hz`, () => {
      let file: Blob;
      let decoded: AudioBuffer;

      before(async () => {
        const encoder = await startMp3Encoder({ sampleRate: rate, channels });
        try {
          file = await encodeAll(encoder, [sine(LEFT_HZ, rate), sine(RIGHT_HZ, rate)].slice(0, channels));
        } finally {
          encoder.close();
        }
        decoded = await decode(file, rate);
      });

      it('decodes in this browser to 2 s of sound after the MP3 delay, at the tone given', () => {
        expect(decoded.sampleRate).to.equal(rate);
        expect(decoded.numberOfChannels).to.equal(channels);
        const onset = onsetOf(decoded.getChannelData(0));
        // The sound starts after LAME's and the decoder's delay (69 ms at 16 kHz, 23 ms at 48 kHz)…
        expect(onset, 'samples before the sound').to.be.within(MP3_DELAY - 5, MP3_DELAY + 5);
        // …and lasts 2 s, then LAME's padding: at least 576 samples, up to the end of a frame.
        expect((decoded.length - MP3_DELAY) / rate, 'seconds from the sound on').to.be.within(SECONDS, SECONDS + 0.06);
        const middle = Math.round(MP3_DELAY + rate / 2);
        [LEFT_HZ, RIGHT_HZ].slice(0, channels).forEach((hz, channel) => {
          expect(frequencyOf(decoded.getChannelData(channel), rate, middle), `channel ${channel}'s tone, Hz`).to.be.closeTo(hz, 2);
        });
      });

      it('is read cleanly by ffprobe: MP3 at the rate and channels given', async () => {
        const probe = await ffprobe(file);
        expect(probe.ok, probe.errors).to.be.true;
        expect(probe.errors).to.equal('');
        expect(probe.streams).to.have.length(1);
        const [stream] = probe.streams;
        expect(stream.codec_name).to.equal('mp3');
        expect(Number(stream.sample_rate)).to.equal(rate);
        expect(stream.channels).to.equal(channels);
      });
    });
  }

  it('encodes in a worker of its own blob: URL, ended and revoked once closed', async () => {
    const workers = watchWorkers();
    try {
      const encoder = await startMp3Encoder({ sampleRate: 16_000, channels: 1 });
      expect(workers.started).to.have.length(1);
      const { worker, url } = workers.started[0];
      expect(url).to.match(/^blob:/);
      const bytes = await encoder.encode([sine(LEFT_HZ, 16_000, 0.5)]);
      expect(bytes.length, 'frames ready after half a second').to.be.greaterThan(0);
      encoder.close();
      expect(workers.terminated).to.deep.equal([worker]);
      expect(await fetches(url), 'the worker URL still gives its script').to.be.false;
      encoder.close();
      expect(workers.terminated, 'closed twice: ended once').to.have.length(1);
    } finally {
      workers.restore();
    }
  });

  it('closed mid-way: the calls pending reject, and later ones too, without hanging', async () => {
    const encoder = await startMp3Encoder({ sampleRate: 48_000, channels: 2 });
    const pending = Array.from({ length: 8 }, () => rejectionOf(encoder.encode([sine(LEFT_HZ, 48_000, 0.5), sine(RIGHT_HZ, 48_000, 0.5)])));
    const finishing = rejectionOf(encoder.finish());
    encoder.close();
    const errors = await Promise.all([...pending, finishing]);
    for (const error of errors) expect(error?.name).to.equal('AbortError');
    expect((await rejectionOf(encoder.encode([new Int16Array(BLOCK)])))?.name).to.equal('InvalidStateError');
  });

  it('cannot be used after finish()', async () => {
    const encoder = await startMp3Encoder({ sampleRate: 8000, channels: 1 });
    try {
      await encoder.encode([sine(LEFT_HZ, 8000, 0.25)]);
      expect((await encoder.finish()).length).to.be.greaterThan(0);
      expect((await rejectionOf(encoder.encode([new Int16Array(BLOCK)])))?.name).to.equal('InvalidStateError');
      expect((await rejectionOf(encoder.finish()))?.name).to.equal('InvalidStateError');
    } finally {
      encoder.close();
    }
  });

  it('a page that refuses the worker at once (Trusted Types, a policy checked then): a SecurityError that says what to allow', async () => {
    const NativeWorker = window.Worker;
    const made: string[] = [];
    window.Worker = class {
      constructor(url: string) {
        made.push(url);
        throw new DOMException("Refused to create a worker: it violates the Content Security Policy directive 'worker-src 'self''.", 'SecurityError');
      }
    } as unknown as typeof Worker;
    try {
      const error = await rejectionOf(startMp3Encoder({ sampleRate: 16_000, channels: 1 }));
      expect(error).to.be.instanceOf(DOMException);
      expect(error!.name).to.equal('SecurityError');
      expect(error!.message).to.contain('worker-src blob:');
      expect(made).to.have.length(1);
      expect(await fetches(made[0]), 'the URL is revoked').to.be.false;
    } finally {
      window.Worker = NativeWorker;
    }
  });

  it('a page whose policy refuses the worker script: a SecurityError, the same', async () => {
    const frame = document.createElement('iframe');
    // blob: workers refused; what the engine does (throw, or an error event) is its own. The origin by
    // name, not 'self': Firefox does not take a srcdoc frame's 'self' for the page's origin.
    frame.srcdoc = `<meta http-equiv="Content-Security-Policy" content="script-src ${location.origin} 'unsafe-inline'; worker-src ${location.origin}">
      <script type="module">
        import { startMp3Encoder } from '${new URL('../src/formats/mp3-encoder.ts', import.meta.url).pathname}';
        startMp3Encoder({ sampleRate: 16000, channels: 1 }).then(
          (encoder) => (encoder.close(), parent.postMessage({ started: true }, '*')),
          (error) => parent.postMessage({ name: error.name, message: error.message }, '*'),
        );
      </script>`;
    const answer = new Promise<{ started?: boolean; name?: string; message?: string }>((resolve) => {
      window.addEventListener('message', function onMessage(event) {
        if (event.source !== frame.contentWindow) return;
        window.removeEventListener('message', onMessage);
        resolve(event.data);
      });
    });
    document.body.append(frame);
    try {
      const { started, name, message } = await answer;
      expect(started, 'the worker was refused').to.equal(undefined);
      expect(name).to.equal('SecurityError');
      expect(message).to.contain('worker-src blob:');
    } finally {
      frame.remove();
    }
  });

  it('a sample rate MP3 cannot carry: NotSupportedError, no worker started', async () => {
    const workers = watchWorkers();
    try {
      for (const sampleRate of [96_000, 44_000, 0]) {
        const error = await rejectionOf(startMp3Encoder({ sampleRate, channels: 1 }));
        expect(error?.name, `${sampleRate} Hz`).to.equal('NotSupportedError');
      }
      expect(workers.started).to.have.length(0);
      expect(MP3_SAMPLE_RATES).to.deep.equal([8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000]);
    } finally {
      workers.restore();
    }
  });

  it('keeps the sample rate at any bit rate, lowering one MPEG does not allow', async () => {
    // LAME by itself would resample 48 kHz stereo at 32 kbps to 16 kHz; MPEG-2.5 (8 kHz) carries 64 kbps at most.
    for (const { rate, channels, kbps, expected } of [
      { rate: 48_000, channels: 2, kbps: 32, expected: 32 },
      { rate: 8000, channels: 2, kbps: undefined, expected: 64 },
      { rate: 16_000, channels: 1, kbps: 320, expected: 160 },
    ] as const) {
      const encoder = await startMp3Encoder({ sampleRate: rate, channels, kbps });
      try {
        const file = await encodeAll(encoder, [sine(LEFT_HZ, rate, 0.5), sine(RIGHT_HZ, rate, 0.5)].slice(0, channels));
        const probe = await ffprobe(file);
        expect(probe.errors).to.equal('');
        const stream = probe.streams[0] as Probe['streams'][0] & { bit_rate: string };
        expect(Number(stream.sample_rate), `${rate} Hz at ${kbps} kbps`).to.equal(rate);
        expect(Number(stream.bit_rate) / 1000, `${rate} Hz at ${kbps} kbps`).to.equal(expected);
      } finally {
        encoder.close();
      }
    }
  });
});
