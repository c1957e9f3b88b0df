/**
 * `upload-url`, loaded only by elements that set it: sends each recording to a tus 1.0 server while
 * it is recorded, from the element's own `start`, `dataavailable` and `stop` events.
 *
 * One upload of deferred length gets the chunks as they come. At the stop, when the final file is
 * those very bytes (Ogg, MP3, or a recording no header fix touched), declaring the length completes
 * it: the server holds the file. When a header fix rewrote the file's head (WebM, MP4, WAV), the
 * fixed file is uploaded again as a new upload, and the first one is deleted once the fixed one
 * is whole: the server holds a complete copy at every moment, and ends with the exact bytes of `blob`.
 */
import type { ReactiveControllerHost } from 'lit';
import { html, nothing } from '../template.js';
import { Upload, type DetailedError, type HttpRequest, type UploadOptions } from 'tus-js-client/lib/browser/index.js';
import type { MediaRecorderButtonEventMap, UploadHeaders } from '../events.js';
import { recordingFileName, fileExtension } from '../recording/mime-type.js';
import { addReactListener } from '../recording/react-listeners.js';
import { failureMessage, retryable, RETRY_DELAYS_MS, sameBytes, uploadUrlProblem, type Failure } from './check.js';
import { RecordingSource } from './source.js';

export { uploadUrlProblem };

type Host = ReactiveControllerHost &
  HTMLElement & {
    uploadUrl: string;
    uploadHeaders?: UploadHeaders;
    messageUploading?: string;
    messageUploadWaiting?: string;
    messageUploaded?: string;
    messageUploadFailed?: string;
    /** Seconds recorded so far. */
    readonly duration: number;
  };

/** What the element does for the upload. */
export interface UploadElement {
  /** A refusal that retrying cannot fix: shown, and dispatched as `error`. */
  failed(error: DOMException): void;
  /** The upload of the recording being made has a URL: kept with its saved chunks (`persist`). */
  remember(url: string): void;
}

/** What the `upload` part shows. */
export type UploadState = 'uploading' | 'waiting' | 'done' | 'failed';

/** No answer nor progress for this long on a request: the connection is taken as dead and the upload resumed. */
export const STALL_MS = 10_000;

/** The most one PATCH carries. */
const CHUNK_SIZE = 8 * 1024 * 1024;

type Listener<K extends keyof MediaRecorderButtonEventMap> = (event: MediaRecorderButtonEventMap[K]) => void;

export class UploadController {
  state: UploadState | null = null;
  #message = '';
  /** The upload of the recording being made. */
  #live: Transfer | null = null;

  constructor(
    private readonly host: Host,
    private readonly element: UploadElement,
  ) {
    host.addEventListener('start', this.onStart as EventListener, true);
    host.addEventListener('dataavailable', this.onData as EventListener, true);
    host.addEventListener('stop', this.onStop as EventListener, true);
  }

  /** Refuses, before the microphone is asked for, an `upload-url` that cannot work. */
  check(): void {
    const problem = uploadUrlProblem(this.host.uploadUrl, document.baseURI);
    if (problem) throw problem;
  }

  /** The `upload` part: what the upload is doing, spoken politely. */
  view() {
    if (!this.state) return nothing;
    return html`<span part="upload" role="status" data-state=${this.state}>${this.#message}</span>`;
  }

  /**
   * A recording recovered with `persist`: finishes its upload. `url` is the upload its chunks were
   * going to (if it had one), `raw` those chunks as saved, `blob` the recovered file.
   */
  resume(url: string | undefined, raw: Blob, blob: Blob, seconds: number): void {
    if (!this.host.uploadUrl || this.#problem()) return;
    const transfer = new Transfer(this, new RecordingSource([raw], true), blob.type, url);
    void transfer.finish(blob, seconds);
  }

  #problem(): boolean {
    return uploadUrlProblem(this.host.uploadUrl, document.baseURI) !== null;
  }

