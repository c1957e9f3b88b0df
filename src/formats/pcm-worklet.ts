import { createResampler } from './resample.js';

// The audio worklet's global scope, where `pcmProcessor` runs (not in the DOM's types).
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: AudioWorkletNodeOptions);
}
declare function registerProcessor(name: string, processor: new (options: AudioWorkletNodeOptions) => AudioWorkletProcessor): void;
declare const sampleRate: number;

/** The processor's name in the worklet's registry. */
export const PCM_PROCESSOR = 'media-recorder-button-pcm';

/** What the page tells the processor. */
export type PcmCommand = { type: 'start' } | { type: 'pause' } | { type: 'resume' } | { type: 'flush' } | { type: 'stop' };

/** What the processor hands back: 16-bit samples, one array per channel; `last` after `stop`. */
export interface PcmBlock {
  channels: Int16Array[];
  /** Answers `start`: the first samples are being captured. */
  started?: boolean;
  /** Answers a `flush` or `stop`: everything captured until it is in this block or before. */
  flushed?: boolean;
  last?: boolean;
}

export interface PcmProcessorOptions {
  sampleRate: number;
  channels: 1 | 2;
}

/**
 * Loads the capture processor into `context`'s worklet. It runs from a `blob:` URL made from its own
 * source text, so no bundler has to know of a worklet file; a page's Content-Security-Policy must then
 * allow `blob:` scripts, and a refusal rejects with a `SecurityError` that says so.
 */
export async function loadPcmWorklet(context: AudioContext): Promise<void> {
  const url = URL.createObjectURL(new Blob([`(${pcmProcessor})(${createResampler})`], { type: 'text/javascript' }));
  try {
    await context.audioWorklet.addModule(url);
  } catch (cause) {
    throw new DOMException(
      `The recording code for this format could not be loaded: the page refused its audio worklet (a Content-Security-Policy must allow blob: scripts: script-src blob:). (${(cause as Error)?.message ?? cause})`,
      'SecurityError',
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * The audio-thread side: mixes the input to the asked channels, resamples it, converts it to 16-bit and
 * posts it four times a second, or at once when asked (`flush`, `stop`). It captures from `start`;
 * paused, it drops the input.
 * Self-contained: its source text is the worklet module.
 */
function pcmProcessor(resampler: typeof createResampler): void {
  const BLOCKS_PER_SECOND = 4;
  class PcmProcessor extends AudioWorkletProcessor {
    private readonly channelCount: 1 | 2;
    private readonly resamplers: ReturnType<typeof createResampler>[];
    private readonly blockFrames: number;
    private queued: Float32Array[][] = [];
    private queuedFrames = 0;
    /** Nothing is captured before `start`, nor while paused. */
    private capturing = false;
    private started = false;
    private stopped = false;

    constructor(options: AudioWorkletNodeOptions) {
      super();
      const { sampleRate: rate, channels } = options.processorOptions as PcmProcessorOptions;
      this.channelCount = channels;
      this.resamplers = Array.from({ length: channels }, () => resampler(sampleRate, rate));
      this.blockFrames = Math.ceil(sampleRate / BLOCKS_PER_SECOND);
      this.port.onmessage = ({ data }: MessageEvent<PcmCommand>) => {
        if (data.type === 'start' || data.type === 'resume') this.capturing = true;
        else if (data.type === 'pause') this.capturing = false;
        else if (data.type === 'flush') this.post({ flushed: true });
        else {
          this.stopped = true;
          this.post({ flushed: true, last: true });
        }
      };
    }

    process(inputs: Float32Array[][]): boolean {
      if (this.stopped) return false;
      if (!this.capturing) return true;
      if (!this.started) {
        this.started = true;
        this.port.postMessage({ channels: [], started: true } satisfies PcmBlock);
      }
      const input = inputs[0];
      const frames = input[0]?.length ?? 128;
      const silence = () => new Float32Array(frames);
      const mixed: Float32Array[] =
        this.channelCount === 2
          ? [(input[0] ?? silence()).slice(), (input[1] ?? input[0] ?? silence()).slice()]
          : [input.length > 1 ? mono(input) : (input[0] ?? silence()).slice()];
      this.queued.push(mixed);
      this.queuedFrames += frames;
      if (this.queuedFrames >= this.blockFrames) this.post({});
      return true;
    }

    /** Resamples and posts what is queued (everything the resamplers still hold too, when `last`). */
    private post(answer: { flushed?: boolean; last?: boolean }): void {
      const channels = this.resamplers.map((resampler, channel) => {
        const parts = this.queued.map((block) => resampler.resample(block[channel]));
        if (answer.last) parts.push(resampler.flush());
        return toInt16(parts);
      });
      this.queued = [];
      this.queuedFrames = 0;
      const block: PcmBlock = { channels, ...answer };
      this.port.postMessage(block, channels.map((samples) => samples.buffer));
    }
  }

  function mono(input: Float32Array[]): Float32Array {
    const out = new Float32Array(input[0].length);
    for (const channel of input) for (let i = 0; i < out.length; i++) out[i] += channel[i] / input.length;
    return out;
  }

  function toInt16(parts: Float32Array[]): Int16Array {
    const out = new Int16Array(parts.reduce((sum, part) => sum + part.length, 0));
    let at = 0;
    for (const part of parts) {
      for (let i = 0; i < part.length; i++) {
        const sample = Math.max(-1, Math.min(1, part[i]));
        out[at++] = sample < 0 ? sample * 0x8000 : sample * 0x7fff;
      }
    }
    return out;
  }

  registerProcessor('media-recorder-button-pcm', PcmProcessor);
}
