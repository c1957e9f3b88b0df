/** A recording cut without re-encoding, and where the cut really fell in the original's timeline. */
export interface Cut {
  blob: Blob;
  /**
   * Where the cut file starts and ends in the original, in milliseconds: where asked for Opus sound
   * alone in WebM, else at frame or keyframe boundaries.
   */
  fromMs: number;
  toMs: number;
}

const EBML_MAGIC = [0x1a, 0x45, 0xdf, 0xa3];
const FTYP = [0x66, 0x74, 0x79, 0x70];

/** A recording's container, told by its first bytes: WebM (EBML) or MP4 (`ftyp`), else null. */
export async function containerOf(blob: Blob): Promise<'webm' | 'mp4' | null> {
  const head = new Uint8Array(await blob.slice(0, 8).arrayBuffer());
  const startsWith = (bytes: number[], at = 0) => bytes.every((byte, i) => head[at + i] === byte);
  return startsWith(EBML_MAGIC) ? 'webm' : startsWith(FTYP, 4) ? 'mp4' : null;
}

/**
 * Cuts `blob` to [fromMs, toMs) of its timeline without re-encoding: WebM (Chromium, Firefox) or
 * fragmented MP4 (Safari, Chromium's MP4), told apart by their first bytes. `null` for a file this
 * cannot cut safely (Ogg, an MP4 that is not fragmented, a layout the cutters do not follow).
 */
export async function cutRecording(blob: Blob, fromMs: number, toMs: number): Promise<Cut | null> {
  try {
    const container = await containerOf(blob);
    if (container === 'webm') return await (await import('./cut-webm.js')).cutWebm(blob, fromMs, toMs);
    if (container === 'mp4') return await (await import('./cut-mp4.js')).cutMp4(blob, fromMs, toMs);
    return null;
  } catch {
    return null;
  }
}
