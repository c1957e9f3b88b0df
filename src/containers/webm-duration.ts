/**
 * Chromium's MediaRecorder, when started with a timeslice, writes WebM whose Segment Info has no
 * Duration: players then report `Infinity` and cannot seek. This module inserts the Duration by
 * rewriting only the first bytes of the file, so its cost does not depend on the recording's length.
 */

/** EBML element IDs (Matroska/WebM), written with their length-marker bits as they appear in the file. */
export const WEBM_ID = {
  EBML: 0x1a45dfa3,
  DocType: 0x4282,
  Segment: 0x18538067,
  SeekHead: 0x114d9b74,
  Seek: 0x4dbb,
  SeekID: 0x53ab,
  SeekPosition: 0x53ac,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  Duration: 0x4489,
  Cues: 0x1c53bb6b,
  Cluster: 0x1f43b675,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackType: 0x83,
  CodecID: 0x86,
  CodecPrivate: 0x63a2,
  CodecDelay: 0x56aa,
  Timecode: 0xe7,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
  DiscardPadding: 0x75a2,
  EncryptedBlock: 0xaf,
  Position: 0xa7,
  PrevSize: 0xab,
  SilentTracks: 0x5854,
  Tags: 0x1254c367,
  Void: 0xec,
  CRC32: 0xbf,
  Audio: 0xe1,
  SamplingFrequency: 0xb5,
  Channels: 0x9f,
} as const;

const ID = WEBM_ID;

/** Matroska's default TimecodeScale: timecodes in milliseconds. */
export const DEFAULT_TIMECODE_SCALE_NS = 1_000_000;

/** How much of the blob's head to read, tried in turn: Info is normally within its first 100 bytes. */
const HEAD_READ_SIZES = [4 * 1024, 64 * 1024];

/** Duration element, ID + size + 8-byte float: what gets inserted into Info. */
const DURATION_ELEMENT_LENGTH = 2 + 1 + 8;

export interface Vint {
  /** The integer without its length marker; `null` for the reserved all-ones value ("unknown size"). */
  value: number | null;
  /** Bytes the vint takes, 1 to 8. */
  length: number;
}

/** Reads the EBML variable-length integer at `offset`; `null` if it is invalid or runs past `bytes`. */
export function readVint(bytes: Uint8Array, offset: number): Vint | null {
  if (offset >= bytes.length) return null;
  const length = Math.clz32(bytes[offset]) - 23; // leading zeros within the first byte, plus one
  if (length > 8 || offset + length > bytes.length) return null;
  let value = bytes[offset] & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + bytes[offset + i];
    allOnes &&= bytes[offset + i] === 0xff;
  }
  if (allOnes) return { value: null, length };
  return Number.isSafeInteger(value) ? { value, length } : null;
}

/** Reads an element ID (1 to 4 bytes, marker bits kept); `null` if it is invalid or runs past `bytes`. */
export function readElementId(bytes: Uint8Array, offset: number): { id: number; length: number } | null {
  const vint = readVint(bytes, offset);
  if (!vint || vint.length > 4) return null;
  let id = 0;
  for (let i = 0; i < vint.length; i++) id = id * 256 + bytes[offset + i];
  return { id, length: vint.length };
}

/** The fewest bytes that write `value` as a vint (the all-ones pattern is reserved for "unknown"). */
export function vintLength(value: number): number {
  for (let length = 1; length <= 8; length++) {
    if (value < 2 ** (7 * length) - 1) return length;
  }
  throw new RangeError(`${value} is too large for an EBML vint`);
}

/** Writes `value` as a vint of `length` bytes (default: the fewest that fit). */
export function writeVint(value: number, length = vintLength(value)): Uint8Array<ArrayBuffer> {
  if (!Number.isSafeInteger(value) || value < 0 || length < 1 || length > 8 || vintLength(value) > length) {
    throw new RangeError(`cannot write ${value} as a ${length}-byte EBML vint`);
  }
  const bytes = new Uint8Array(length);
  writeUint(bytes, 0, length, value);
  bytes[0] |= 0x80 >> (length - 1);
  return bytes;
}

function writeUint(bytes: Uint8Array, offset: number, length: number, value: number): void {
  for (let i = length - 1; i >= 0; i--) {
    bytes[offset + i] = value % 256;
    value = Math.floor(value / 256);
  }
}

type Unpatchable = 'not-webm' | 'has-duration' | 'truncated' | 'unsupported';

export type HeaderPatch =
  /** `header` replaces the input's first `replacedLength` bytes. */
  | { kind: 'patched'; header: Uint8Array<ArrayBuffer>; replacedLength: number; insertedLength: number }
  /** `truncated`: the head ends before Info does, a longer head may do. */
  | { kind: Unpatchable };

class CannotPatch extends Error {
  constructor(readonly reason: Unpatchable) {
    super(reason);
  }
}

