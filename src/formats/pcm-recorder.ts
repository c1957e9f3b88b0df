import { loadPcmWorklet, PCM_PROCESSOR, type PcmBlock, type PcmCommand, type PcmProcessorOptions } from './pcm-worklet.js';

/** How long the audio thread may take to hand over its last samples once stopped. */
const STOP_ANSWER_TIMEOUT_MS = 2000;

/** Turns 16-bit PCM blocks into a file's bytes, in order. */
export interface PcmEncoder {
  readonly mimeType: string;
  encode(channels: Int16Array[]): Uint8Array | Promise<Uint8Array>;
  /** The bytes that end the file. */
  finish(): Uint8Array | Promise<Uint8Array>;
  close(): void;
}

/**
 * Records a stream's sound as 16-bit PCM captured by an audio worklet (resampled and mixed there, off
 * the main thread) and hands it to an encoder. It speaks MediaRecorder's language (`start(timeslice)`,
 * `pause`, `resume`, `requestData`, `stop`; events `start`, `dataavailable`, `stop`, `error`), so the
 * recording's controller drives it as it drives the browser's own recorder.
 */
export class PcmRecorder extends EventTarget {
  state: RecordingState = 'inactive';
  readonly mimeType: string;
  /** Encoded bytes not yet handed over in a `dataavailable`. */
  private parts: Uint8Array<ArrayBuffer>[] = [];
  /** The blocks in the order they came, each encoded once the one before is. */
  private queue: Promise<void> = Promise.resolve();
  /** Sample frames recorded, at `sampleRate`. */
  private frames = 0;
  private timeslice: number | undefined;
  private timer = 0;
  private stopTimer = 0;
  private failed = false;
  private everStarted = false;
  private ended = false;

  private constructor(
    private readonly context: AudioContext,
    private readonly source: MediaStreamAudioSourceNode,
    private readonly node: AudioWorkletNode,
    private readonly encoder: PcmEncoder,
    private readonly sampleRate: number,
  ) {
    super();
    this.mimeType = encoder.mimeType;
    node.port.onmessage = ({ data }: MessageEvent<PcmBlock>) => this.received(data);
  }

  /**
   * Sets up the capture of `stream`'s sound at `sampleRate` (at most the input's: `rateOf` picks it once
   * the input's is known) and `channels`. Rejects with a `SecurityError` when the page refuses the worklet.
   */
  static async open(
    stream: MediaStream,
    options: { channels: 1 | 2; rateOf(inputRate: number): number; encoderFor(sampleRate: number): Promise<PcmEncoder> },
  ): Promise<PcmRecorder> {
    // At the microphone's own rate where it says it (one resampling, ours; Firefox cannot mix rates).
    const inputRate = stream.getAudioTracks()[0]?.getSettings().sampleRate;
    const context = new AudioContext(inputRate ? { sampleRate: inputRate } : {});
    try {
      await loadPcmWorklet(context);
      const sampleRate = options.rateOf(context.sampleRate);
      const encoder = await options.encoderFor(sampleRate);
      const processorOptions: PcmProcessorOptions = { sampleRate, channels: options.channels };
      const node = new AudioWorkletNode(context, PCM_PROCESSOR, { numberOfInputs: 1, numberOfOutputs: 0, processorOptions });
      return new PcmRecorder(context, context.createMediaStreamSource(stream), node, encoder, sampleRate);
    } catch (error) {
      void context.close();
      throw error;
    }
  }

  /** Milliseconds of sound recorded: the audio clock's, which may run apart from the page's. */
  get recordedMs(): number {
    return (this.frames / this.sampleRate) * 1000;
  }

  start(timeslice?: number): void {
    if (this.state !== 'inactive' || this.everStarted) return;
    this.everStarted = true;
    this.state = 'recording';
    this.source.connect(this.node);
    void this.context.resume();
    this.command({ type: 'start' });
    this.timeslice = timeslice;
  }

