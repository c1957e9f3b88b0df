/**
 * The recording with a duration that players read and seek by, where the browser left none.
 * The header fixes load on first use, so pages pay for them when such a recording ends. A fix
 * that fails (its file cannot be loaded, the bytes are not what it expects) never loses the
 * recording: it is delivered as recorded, with a console warning.
 */
export async function seekable(blob: Blob, durationMs: number, warn: (message: string) => void): Promise<Blob> {
  if (!/^(audio|video)\/webm/.test(blob.type)) return blob;
  try {
    const { withWebmDuration } = await import('../containers/webm-duration.js');
    return await withWebmDuration(blob, durationMs);
  } catch (cause) {
    warn(`the recording is delivered without its duration fix, which failed: ${cause instanceof Error ? cause.message : cause}`);
    return blob;
  }
}