export interface EbmlElement {
  id: number;
  start: number;
  sizeStart: number;
  sizeLength: number;
  /** `null` for unknown size. */
  size: number | null;
  dataStart: number;
  /** `Infinity` for unknown size. */
  end: number;
}

/** Something unreadable within an element header's length (at most 12 bytes) of the end may just be cut off. */
const unreadable = (bytes: Uint8Array, offset: number) =>
  new CannotPatch(offset + 12 > bytes.length ? 'truncated' : 'unsupported');

export function elementAt(bytes: Uint8Array, start: number): EbmlElement {
  const id = readElementId(bytes, start);
  const sizeStart = start + (id?.length ?? 0);
  const size = id && readVint(bytes, sizeStart);
  if (!id || !size) throw unreadable(bytes, start);
  const dataStart = sizeStart + size.length;
  const end = size.value === null ? Infinity : dataStart + size.value;
  return { id: id.id, start, sizeStart, sizeLength: size.length, size: size.value, dataStart, end };
}

/** The children of a known-size element that lies wholly in `bytes`. */
export function childrenOf(bytes: Uint8Array, parent: EbmlElement): EbmlElement[] {
  if (parent.end > bytes.length) throw new CannotPatch(parent.size === null ? 'unsupported' : 'truncated');
  const children: EbmlElement[] = [];
  for (let offset = parent.dataStart; offset < parent.end; ) {
    const child = elementAt(bytes, offset);
    if (child.end > parent.end) throw new CannotPatch('unsupported');
    children.push(child);
    offset = child.end;
  }
  return children;
}

export function readUint(bytes: Uint8Array, element: EbmlElement): number {
  let value = 0;
  for (let i = element.dataStart; i < element.end; i++) value = value * 256 + bytes[i];
  if (!Number.isSafeInteger(value)) throw new CannotPatch('unsupported');
  return value;
}

/** A 4- or 8-byte float; `NaN` for any other width. */
function readFloat(bytes: Uint8Array, element: EbmlElement): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset + element.dataStart, element.end - element.dataStart);
  if (view.byteLength === 4) return view.getFloat32(0);
  if (view.byteLength === 8) return view.getFloat64(0);
  return NaN;
}

function readString(bytes: Uint8Array, element: EbmlElement): string {
  return new TextDecoder().decode(bytes.subarray(element.dataStart, element.end)).replace(/\0+$/, '');
}

/** A size field for `size`, no narrower than `minLength` so that, when it fits, nothing else moves. */
function sizeField(size: number, minLength: number): Uint8Array<ArrayBuffer> {
  if (!Number.isSafeInteger(size)) throw new CannotPatch('unsupported');
  return writeVint(size, Math.max(minLength, vintLength(size)));
}

/**
 * Rewrites the head of a WebM file (its first bytes, up to at least the end of Segment Info) so that
 * Info carries a Duration of `durationMs`. Works on the header only and never throws on bad input.
 */
export function patchWebmHeader(head: Uint8Array, durationMs: number): HeaderPatch {
  try {
    return { kind: 'patched', ...insertDuration(head, durationMs) };
  } catch (error) {
    if (error instanceof CannotPatch) return { kind: error.reason };
    throw error;
  }
}

