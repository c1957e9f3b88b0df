/**
 * MP3 encoding in a worker, with LAME (@breezystack/lamejs, LGPL-3.0). Loaded only for `format="mp3"`.
 * The worker runs from a `blob:` URL made from its own source text and LAME's (generated at build
 * time by scripts/build-lame.mjs), so no bundler has to know of a worker file; a page's
 * Content-Security-Policy must then allow `blob:` workers.
 */
import { lameSource } from './lame-source.generated.js';

export interface Mp3EncoderOptions {
  sampleRate: number;
  channels: 1 | 2;
  /** Default: 64 for mono, 128 for stereo, lowered to what MPEG allows at low sample rates. */
  kbps?: number;
}

export interface Mp3Encoder {
  /**
   * Encodes the next PCM block (one Int16Array per channel, same length); their buffers are handed to
   * the worker (detached here). Resolves with the MP3 bytes ready (may be empty). Calls resolve in order.
   */
  encode(channels: Int16Array[]): Promise<Uint8Array>;
  /** Flushes LAME: the last frames. The encoder cannot be used after. */
  finish(): Promise<Uint8Array>;
  /** Ends the worker and revokes its URL (safe more than once, also mid-way). */
  close(): void;
}

/** The sample rates MP3 (MPEG-1/2/2.5) can carry. */
export const MP3_SAMPLE_RATES: readonly number[] = Object.freeze([8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000]);

/** What the worker is asked, each with an `id` that its answer repeats. */
type Request = { sampleRate: number; channels: number; kbps: number } | { pcm: Int16Array[] } | { finish: true };
type Reply = { id: number; bytes: Uint8Array } | { id: number; error: string };

const refused = (why: string) =>
  new DOMException(`The MP3 encoder could not be started: the page refused its worker (a Content-Security-Policy must allow blob: workers: worker-src blob:, or script-src blob: where it sets no worker-src). (${why})`, 'SecurityError');

/**
 * Starts the worker; rejects (with a DOMException whose name says why: 'SecurityError' when the page
 * refuses the worker, 'NotSupportedError' for a sample rate MP3 cannot carry) if it cannot.
 */
export async function startMp3Encoder(options: Mp3EncoderOptions): Promise<Mp3Encoder> {
  const { sampleRate, channels } = options;
  if (!MP3_SAMPLE_RATES.includes(sampleRate)) throw new DOMException(`MP3 cannot carry ${sampleRate} Hz: use one of ${MP3_SAMPLE_RATES.join(', ')}.`, 'NotSupportedError');
  if (channels !== 1 && channels !== 2) throw new DOMException(`MP3 carries 1 or 2 channels, not ${channels}.`, 'NotSupportedError');
  if (typeof Worker !== 'function') throw new DOMException('This browser has no Web Workers to encode MP3 in.', 'NotSupportedError');
  // LAME takes the nearest bit rate MPEG allows at this rate (at most 160 kbps below 32 kHz, 64 below 16 kHz).
  const kbps = options.kbps ?? (channels === 1 ? 64 : 128);

  const url = URL.createObjectURL(new Blob([`${lameSource};(${mp3Worker})()`], { type: 'text/javascript' }));
  let worker: Worker;
  try {
    worker = new Worker(url);
  } catch (cause) {
    // Trusted Types enforced (a plain string is no script URL), or a policy checked at once.
    URL.revokeObjectURL(url);
    throw refused((cause as Error)?.message ?? String(cause));
  }

  const pending = new Map<number, { resolve(bytes: Uint8Array): void; reject(error: unknown): void }>();
  let nextId = 0;
  let ended: DOMException | null = null;
  const close = (reason = new DOMException('The MP3 encoder was closed.', 'AbortError')) => {
    if (ended) return;
    ended = reason;
    worker.terminate();
    URL.revokeObjectURL(url);
    for (const { reject } of pending.values()) reject(reason);
    pending.clear();
  };
  const ask = (request: Request, transfer: Transferable[] = []) =>
    new Promise<Uint8Array>((resolve, reject) => {
      if (ended) return reject(ended);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id }, transfer);
    });

  worker.onmessage = ({ data }: MessageEvent<Reply>) => {
    const call = pending.get(data.id);
    pending.delete(data.id);
    if ('bytes' in data) call?.resolve(data.bytes);
    else call?.reject(new DOMException(`MP3 encoding failed: ${data.error}`, 'EncodingError'));
  };
  worker.onerror = (event) => {
    event.preventDefault();
    // A script that ran and threw says what (an ErrorEvent with a message); a refused one says nothing.
    const message = event instanceof ErrorEvent ? event.message : '';
    close(message ? new DOMException(`The MP3 encoder failed: ${message}`, 'EncodingError') : refused('its script was not run'));
  };

  // The worker answers once its script runs and LAME is set up: the page did not refuse it.
  try {
    await ask({ sampleRate, channels, kbps });
  } catch (error) {
    close();
    throw error;
  }
  URL.revokeObjectURL(url);

  let finished = false;
  return {
    encode(pcm) {
      if (finished) return Promise.reject(new DOMException('The MP3 encoder was finished.', 'InvalidStateError'));
      // Channels may share a buffer; a buffer is transferred once.
      const buffers = [...new Set(pcm.map((channel) => channel.buffer))].filter((buffer) => buffer instanceof ArrayBuffer);
      return ask({ pcm }, buffers);
    },
    finish() {
      if (finished) return Promise.reject(new DOMException('The MP3 encoder was finished.', 'InvalidStateError'));
      finished = true;
      return ask({ finish: true });
    },
    close: () => close(),
  };
}

/**
 * The worker. It runs from its own source text after LAME's (`lamejs` in its scope), so it uses
 * nothing from outside its body.
 */
function mp3Worker(): void {
  // Declared by LAME's source text, which runs before this function's.
  interface Lame {
    encodeBuffer(left: Int16Array, right: Int16Array): Int8Array;
    flush(): Int8Array;
  }
  const lame = (globalThis as unknown as { lamejs: { Mp3Encoder: new (channels: number, sampleRate: number, kbps: number) => Lame } }).lamejs;
  let encoder: Lame;

  const reply = (id: number, encoded: Int8Array) => {
    const bytes = new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.length);
    self.postMessage({ id, bytes }, { transfer: [bytes.buffer] });
  };

  self.onmessage = ({ data }: MessageEvent<Request & { id: number }>) => {
    try {
      if ('sampleRate' in data) {
        encoder = new lame.Mp3Encoder(data.channels, data.sampleRate, data.kbps);
        reply(data.id, new Int8Array(0));
      } else if ('pcm' in data) {
        reply(data.id, encoder.encodeBuffer(data.pcm[0], data.pcm[1] ?? data.pcm[0]));
      } else {
        reply(data.id, encoder.flush());
      }
    } catch (error) {
      self.postMessage({ id: data.id, error: String(error) });
    }
  };
}
