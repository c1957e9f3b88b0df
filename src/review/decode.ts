import { levelsOf } from './peaks.js';

/** Low enough that a 30-minute recording decodes to a few megabytes; every engine's offline context accepts it. */
const DECODE_RATE = 8000;

export interface DecodedRecording {
  /** See `levelsOf`. */
  levels: Float32Array;
  /** Seconds, as the decoder counts them. */
  duration: number;
}

/**
 * Decodes a recording's sound to find its levels. The browser decodes (and resamples) off the main
 * thread; what runs here is one pass over the samples at 8 kHz. Rejects when the browser cannot
 * decode it (empty, truncated, a codec it cannot play).
 */
export async function decodeRecording(blob: Blob): Promise<DecodedRecording> {
  const context = new OfflineAudioContext(1, 1, DECODE_RATE);
  const buffer = await context.decodeAudioData(await blob.arrayBuffer());
  const channels: Float32Array[] = [];
  for (let i = 0; i < buffer.numberOfChannels; i++) channels.push(buffer.getChannelData(i));
  return { levels: levelsOf(channels), duration: buffer.duration };
}