  pause(): void {
    if (this.state !== 'recording') return;
    this.state = 'paused';
    this.command({ type: 'pause' });
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.state = 'recording';
    this.command({ type: 'resume' });
  }

  requestData(): void {
    if (this.state !== 'inactive') this.command({ type: 'flush' });
  }

  stop(): void {
    if (this.state === 'inactive') {
      // Never started (the recording was cancelled while it was being set up): let the audio context go.
      if (!this.everStarted && !this.ended) {
        this.ended = true;
        this.release();
      }
      return;
    }
    this.state = 'inactive';
    clearInterval(this.timer);
    this.command({ type: 'stop' });
    // An audio thread that never answers (a context the browser suspended or closed): end with what came.
    this.stopTimer = window.setTimeout(() => this.received({ channels: [], flushed: true, last: true }), STOP_ANSWER_TIMEOUT_MS);
  }

  private command(command: PcmCommand): void {
    this.node.port.postMessage(command);
  }

  private received(block: PcmBlock): void {
    // Recording from when the first sound is captured (an audio context can take a moment to run).
    if (block.started) {
      if (this.timeslice && this.state !== 'inactive') this.timer = window.setInterval(() => this.requestData(), this.timeslice);
      this.dispatchEvent(new Event('start'));
      return;
    }
    this.queue = this.queue.then(async () => {
      if (this.ended) return;
      if (!this.failed && block.channels.length) {
        this.frames += block.channels[0].length;
        try {
          this.keep(await this.encoder.encode(block.channels));
          if (block.last) this.keep(await this.encoder.finish());
        } catch (cause) {
          // What was encoded is kept; the rest of the recording cannot be.
          this.failed = true;
          const error = new DOMException(`The recording could not be encoded to ${this.mimeType}: ${(cause as Error)?.message ?? cause}`, 'EncodingError');
          this.dispatchEvent(Object.assign(new Event('error'), { error }));
        }
      }
      if (block.flushed) this.handOver();
      if (block.last) {
        this.ended = true;
        this.release();
        this.dispatchEvent(new Event('stop'));
      }
    });
  }

  private keep(bytes: Uint8Array): void {
    if (bytes.length) this.parts.push(bytes as Uint8Array<ArrayBuffer>);
  }

  /** One `dataavailable` with every byte since the last (none when there are none, as MediaRecorder). */
  private handOver(): void {
    if (this.parts.length === 0) return;
    const data = new Blob(this.parts.splice(0), { type: this.mimeType });
    this.dispatchEvent(new BlobEvent('dataavailable', { data }));
  }

  private release(): void {
    clearInterval(this.timer);
    clearTimeout(this.stopTimer);
    this.node.port.onmessage = null;
    this.source.disconnect();
    this.encoder.close();
    void this.context.close();
  }
}

/** 16-bit PCM WAV: a header whose sizes say "to the end of the file" (set right once it ends), then the samples. */
export function wavEncoder(sampleRate: number, channels: number, header: (rate: number, channels: number) => Uint8Array): PcmEncoder {
  let started = false;
  return {
    mimeType: 'audio/wav',
    encode(blocks) {
      const frames = blocks[0].length;
      let interleaved = blocks[0];
      if (blocks.length > 1) {
        interleaved = new Int16Array(frames * blocks.length);
        for (let c = 0; c < blocks.length; c++) for (let i = 0; i < frames; i++) interleaved[i * blocks.length + c] = blocks[c][i];
      }
      const samples = new Uint8Array(interleaved.buffer, interleaved.byteOffset, interleaved.byteLength);
      if (started) return samples;
      started = true;
      const head = header(sampleRate, channels);
      const bytes = new Uint8Array(head.length + samples.length);
      bytes.set(head);
      bytes.set(samples, head.length);
      return bytes;
    },
    finish: () => new Uint8Array(0),
    close() {},
  };
}
