/** Bytes in a canonical WAV header (RIFF, `fmt `, `data`). */
export const WAV_HEADER_BYTES = 44;

/** Size fields written while the length is unknown (a recording going on): "up to the end of the file". */
const UNKNOWN_SIZE = 0xffffffff;

/**
 * The 44-byte header of a 16-bit PCM WAV file. Without `dataBytes` (a stream whose end is not known
 * yet) the sizes say "to the end of the file", as streaming writers do; `fixWavSizes` writes them once
 * the file is whole.
 */
export function wavHeader(sampleRate: number, channels: number, dataBytes?: number): Uint8Array<ArrayBuffer> {
  const header = new Uint8Array(WAV_HEADER_BYTES);
  const view = new DataView(header.buffer);
  const ascii = (offset: number, text: string) => [...text].forEach((char, i) => (header[offset + i] = char.charCodeAt(0)));
  const blockAlign = channels * 2;
  ascii(0, 'RIFF');
  view.setUint32(4, dataBytes === undefined ? UNKNOWN_SIZE : 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true); // bytes per second
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, dataBytes === undefined ? UNKNOWN_SIZE : dataBytes, true);
  return header;
}

/**
 * The WAV file `blob` with its RIFF and `data` sizes set from its length (a whole frame count: a
 * partial last frame, as a crash may leave, is cut off). Throws on a file that is not one `wavHeader` wrote.
 */
export async function fixWavSizes(blob: Blob): Promise<Blob> {
  const head = new DataView(await blob.slice(0, WAV_HEADER_BYTES).arrayBuffer());
  const tag = (offset: number) => String.fromCharCode(...new Uint8Array(head.buffer, offset, 4));
  if (head.byteLength < WAV_HEADER_BYTES || tag(0) !== 'RIFF' || tag(8) !== 'WAVE' || tag(36) !== 'data') {
    throw new Error('not a WAV file with a canonical 44-byte header');
  }
  const channels = head.getUint16(22, true);
  const blockAlign = head.getUint16(32, true) || channels * 2;
  const dataBytes = blob.size - WAV_HEADER_BYTES - ((blob.size - WAV_HEADER_BYTES) % blockAlign);
  const header = wavHeader(head.getUint32(24, true), channels, dataBytes);
  return new Blob([header, blob.slice(WAV_HEADER_BYTES, WAV_HEADER_BYTES + dataBytes)], { type: blob.type });
}