  private readonly onStart: Listener<'start'> = (event) => {
    if (event.target !== this.host || !this.host.uploadUrl || this.#problem()) return;
    this.#live = new Transfer(this, new RecordingSource(), event.detail.mimeType);
  };

  private readonly onData: Listener<'dataavailable'> = (event) => {
    if (event.target !== this.host || !this.#live) return;
    this.#live.source.add(event.detail.data);
    this.#live.progress();
  };

  private readonly onStop: Listener<'stop'> = (event) => {
    const live = this.#live;
    if (event.target !== this.host || !live) return;
    this.#live = null;
    void live.finish(event.detail.blob, event.detail.duration);
  };

  /** @internal For the transfers. */
  show(state: UploadState, message = ''): void {
    const { host } = this;
    const text = {
      uploading: host.messageUploading ?? 'Uploading the recording',
      waiting: host.messageUploadWaiting ?? 'Waiting for the network to upload the recording',
      done: host.messageUploaded ?? 'Recording uploaded',
      failed: (host.messageUploadFailed ?? 'Upload failed: {message}').replace('{message}', message),
    }[state];
    if (this.state === state && this.#message === text) return;
    this.state = state;
    this.#message = text;
    host.requestUpdate();
  }

  /** @internal */
  emit<K extends 'uploadprogress' | 'uploaded'>(type: K, detail: MediaRecorderButtonEventMap[K]['detail']): void {
    addReactListener(this.host, type);
    this.host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  /** @internal */
  fail(failure: Failure, status: number): void {
    const error = new DOMException(failureMessage(this.host.uploadUrl, failure, status), 'NetworkError');
    this.show('failed', error.message);
    this.element.failed(error);
  }

  /** @internal The tus options every upload of this element uses. */
  options(): UploadOptions {
    const { host } = this;
    return {
      endpoint: new URL(host.uploadUrl, document.baseURI).href,
      chunkSize: CHUNK_SIZE,
      retryDelays: RETRY_DELAYS_MS,
      storeFingerprintForResuming: false,
      removeFingerprintOnSuccess: true,
      onBeforeRequest: async (request: HttpRequest) => {
        const source = host.uploadHeaders;
        const headers = typeof source === 'function' ? await source() : source;
        for (const [name, value] of Object.entries(headers ?? {})) request.setHeader(name, value);
      },
    };
  }

  /** @internal */
  remember(url: string): void {
    this.element.remember(url);
  }
}

/** One recording's way to the server: the live upload, and at the end the fixed file if it differs. */
class Transfer {
  #upload!: Upload;
  /** What the upload in progress sends. */
  #source: RecordingSource;
  /** Settles when the upload in progress completes (`true`) or fails for good (`false`). */
  #done!: Promise<boolean>;
  #settle: (done: boolean) => void = () => {};
  #status = 0;
  /** When the request in flight last showed a sign of life; 0 while none is in flight. */
  #lastSign = 0;
  #watchdog = 0;

  constructor(
    private readonly controller: UploadController,
    readonly source: RecordingSource,
    private readonly mimeType: string,
    url?: string,
  ) {
    this.#source = source;
    this.#open(source, {
      uploadLengthDeferred: true,
      uploadUrl: url,
      metadata: { filename: recordingFileName(new Date(), fileExtension(mimeType)), filetype: mimeType },
      onUploadUrlAvailable: () => controller.remember(this.#upload.url!),
    });
  }

  /** Tells the page how far the server is. */
  progress(): void {
    this.controller.emit('uploadprogress', { bytesUploaded: this.#offset, bytesRecorded: this.#source.recorded });
  }

  #offset = 0;

  /** The recording ended as `blob`: completes the upload with the exact bytes of `blob`, then `uploaded`. */
  async finish(blob: Blob, seconds: number): Promise<void> {
    this.source.end();
    const [liveDone, same] = await Promise.all([this.#done, sameBytes(this.source.blob(), blob)]);
    if (!liveDone) return;
    const liveUrl = this.#upload.url!;
    if (same && this.source.declaredLength === blob.size) return this.#uploaded(liveUrl, blob);
    // The file's head was rewritten at the stop (or the server held more than was saved): send the file as it is now.
    const type = blob.type || this.mimeType;
    this.#source = new RecordingSource([blob], true);
    this.#offset = 0;
    this.#open(this.#source, {
      uploadSize: blob.size,
      metadata: { filename: recordingFileName(new Date(), fileExtension(type)), filetype: type, duration: String(seconds) },
    });
    if (!(await this.#done)) return;
    const url = this.#upload.url!;
    await Upload.terminate(liveUrl, this.controller.options()).catch(() => {}); // what is left is only a copy
    this.#uploaded(url, blob);
  }

  #uploaded(url: string, blob: Blob): void {
    this.controller.show('done');
    this.controller.emit('uploaded', { url, blob });
  }

  #open(source: RecordingSource, options: UploadOptions): void {
    const base = this.controller.options();
    this.controller.show('uploading');
    this.#done = new Promise((resolve) => (this.#settle = resolve));
    this.#upload = new Upload(source, {
      ...base,
      ...options,
      fileReader: { openFile: () => Promise.resolve(source) },
      onBeforeRequest: async (request) => {
        await base.onBeforeRequest!(request);
        this.#sign();
      },
      onAfterResponse: (_request, response) => {
        this.#status = response.getStatus();
        this.#lastSign = 0;
      },
      onProgress: () => this.#sign(),
      onChunkComplete: (_size, accepted) => {
        this.#offset = accepted;
        this.controller.show('uploading');
        this.progress();
      },
      onShouldRetry: (error) => this.#shouldRetry(error as DetailedError),
      onSuccess: () => {
        this.#stopWatch();
        this.#settle(true);
      },
      onError: (error) => this.#onError(error as DetailedError),
    });
    this.#upload.start();
  }

  #shouldRetry(error: DetailedError): boolean {
    const status = error.originalResponse?.getStatus() ?? 0;
    if (!retryable(status) || notTus(error)) return false;
    if (!navigator.onLine) return false; // waits for `online` instead (see #onError)
    this.controller.show('uploading');
    return true;
  }

  #onError(error: DetailedError): void {
    const status = error.originalResponse?.getStatus() ?? this.#status;
    if (notTus(error)) return this.#fail('not-tus', status);
    if (!retryable(status)) return this.#fail('refused', status);
    if (!navigator.onLine) {
      this.#stopWatch();
      this.controller.show('waiting');
      window.addEventListener(
        'online',
        () => {
          this.controller.show('uploading');
          this.#upload.start(); // resumes from the server's offset (HEAD)
        },
        { once: true },
      );
      return;
    }
    this.#fail('gave-up', status);
  }

  #fail(failure: Failure, status: number): void {
    this.#stopWatch();
    void this.#upload.abort();
    this.controller.fail(failure, status);
    this.#settle(false);
  }

  /** A request shows a sign of life; the first one starts the watch for stalled connections. */
  #sign(): void {
    this.#lastSign = performance.now();
    this.#watchdog ||= window.setInterval(() => {
      if (!this.#lastSign || performance.now() - this.#lastSign <= STALL_MS) return;
      this.#lastSign = 0;
      // An aborted request settles nothing in tus-js-client; start() resumes from the server's offset (HEAD).
      void this.#upload.abort();
      this.#upload.start();
    }, 1000);
  }

  #stopWatch(): void {
    clearInterval(this.#watchdog);
    this.#watchdog = 0;
    this.#lastSign = 0;
  }
}

/** A server that answers, but not as a tus server does. */
function notTus(error: DetailedError): boolean {
  const response = error.originalResponse;
  if (!response) return false;
  const status = response.getStatus();
  if (status >= 200 && status < 300) return true; // tus-js-client found no Location or Upload-Offset in a success
  return (status === 404 || status === 405) && !response.getHeader('Tus-Resumable');
}
