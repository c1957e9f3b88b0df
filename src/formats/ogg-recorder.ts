import { WebmToOgg } from '../containers/webm-to-ogg.js';

/**
 * The browser's recorder of Opus in WebM, handing over Ogg: each chunk is remuxed as it comes, without
 * re-encoding, so timeslice chunks still join into the file. Speaks MediaRecorder's language.
 */
export class OggRemuxRecorder extends EventTarget {
  readonly mimeType = 'audio/ogg;codecs=opus';
  private readonly remuxer = new WebmToOgg();
  /** The chunks in the order they came, each remuxed once the one before is. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly recorder: MediaRecorder) {
    super();
    recorder.addEventListener('start', () => this.dispatchEvent(new Event('start')));
    recorder.addEventListener('dataavailable', ({ data }) => this.remux(data));
    recorder.addEventListener('error', (event) => this.dispatchEvent(Object.assign(new Event('error'), { error: (event as Event & { error?: unknown }).error })));
    recorder.addEventListener('stop', () => this.remux(null));
  }

  get state(): RecordingState {
    return this.recorder.state;
  }

  start(timeslice?: number): void {
    this.recorder.start(timeslice);
  }
  pause(): void {
    this.recorder.pause();
  }
  resume(): void {
    this.recorder.resume();
  }
  requestData(): void {
    this.recorder.requestData();
  }
  stop(): void {
    this.recorder.stop();
  }

  /** Remuxes the next chunk, or ends the file (`null`, at the recorder's stop) and then says `stop`. */
  private remux(chunk: Blob | null): void {
    this.queue = this.queue.then(async () => {
      let bytes: Uint8Array;
      try {
        bytes = chunk ? this.remuxer.push(new Uint8Array(await chunk.arrayBuffer())) : this.remuxer.end();
      } catch (cause) {
        const error = new DOMException(`The recording could not be turned into Ogg: ${(cause as Error)?.message ?? cause}`, 'EncodingError');
        this.dispatchEvent(Object.assign(new Event('error'), { error }));
        bytes = new Uint8Array(0);
      }
      if (bytes.length) this.dispatchEvent(new BlobEvent('dataavailable', { data: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: this.mimeType }) }));
      if (!chunk) this.dispatchEvent(new Event('stop'));
    });
  }
}
