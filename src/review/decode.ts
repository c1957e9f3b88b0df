import { containerOf } from '../containers/cut.js';
import { LEVEL_COUNT, levelOf, levelsOf } from './peaks.js';

/**
 * As low as offline contexts go (3 kHz, what the specification requires), so that a 30-minute
 * recording decodes to few samples; 8 kHz where an engine does not go that low.
 */
const DECODE_RATES = [3000, 8000];

/**
 * From what size a WebM recording is measured in a worker (see levels-worker.ts): about two minutes
 * at the bit rate browsers record at. A shorter one costs the main thread little, and a page whose
 * policy refuses workers is not asked for one for it.
 */
const WORKER_FROM_BYTES = 2_000_000;

export interface DecodedRecording {
  /** See `levelsOf`. */
  levels: Float32Array;
  /** Seconds, as the decoder counts them. */
  duration: number;
}

export interface DecodeOptions {
  /** Ends the worker measuring a long recording (the main thread's decoding cannot be stopped). */
  signal?: AbortSignal;
  /** From what size a WebM recording goes to the worker. */
  workerFromBytes?: number;
}

/**
 * Decodes a recording's sound to find its levels. A long WebM recording is read, decoded and measured
 * in a worker where the page allows one. Otherwise the browser decodes (and resamples) off the main
 * thread, and what runs here is one pass over the samples at 3 kHz. Rejects when the browser cannot
 * decode it (empty, truncated, a codec it cannot play).
 */
export async function decodeRecording(blob: Blob, { signal, workerFromBytes = WORKER_FROM_BYTES }: DecodeOptions = {}): Promise<DecodedRecording> {
  if (blob.size >= workerFromBytes && (await containerOf(blob)) === 'webm') {
    // Its own file: only pages that show a long recording load it.
    const { measureInWorker } = await import('./levels-worker.js');
    const measured = await measureInWorker(blob, LEVEL_COUNT, signal);
    if (measured) return { levels: measured.meanSquares.map(levelOf), duration: measured.duration };
  }
  const context = offlineContext();
  const buffer = await context.decodeAudioData(await blob.arrayBuffer());
  const channels: Float32Array[] = [];
  for (let i = 0; i < buffer.numberOfChannels; i++) channels.push(buffer.getChannelData(i));
  return { levels: levelsOf(channels), duration: buffer.duration };
}

function offlineContext(): OfflineAudioContext {
  for (const rate of DECODE_RATES) {
    try {
      return new OfflineAudioContext(1, 1, rate);
    } catch {
      // Not this low here: the next.
    }
  }
  return new OfflineAudioContext(1, 1, 44100);
}
