import { levelsOf } from './peaks.js';

/**
 * As low as offline contexts go (3 kHz, what the specification requires), so that a 30-minute
 * recording decodes to few samples; 8 kHz where an engine does not go that low.
 */
const DECODE_RATES = [3000, 8000];

export interface DecodedRecording {
  /** See `levelsOf`. */
  levels: Float32Array;
  /** Seconds, as the decoder counts them. */
  duration: number;
}

/**
 * Decodes a recording's sound to find its levels. The browser decodes (and resamples) off the main
 * thread; what runs here is one pass over the samples at 3 kHz. Rejects when the browser cannot
 * decode it (empty, truncated, a codec it cannot play).
 */
export async function decodeRecording(blob: Blob): Promise<DecodedRecording> {
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
