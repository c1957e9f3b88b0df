/**
 * MediaRecorder's MP4 often declares the wrong length. WebKitGTK writes a fragmented MP4 whose
 * `mvhd`, `tkhd`, `mdhd` and `mehd` durations are all 0 (players then show about 1 s, the first
 * fragment), and writes a fragment's `moof` twice where it flushes, which makes decoders give up.
 * Chromium's timesliced `audio/mp4` has a 0 `mvhd` duration and the first slice's length in
 * `tkhd` and `mdhd`, and even its complete files put milliseconds in `mdhd`'s media timescale.
 *
 * This module rewrites the durations in the `moov` box in place (same size, so no offset moves),
 * reading only that box, wherever it sits; in a fragmented file it also drops the repeated `moof`s,
 * reading the fragments' headers in windows and never copying the media data.
 */

/** Box types whose children are boxes, on the way to the durations. */
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'mvex']);

/** Longest `moov` read: a non-fragmented file's sample tables grow with its length (about 8 bytes a frame). */
const MAX_MOOV_SIZE = 64 * 1024 * 1024;

/** How much is read at a time while walking the fragments (a fragment's `moof` is under 1 kB). */
const WINDOW_SIZE = 64 * 1024;

/** Boxes walked at the top level before giving up on finding `moov`. */
const MAX_TOP_LEVEL_BOXES = 64;

const MAX_UINT32 = 0xffff_ffff;

export interface Box {
  type: string;
  /** Offset of the box's first byte. */
  start: number;
  /** Offset of its payload, after the size, type and any 64-bit size. */
  contentStart: number;
  /** Offset just past its last byte. */
  end: number;
}

/**
 * Reads the box header at `offset` of `bytes` (whose first byte is at `base` in the file) and
 * returns the box in file offsets; `null` if the header is cut short or invalid. A size of 0
 * ("to the end") is resolved against `fileSize`.
 */
export function readBoxHeader(bytes: Uint8Array, offset: number, base = 0, fileSize = base + bytes.length): Box | null {
  if (offset < 0 || offset + 8 > bytes.length) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let size = view.getUint32(offset);
  const type = String.fromCharCode(bytes[offset + 4], bytes[offset + 5], bytes[offset + 6], bytes[offset + 7]);
  let headerSize = 8;
  if (size === 1) {
    if (offset + 16 > bytes.length) return null;
    size = view.getUint32(offset + 8) * 2 ** 32 + view.getUint32(offset + 12);
    headerSize = 16;
  } else if (size === 0) {
    size = fileSize - (base + offset);
  }
  if (size < headerSize || !Number.isSafeInteger(size)) return null;
  const start = base + offset;
  return { type, start, contentStart: start + headerSize, end: start + size };
}

/** The child boxes of `bytes[start, end)` (offsets within `bytes`); stops at the first invalid one. */
export function childBoxes(bytes: Uint8Array, start: number, end: number): Box[] {
  const boxes: Box[] = [];
  let offset = start;
  while (offset + 8 <= end) {
    const box = readBoxHeader(bytes, offset, 0, end);
    if (!box || box.end > end) break;
    boxes.push(box);
    offset = box.end;
  }
  return boxes;
}

function writeUint(view: DataView, offset: number, wide: boolean, value: number) {
  if (wide) {
    view.setUint32(offset, Math.floor(value / 2 ** 32));
    view.setUint32(offset + 4, value % 2 ** 32);
  } else {
    // A 32-bit field cannot hold more (27 hours at 44.1 kHz): keep the longest it can say.
    view.setUint32(offset, Math.min(value, MAX_UINT32));
  }
}

/**
 * Where a full box's timescale and duration sit, from the start of its payload (after the
 * version and flags): version 0 has 32-bit times, version 1 64-bit ones.
 */
function durationLayout(type: string, version: number): { timescale?: number; duration: number } | null {
  const wide = version === 1;
  switch (type) {
    case 'mvhd':
    case 'mdhd':
      // creation time, modification time, timescale, duration
      return wide ? { timescale: 4 + 16, duration: 4 + 20 } : { timescale: 4 + 8, duration: 4 + 12 };
    case 'tkhd':
      // creation time, modification time, track ID, reserved, duration (in the movie's timescale)
      return { duration: wide ? 4 + 24 : 4 + 16 };
    case 'mehd':
      // fragment duration (in the movie's timescale)
      return { duration: 4 };
    default:
      return null;
  }
}

/**
 * Returns a copy of the `moov` box `moov` (the whole box, header included) with the movie, track,
 * media and fragmented-movie durations set to `durationMs`, each in its own timescale; `null` when
 * it is not a `moov` with an `mvhd` this can read.
 */
