// Building files byte by byte, for the tests of the container code.
import { writeVint } from '../src/containers/webm-duration.js';

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

/**
 * Matroska element IDs, with their marker bits, for WebM built by hand. Written out here rather than taken
 * from the code under test, so that a wrong ID there cannot hide in both.
 */
export const WEBM_ID = {
  EBML: 0x1a45dfa3,
  DocType: 0x4282,
  Segment: 0x18538067,
  SeekHead: 0x114d9b74,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  Duration: 0x4489,
  MuxingApp: 0x4d80,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackType: 0x83,
  CodecPrivate: 0x63a2,
  CodecDelay: 0x56aa,
  Cluster: 0x1f43b675,
  Timecode: 0xe7,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
  DiscardPadding: 0x75a2,
  Cues: 0x1c53bb6b,
  Tags: 0x1254c367,
  Void: 0xec,
  CodecID: 0x86,
  Audio: 0xe1,
  SamplingFrequency: 0xb5,
  Channels: 0x9f,
};

/** An EBML element with its size. */
export const el = (id: number, ...data: Uint8Array[]) => concat(uint(id), writeVint(concat(...data).length), ...data);

/** An EBML element of unknown size, as live WebM writes Segments and Clusters. */
export const unknownSize = (id: number, ...data: Uint8Array[]) => concat(uint(id), UNKNOWN_SIZE, ...data);
