// The review's worker runs from its own source text: as shipped (built and minified), that text must
// not lean on anything outside it. Here it runs alone, in a context of its own, on a WebM file of
// ffmpeg's making, with a stand-in decoder that gives each 60 ms packet 2,880 samples of 0.5.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveObjectURL } from 'node:buffer';
import { test } from 'node:test';
import vm from 'node:vm';

const root = new URL('../..', import.meta.url);

class StandInDecoder {
  constructor({ output }) {
    this.output = output;
  }
  configure() {}
  decode() {
    const frames = 2880;
    this.output({ numberOfFrames: frames, sampleRate: 48_000, copyTo: (samples) => samples.fill(0.5, 0, frames), close() {} });
  }
  async flush() {}
  close() {}
}

/** Runs the text the module hands `new Worker()` in a context that has only what a worker has. */
class IsolatedWorker {
  constructor(url) {
    const source = resolveObjectURL(url);
    this.ready = source.text().then((text) => {
      const self = { postMessage: (data) => queueMicrotask(() => this.onmessage({ data })) };
      const context = vm.createContext({ self, AudioDecoder: StandInDecoder, EncodedAudioChunk: class {}, TextDecoder, Blob, queueMicrotask });
      vm.runInContext(text, context);
      return self;
    });
  }
  postMessage(data) {
    this.ready.then((self) => self.onmessage({ data }));
  }
  terminate() {}
}

test('the worker that measures long recordings runs on its own source text, as shipped', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'mrb-worker-'));
  const file = join(folder, 'tone.webm');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=f=440:d=2', '-c:a', 'libopus', '-frame_duration', '60', file]);
  globalThis.Worker = IsolatedWorker;
  globalThis.AudioDecoder = StandInDecoder;
  try {
    const { measureInWorker } = await import(new URL('dist/review/levels-worker.js', root).href);
    const blob = new Blob([readFileSync(file)]);
    // In one piece, and in four, each decoder but the first given the 80 ms before its stretch to drop.
    for (const minPartPackets of [1000, 5]) {
      const measured = await measureInWorker(blob, 8, undefined, minPartPackets);
      assert.ok(measured, 'measured');
      // ffmpeg's file says to drop its pre-skip and, at the end, what is past two seconds.
      assert.equal(measured.duration, 2);
      assert.deepEqual(Array.from(measured.meanSquares), new Array(8).fill(0.25));
    }
  } finally {
    delete globalThis.Worker;
    delete globalThis.AudioDecoder;
  }
});
