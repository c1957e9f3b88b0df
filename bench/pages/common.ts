/** The waveform size measured: 300 × 64 CSS px (the runner sets devicePixelRatio 2). */
export const waveformCss = '--mrb-waveform-width: 300px; --mrb-waveform-height: 64px; display: inline-flex;';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Forces a full garbage collection (the runner starts Chromium with --expose-gc). */
export const gc = () => (globalThis as unknown as { gc?: () => void }).gc?.();

/** Bytes of JS heap in use (precise: the runner passes --enable-precise-memory-info). */
export const heapUsed = () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN;

/** What a player makes of a final recording: is its duration known, can it seek? */
export async function endRecording(blob: Blob) {
  const url = URL.createObjectURL(blob);
  try {
    const audio = new Audio();
    audio.preload = 'metadata';
    const loaded = new Promise<void>((resolve, reject) => {
      audio.addEventListener('loadedmetadata', () => resolve(), { once: true });
      audio.addEventListener('error', () => reject(audio.error), { once: true });
    });
    audio.src = url;
    await loaded;
    const seekable = audio.seekable.length > 0 ? audio.seekable.end(audio.seekable.length - 1) : 0;
    return { size: blob.size, playerDuration: audio.duration, seekable: Number.isFinite(audio.duration) && seekable > 0 };
  } catch {
    return { size: blob.size, playerDuration: NaN, seekable: false };
  } finally {
    URL.revokeObjectURL(url);
  }
}