function insertDuration(bytes: Uint8Array, durationMs: number) {
  if (!(durationMs > 0 && Number.isFinite(durationMs))) throw new CannotPatch('unsupported');
  if (bytes.length < 4) throw new CannotPatch('truncated');
  if (readElementId(bytes, 0)?.id !== ID.EBML) throw new CannotPatch('not-webm');

  const ebml = elementAt(bytes, 0);
  const docType = childrenOf(bytes, ebml).find((child) => child.id === ID.DocType);
  if (!docType || readString(bytes, docType) !== 'webm') throw new CannotPatch('not-webm');

  const segment = elementAt(bytes, ebml.end);
  if (segment.id !== ID.Segment) throw new CannotPatch('unsupported');

  let seekHead: EbmlElement | undefined;
  let info: EbmlElement | undefined;
  for (let offset = segment.dataStart; !info; ) {
    if (offset >= segment.end) throw new CannotPatch('unsupported');
    const child = elementAt(bytes, offset);
    if (child.id === ID.Info) info = child;
    else if (child.id === ID.SeekHead && !seekHead) seekHead = child;
    else if (child.size === null || holdsPositions(child) || child.id === ID.Cluster) throw new CannotPatch('unsupported');
    offset = child.end;
  }
  if (info.end > segment.end) throw new CannotPatch('unsupported');

  let timecodeScale = DEFAULT_TIMECODE_SCALE_NS;
  let placeholder: EbmlElement | undefined;
  for (const child of childrenOf(bytes, info)) {
    if (child.id === ID.Duration) {
      if (readFloat(bytes, child) > 0) throw new CannotPatch('has-duration');
      placeholder = child; // Firefox writes a Duration of 0 and never comes back to fill it in.
    }
    if (child.id === ID.TimecodeScale) timecodeScale = readUint(bytes, child);
  }
  if (timecodeScale === 0) throw new CannotPatch('unsupported');
  const scaledDuration = (durationMs * 1_000_000) / timecodeScale;

  if (placeholder) {
    // Same width, so nothing moves: only the value changes.
    const header = bytes.slice(0, info.end);
    const view = new DataView(header.buffer, placeholder.dataStart, placeholder.end - placeholder.dataStart);
    if (view.byteLength !== 4 && view.byteLength !== 8) throw new CannotPatch('unsupported');
    if (view.byteLength === 4) view.setFloat32(0, scaledDuration);
    else view.setFloat64(0, scaledDuration);
    return { header, replacedLength: info.end, insertedLength: 0 };
  }
  rejectPositionsAfter(bytes, info.end, segment.end);

  const infoSizeField = sizeField(info.size! + DURATION_ELEMENT_LENGTH, info.sizeLength);
  const insertedLength = DURATION_ELEMENT_LENGTH + infoSizeField.length - info.sizeLength;

  const segmentSizeField =
    segment.size === null
      ? bytes.subarray(segment.sizeStart, segment.dataStart)
      : sizeField(segment.size + insertedLength, segment.sizeLength);

  const beforeInfo = bytes.slice(0, info.sizeStart);
  if (seekHead) {
    // SeekPositions count from the Segment's data: those past Info move by what we insert.
    shiftSeekPositions(beforeInfo, seekHead, info.start - segment.dataStart, insertedLength);
  }

  const duration = new Uint8Array(DURATION_ELEMENT_LENGTH);
  duration.set([0x44, 0x89, 0x88]); // ID.Duration, then a size of 8
  new DataView(duration.buffer).setFloat64(3, scaledDuration);

  const header = concatBytes([
    bytes.subarray(0, segment.sizeStart),
    segmentSizeField,
    beforeInfo.subarray(segment.dataStart),
    infoSizeField,
    bytes.subarray(info.dataStart, info.end),
    duration,
  ]);
  return { header, replacedLength: info.end, insertedLength };
}

/** Cues, and SeekHeads past the first, hold positions we would leave stale. */
const holdsPositions = (element: EbmlElement) => element.id === ID.Cues || element.id === ID.SeekHead;

/** Refuses the file if Cues or a SeekHead follow Info within the head, up to the first Cluster. */
function rejectPositionsAfter(bytes: Uint8Array, offset: number, segmentEnd: number): void {
  while (offset < Math.min(segmentEnd, bytes.length)) {
    let child: EbmlElement;
    try {
      child = elementAt(bytes, offset);
    } catch (error) {
      if (error instanceof CannotPatch && error.reason === 'truncated') return;
      throw error;
    }
    if (holdsPositions(child)) throw new CannotPatch('unsupported');
    if (child.id === ID.Cluster || child.size === null) return;
    offset = child.end;
  }
}

/** Adds `shift` in place to every SeekPosition past `infoPosition`, keeping each field's width. */
function shiftSeekPositions(bytes: Uint8Array, seekHead: EbmlElement, infoPosition: number, shift: number) {
  for (const seek of childrenOf(bytes, seekHead)) {
    if (seek.id !== ID.Seek) continue;
    const fields = childrenOf(bytes, seek);
    const target = fields.find((field) => field.id === ID.SeekID);
    const position = fields.find((field) => field.id === ID.SeekPosition);
    if (!target || !position) throw new CannotPatch('unsupported');
    const targetId = readUint(bytes, target);
    // Cues and further SeekHeads hold positions of their own, which lie beyond the head.
    if (targetId === ID.Cues || targetId === ID.SeekHead) throw new CannotPatch('unsupported');
    const value = readUint(bytes, position);
    if (value <= infoPosition) continue;
    const width = position.end - position.dataStart;
    if (width > 6 || value + shift >= 2 ** (8 * width)) throw new CannotPatch('unsupported');
    writeUint(bytes, position.dataStart, width, value + shift);
  }
}

function concatBytes(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const result = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

/**
 * Returns a Blob whose WebM Segment Info carries `durationMs`; returns `blob` itself when it is not
 * WebM, already has a Duration, or cannot be parsed safely. Reads at most the first 64 KB of `blob`.
 */
export async function withWebmDuration(blob: Blob, durationMs: number): Promise<Blob> {
  try {
    for (const readSize of HEAD_READ_SIZES) {
      const head = new Uint8Array(await blob.slice(0, readSize).arrayBuffer());
      const patch = patchWebmHeader(head, durationMs);
      if (patch.kind === 'patched') {
        return new Blob([patch.header, blob.slice(patch.replacedLength)], { type: blob.type });
      }
      if (patch.kind !== 'truncated' || head.length >= blob.size) break;
    }
  } catch {
    // An unreadable blob (e.g. its file is gone) is handed back as it is.
  }
  return blob;
}
