// Building files byte by byte, for the tests of the container code.

export function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const result = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  parts.reduce((offset, part) => (result.set(part, offset), offset + part.length), 0);
  return result;
}

/** `value` big-endian in `width` bytes (by default as few as it needs): EBML IDs and integers. */
export function uint(value: number, width = Math.max(1, Math.ceil(Math.log2(value + 1) / 8))): Uint8Array {
  const bytes = new Uint8Array(width);
  for (let i = width - 1; i >= 0; i--, value = Math.floor(value / 256)) bytes[i] = value % 256;
  return bytes;
}

/** A 32-bit big-endian integer, as MP4 boxes write them. */
export function u32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value);
  return bytes;
}

export const ascii = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));

/** An EBML size field saying "unknown size", as live WebM writes Segments and Clusters. */
export const UNKNOWN_SIZE = Uint8Array.of(0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