export function fixMoovDurations(moov: Uint8Array, durationMs: number): Uint8Array<ArrayBuffer> | null {
  if (!(durationMs >= 0) || !Number.isFinite(durationMs)) return null;
  const top = readBoxHeader(moov, 0, 0, moov.length);
  if (!top || top.type !== 'moov' || top.end !== moov.length) return null;
  const fixed = new Uint8Array(moov);
  const view = new DataView(fixed.buffer);
  let movieTimescale = 0;
  let fixedMovie = false;
  const inMovieTimescale: Array<{ offset: number; wide: boolean }> = [];

  const visit = (start: number, end: number) => {
    for (const box of childBoxes(fixed, start, end)) {
      if (CONTAINERS.has(box.type)) {
        visit(box.contentStart, box.end);
        continue;
      }
      if (box.contentStart + 4 > box.end) continue;
      const version = fixed[box.contentStart];
      const layout = durationLayout(box.type, version);
      if (!layout || version > 1) continue;
      const wide = version === 1;
      const durationOffset = box.contentStart + layout.duration;
      if (durationOffset + (wide ? 8 : 4) > box.end) continue;
      if (layout.timescale === undefined) {
        inMovieTimescale.push({ offset: durationOffset, wide });
        continue;
      }
      const timescale = view.getUint32(box.contentStart + layout.timescale);
      if (timescale === 0) continue;
      writeUint(view, durationOffset, wide, Math.round((durationMs * timescale) / 1000));
      if (box.type === 'mvhd') {
        movieTimescale = timescale;
        fixedMovie = true;
      }
    }
  };
  visit(top.contentStart, top.end);
  if (!fixedMovie) return null;
  for (const { offset, wide } of inMovieTimescale) {
    writeUint(view, offset, wide, Math.round((durationMs * movieTimescale) / 1000));
  }
  return fixed;
}

/** Whether the `moov` box announces fragments (`mvex`). */
function isFragmented(moov: Uint8Array): boolean {
  const top = readBoxHeader(moov, 0);
  return !!top && childBoxes(moov, top.contentStart - top.start, moov.length).some((box) => box.type === 'mvex');
}

/**
 * Walks the top-level boxes from `from` to the end of the file and returns the ranges of `moof`
 * boxes written twice: WebKitGTK repeats a fragment's `moof` where it flushes (on pause and on
 * stop), and the first copy's data offset then points into the second, so decoders give up.
 * Reads the file in windows and skips over `mdat` payloads it does not need.
 */
export async function findRepeatedMoofs(blob: Blob, from: number): Promise<Array<{ start: number; end: number }>> {
  const repeated: Array<{ start: number; end: number }> = [];
  let read: Uint8Array = new Uint8Array(0);
  let readStart = from;
  let previousMoof: Uint8Array | null = null;
  let previousStart = 0;
  let offset = from;
  while (offset + 8 <= blob.size) {
    if (offset + 16 > readStart + read.length) {
      readStart = offset;
      read = await readBytes(blob, offset, offset + WINDOW_SIZE);
    }
    const box = readBoxHeader(read, offset - readStart, readStart, blob.size);
    if (!box || box.end > blob.size) break;
    if (box.type === 'moof') {
      if (box.end > readStart + read.length) {
        readStart = offset;
        read = await readBytes(blob, offset, offset + Math.max(WINDOW_SIZE, box.end - box.start));
      }
      const moof = read.subarray(offset - readStart, box.end - readStart);
      if (previousMoof && equalBytes(previousMoof, moof)) repeated.push({ start: previousStart, end: box.start });
      previousMoof = moof;
      previousStart = box.start;
    } else {
      previousMoof = null;
    }
    offset = box.end;
  }
  return repeated;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

async function readBytes(blob: Blob, start: number, end: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(start, end).arrayBuffer());
}

/** Finds the top-level `moov` box by walking box headers from the start (it may follow a long `mdat`). */
async function findMoov(blob: Blob): Promise<Box | null> {
  let offset = 0;
  for (let i = 0; i < MAX_TOP_LEVEL_BOXES && offset + 8 <= blob.size; i++) {
    const box = readBoxHeader(await readBytes(blob, offset, offset + 16), 0, offset, blob.size);
    if (!box || box.end > blob.size) return null;
    if (box.type === 'moov') return box;
    // Fragments before any moov: not a file this can fix.
    if (box.type === 'moof') return null;
    offset = box.end;
  }
  return null;
}

/**
 * Returns `blob` with its MP4 header saying it lasts `durationMs`, so that `<audio>`/`<video>`
 * show its length and can seek, and without the repeated `moof`s some writers leave. A Blob
 * this cannot read comes back unchanged; this never throws.
 */
export async function withMp4Duration(blob: Blob, durationMs: number): Promise<Blob> {
  try {
    const moov = await findMoov(blob);
    if (!moov || moov.end - moov.start > MAX_MOOV_SIZE) return blob;
    const fixed = fixMoovDurations(await readBytes(blob, moov.start, moov.end), durationMs);
    if (!fixed) return blob;
    const parts: BlobPart[] = [blob.slice(0, moov.start), fixed];
    let kept = moov.end;
    for (const repeated of isFragmented(fixed) ? await findRepeatedMoofs(blob, moov.end) : []) {
      parts.push(blob.slice(kept, repeated.start));
      kept = repeated.end;
    }
    parts.push(blob.slice(kept));
    return new Blob(parts, { type: blob.type });
  } catch {
    return blob;
  }
}
