import { expect } from '@open-wc/testing';
import { cutWebm } from '../src/containers/cut-webm.js';
import { decodeRecording } from '../src/review/decode.js';
import { measureInWorker } from '../src/review/levels-worker.js';
import { levelOf, levelsOf } from '../src/review/peaks.js';
import { inWebKit, recordWithMediaRecorder, toneWav, until } from './helpers.js';

/** A real WebM/Opus recording of the fake microphone, as the element gets it (a timeslice: live WebM). */
const recordWebm = (ms: number) => recordWithMediaRecorder({ audio: true }, { mimeType: 'audio/webm;codecs=opus' }, ms, 250);

async function decodeAt48k(blob: Blob): Promise<AudioBuffer> {
  return new OfflineAudioContext(1, 1, 48_000).decodeAudioData(await blob.arrayBuffer());
}

/** The workers the page starts and ends from now on, until `restore()`. */
function watchWorkers() {
  const started: Worker[] = [];
  const terminated: Worker[] = [];
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      started.push(this);
    }
    override terminate() {
      terminated.push(this);
      super.terminate();
    }
  };
  return { started, terminated, restore: () => (window.Worker = NativeWorker) };
}

const channelsOf = (buffer: AudioBuffer) => Array.from({ length: buffer.numberOfChannels }, (_, i) => buffer.getChannelData(i));
const COUNT = 64;

describe('levels measured in a worker (long WebM recordings)', function () {
  let recording: Blob;
  let decoded: AudioBuffer;

  before(async function () {
    if (inWebKit) {
      console.info("skipped: WebKit's MediaRecorder writes MP4, which the review decodes on the main thread");
      this.skip();
    }
    recording = await recordWebm(3000);
    decoded = await decodeAt48k(recording);
  });

  it("gives the length and the levels the browser's own decoder gives", async () => {
    const measured = (await measureInWorker(recording, COUNT))!;
    expect(measured, 'measured').to.not.equal(null);
    expect(measured.duration).to.be.closeTo(decoded.duration, 0.001);
    const levels = Array.from(measured.meanSquares, levelOf);
    const expected = Array.from(levelsOf(channelsOf(decoded), COUNT));
    expect(Math.max(...expected), 'the recording is not silent').to.be.greaterThan(0.5);
    levels.forEach((level, i) => expect(level, `level ${i}`).to.be.closeTo(expected[i], 0.02));
  });

  it('gives the same when it decodes stretches of the file at once, each decoder settled first', async () => {
    const whole = (await measureInWorker(recording, COUNT))!;
    const parts = (await measureInWorker(recording, COUNT, undefined, 10))!;
    expect(parts.duration).to.equal(whole.duration);
    const expected = Array.from(levelsOf(channelsOf(decoded), COUNT));
    Array.from(parts.meanSquares, levelOf).forEach((level, i) => expect(level, `level ${i}`).to.be.closeTo(expected[i], 0.02));
  });

  it('drops what a cut file says to: its pre-skip and its DiscardPadding', async () => {
    const cut = (await cutWebm(recording, 713, 2087))!;
    const measured = (await measureInWorker(cut.blob, COUNT))!;
    expect(measured.duration).to.be.closeTo((cut.toMs - cut.fromMs) / 1000, 0.001);
    expect(measured.duration).to.be.closeTo((await decodeAt48k(cut.blob)).duration, 0.001);
  });

  it('answers null for what it does not read, and goes on measuring WebM after', async () => {
    expect(await measureInWorker(toneWav(1), COUNT)).to.equal(null);
    expect(await measureInWorker(new Blob([recording.slice(0, 200)]), COUNT), 'a file cut short before its sound').to.equal(null);
    expect(await measureInWorker(recording, COUNT)).to.not.equal(null);
  });

  it('is what decodeRecording uses from the size given, one worker per recording, each ended', async () => {
    const { started, terminated, restore } = watchWorkers();
    try {
      const small = await decodeRecording(recording);
      expect(started.length, 'no worker under the size').to.equal(0);
      const { levels, duration } = await decodeRecording(recording, { workerFromBytes: 0 });
      expect(started.length).to.equal(1);
      expect(terminated).to.deep.equal(started);
      expect(duration).to.be.closeTo(decoded.duration, 0.001);
      expect(levels.length).to.equal(small.levels.length);
    } finally {
      restore();
    }
  });

  it('ends its worker when aborted, rejecting with the reason rather than decoding on the main thread', async () => {
    const { started, terminated, restore } = watchWorkers();
    try {
      const controller = new AbortController();
      const reason = new DOMException('another recording is shown', 'AbortError');
      const decoding = decodeRecording(recording, { workerFromBytes: 0, signal: controller.signal });
      await until(() => started.length === 1);
      controller.abort(reason);
      const error = await decoding.then(
        () => null,
        (error: unknown) => error,
      );
      expect(error === reason, 'rejected with the reason').to.be.true;
      expect(terminated).to.deep.equal(started);
      const aborted = await measureInWorker(recording, COUNT, controller.signal).catch((error: unknown) => error);
      expect(aborted === reason, 'already aborted: no worker').to.be.true;
      expect(started.length).to.equal(1);
    } finally {
      restore();
    }
  });

  // Last: once refused, workers are not asked for again in this page.
  it('decodes on the main thread where the page refuses workers, and asks once', async () => {
    let asked = 0;
    const NativeWorker = window.Worker;
    window.Worker = class {
      constructor() {
        asked++;
        throw new TypeError("This document requires 'TrustedScriptURL' assignment.");
      }
    } as unknown as typeof Worker;
    try {
      const first = await decodeRecording(recording, { workerFromBytes: 0 });
      const second = await decodeRecording(recording, { workerFromBytes: 0 });
      expect(asked).to.equal(1);
      for (const { duration, levels } of [first, second]) {
        expect(duration).to.be.closeTo(decoded.duration, 0.03);
        expect(Math.max(...levels)).to.be.greaterThan(0.5);
      }
    } finally {
      window.Worker = NativeWorker;
    }
  });
});
