/**
 * The recording with a duration that players read and seek by, where the browser left none (or, for
 * WAV, the sizes its header could not know while it was recorded).
 * The header fixes load on first use, so pages pay for them when such a recording ends. A fix
 * that fails (its file cannot be loaded, the bytes are not what it expects) never loses the
 * recording: it is delivered as recorded, with a console warning.
 *
 * `mediaMs`, for an MP4 recorded on past the point where the user stopped (WebKit), cuts the
 * media at that length first.
 */
export async function seekable(blob: Blob, durationMs: number, warn: (message: string) => void, mediaMs?: number): Promise<Blob> {
  const container = /^(?:audio|video)\/(webm|mp4|wav)/.exec(blob.type)?.[1];
  if (!container) return blob;
  try {
    if (container === 'wav') return await (await import('../containers/wav.js')).fixWavSizes(blob);
    if (container === 'mp4') {
      const mp4 = await import('../containers/mp4-duration.js');
      const fixed = await mp4.withMp4Duration(blob, durationMs);
      return mediaMs === undefined ? fixed : await mp4.trimMp4(fixed, mediaMs);
    }
    return await (await import('../containers/webm-duration.js')).withWebmDuration(blob, durationMs);
  } catch (cause) {
    warn(`the recording is delivered without its duration fix, which failed: ${cause instanceof Error ? cause.message : cause}`);
    return blob;
  }
}
