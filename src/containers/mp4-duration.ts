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
 *
 * It also reads how much media fragments hold, and cuts a fragmented file short at a given
 * length (`trimMp4`): the element records on in WebKit past the point where the user stopped.
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

// --- Fragments: how much media they hold, and cutting the last one short ------------------------

/** `trun` flags: which per-sample fields each entry holds, and whether a data offset is written. */
export const TRUN_DATA_OFFSET = 0x1;
export const TRUN_FIRST_SAMPLE_FLAGS = 0x4;
export const TRUN_DURATION = 0x100;
export const TRUN_SIZE = 0x200;
export const TRUN_FLAGS = 0x400;
export const TRUN_COMPOSITION = 0x800;
/** `tfhd` flags for the fields it may hold, in order after the track ID. */
export const TFHD_BASE_DATA_OFFSET = 0x1;
export const TFHD_DESCRIPTION = 0x2;
export const TFHD_DURATION = 0x8;
export const TFHD_SIZE = 0x10;

/** What one `moof` says about its samples: a single track run, read from its `trun` and `tfhd`. */
export interface FragmentRun {
  /** The track whose samples these are (`tfhd`). */
  trackId: number;
  /** Offset within the `moof` of the `traf` and `trun` boxes, whose sizes change when samples go. */
  traf: Box;
  trun: Box;
  /** Offset within the `moof` of the first per-sample entry and the size of one entry. */
  entriesStart: number;
  entrySize: number;
  /** Offset within the `moof` of `trun`'s data offset, if it has one. */
  dataOffsetAt: number | null;
  dataOffset: number;
  durations: number[];
  sizes: number[];
}

/**
 * Reads the samples of a `moof` (the whole box, header included): their durations in the media
 * timescale and their sizes. `null` when the fragment is not one this can follow: more than one
 * `traf` or `trun`, a base data offset, or a duration or size found nowhere.
 */
export function readFragment(moof: Uint8Array): FragmentRun | null {
  const top = readBoxHeader(moof, 0, 0, moof.length);
  if (!top || top.type !== 'moof' || top.end > moof.length) return null;
  const trafs = childBoxes(moof, top.contentStart, top.end).filter((box) => box.type === 'traf');
  if (trafs.length !== 1) return null;
  const [traf] = trafs;
  const children = childBoxes(moof, traf.contentStart, traf.end);
  const tfhd = children.find((box) => box.type === 'tfhd');
  const truns = children.filter((box) => box.type === 'trun');
  if (!tfhd || truns.length !== 1) return null;
  const view = new DataView(moof.buffer, moof.byteOffset, moof.byteLength);
  const fieldsEnd = (box: Box, offset: number) => offset <= box.end;

  if (!fieldsEnd(tfhd, tfhd.contentStart + 8)) return null;
  const tfhdFlags = view.getUint32(tfhd.contentStart) & 0xffffff;
  const trackId = view.getUint32(tfhd.contentStart + 4);
  if (tfhdFlags & TFHD_BASE_DATA_OFFSET) return null;
  let at = tfhd.contentStart + 8; // version and flags, track ID
  if (tfhdFlags & TFHD_DESCRIPTION) at += 4;
  let defaultDuration: number | undefined;
  let defaultSize: number | undefined;
  if (tfhdFlags & TFHD_DURATION) {
    if (!fieldsEnd(tfhd, at + 4)) return null;
    defaultDuration = view.getUint32(at);
    at += 4;
  }
  if (tfhdFlags & TFHD_SIZE) {
    if (!fieldsEnd(tfhd, at + 4)) return null;
    defaultSize = view.getUint32(at);
  }

  const [trun] = truns;
  if (!fieldsEnd(trun, trun.contentStart + 8)) return null;
  const flags = view.getUint32(trun.contentStart) & 0xffffff;
  const count = view.getUint32(trun.contentStart + 4);
  at = trun.contentStart + 8;
  let dataOffsetAt: number | null = null;
  let dataOffset = 0;
  if (flags & TRUN_DATA_OFFSET) {
    dataOffsetAt = at;
    dataOffset = view.getInt32(at);
    at += 4;
  }
  if (flags & TRUN_FIRST_SAMPLE_FLAGS) at += 4;
  const fields = [TRUN_DURATION, TRUN_SIZE, TRUN_FLAGS, TRUN_COMPOSITION].filter((flag) => flags & flag);
  const entrySize = 4 * fields.length;
  if (!fieldsEnd(trun, at + count * entrySize)) return null;
  const durations: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < count; i++) {
    const entry = at + i * entrySize;
    const duration = flags & TRUN_DURATION ? view.getUint32(entry) : defaultDuration;
    const size = flags & TRUN_SIZE ? view.getUint32(entry + (flags & TRUN_DURATION ? 4 : 0)) : defaultSize;
    if (duration === undefined || size === undefined) return null;
    durations.push(duration);
    sizes.push(size);
  }
  return { trackId, traf, trun, entriesStart: at, entrySize, dataOffsetAt, dataOffset, durations, sizes };
}

/**
 * Each track's media timescale (its `mdhd`) by track ID (its `tkhd`), from a `moov` box (the whole
 * box). A recording with video has two tracks, each in its own timescale (GStreamer's `mp4mux`:
 * 3000 for video, the sample rate for audio).
 */
export function trackTimescales(moov: Uint8Array): Map<number, number> {
  const tracks = new Map<number, number>();
  const top = readBoxHeader(moov, 0, 0, moov.length);
  if (!top || top.type !== 'moov') return tracks;
  const view = new DataView(moov.buffer, moov.byteOffset, moov.byteLength);
  const version = (box: Box) => moov[box.contentStart];
  for (const trak of childBoxes(moov, top.contentStart, top.end).filter((box) => box.type === 'trak')) {
    const children = childBoxes(moov, trak.contentStart, trak.end);
    const tkhd = children.find((box) => box.type === 'tkhd');
    const mdia = children.find((box) => box.type === 'mdia');
    const mdhd = mdia && childBoxes(moov, mdia.contentStart, mdia.end).find((box) => box.type === 'mdhd');
    if (!tkhd || !mdhd || tkhd.contentStart + 24 > tkhd.end || mdhd.contentStart + 24 > mdhd.end) continue;
    // After version and flags: creation and modification times (32 or 64 bits each), then the ID or the timescale.
    const trackId = view.getUint32(tkhd.contentStart + (version(tkhd) === 1 ? 20 : 12));
    const timescale = view.getUint32(mdhd.contentStart + (version(mdhd) === 1 ? 20 : 12));
    if (timescale) tracks.set(trackId, timescale);
  }
  return tracks;
}

/**
 * What a piece of a fragmented MP4 holds, read from the boxes it starts with (MediaRecorder's
 * chunks are whole boxes in WebKit): the tracks' timescales if it carries the `moov`, and for each
 * track the sum of the durations of the samples of its `moof`s, in that track's timescale.
 */
export function mediaInPiece(bytes: Uint8Array): { timescales: Map<number, number>; ticks: Map<number, number> } {
  let timescales = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const box of childBoxes(bytes, 0, bytes.length)) {
    if (box.type === 'moov') timescales = trackTimescales(bytes.subarray(box.start, box.end));
    if (box.type !== 'moof') continue;
    const run = readFragment(bytes.subarray(box.start, box.end));
    if (run) ticks.set(run.trackId, (ticks.get(run.trackId) ?? 0) + run.durations.reduce((a, b) => a + b, 0));
  }
  return { timescales, ticks };
}

/**
 * Returns a fragmented MP4 cut to its first `keepMs` of media, each track in its own timescale:
 * the fragment where that length falls loses its later samples (its `trun` lists fewer, its `mdat`
 * holds fewer bytes), and the track's fragments after it go. Each track keeps at least one sample.
 * The `mfra` index, whose offsets would point to moved fragments, goes too. A file this cannot
 * follow, or one that is not longer, comes back unchanged; this never throws.
 */
export async function trimMp4(blob: Blob, keepMs: number): Promise<Blob> {
  try {
    const moovBox = await findMoov(blob);
    if (!moovBox || moovBox.end - moovBox.start > MAX_MOOV_SIZE || !(keepMs >= 0)) return blob;
    const moov = await readBytes(blob, moovBox.start, moovBox.end);
    const timescales = trackTimescales(moov);
    if (!timescales.size || !isFragmented(moov)) return blob;
    /** Each track's kept ticks, once it has kept a sample. */
    const kept = new Map<number, number>();
    const parts: BlobPart[] = [blob.slice(0, moovBox.end)];
    let cut = false;
    let offset = moovBox.end;
    while (offset + 8 <= blob.size) {
      const header = readBoxHeader(await readBytes(blob, offset, offset + 16), 0, offset, blob.size);
      if (!header || header.end > blob.size) return blob;
      offset = header.end;
      if (header.type === 'mfra') continue;
      if (header.type !== 'moof') {
        parts.push(blob.slice(header.start, header.end));
        continue;
      }
      const moof = await readBytes(blob, header.start, header.end);
      const run = readFragment(moof);
      const timescale = run && timescales.get(run.trackId);
      if (!run || !timescale) return blob;
      const mdat = readBoxHeader(await readBytes(blob, header.end, header.end + 16), 0, header.end, blob.size);
      // The samples must sit at the start of the `mdat` right after this `moof`.
      if (!mdat || mdat.type !== 'mdat' || mdat.end > blob.size || mdat.contentStart - mdat.start !== 8 || run.dataOffsetAt === null || run.dataOffset !== mdat.contentStart - header.start) return blob;
      offset = mdat.end;

      // Keep the samples that start before the cut, to the nearest sample end, and at least one.
      const keepTicks = (keepMs * timescale) / 1000;
      let ticks = kept.get(run.trackId) ?? 0;
      let keep = 0;
      while (keep < run.durations.length && ticks + run.durations[keep] / 2 <= keepTicks) ticks += run.durations[keep++];
      if (keep === 0 && !kept.has(run.trackId)) ticks += run.durations[keep++];
      if (keep > 0) kept.set(run.trackId, ticks);
      if (keep === run.durations.length) {
        parts.push(blob.slice(header.start, mdat.end));
        continue;
      }
      cut = true;
      if (keep === 0) continue;

      const removed = (run.durations.length - keep) * run.entrySize;
      const fixed = new Uint8Array(moof.length - removed);
      fixed.set(moof.subarray(0, run.entriesStart + keep * run.entrySize));
      fixed.set(moof.subarray(run.trun.end), run.entriesStart + keep * run.entrySize);
      const view = new DataView(fixed.buffer);
      // The boxes around the entries shrink; the samples' data now starts `removed` bytes earlier.
      view.setUint32(0, moof.length - removed);
      view.setUint32(run.traf.start, run.traf.end - run.traf.start - removed);
      view.setUint32(run.trun.start, run.trun.end - run.trun.start - removed);
      view.setUint32(run.trun.contentStart + 4, keep);
      view.setInt32(run.dataOffsetAt, run.dataOffset - removed);
      const dataSize = run.sizes.slice(0, keep).reduce((a, b) => a + b, 0);
      if (mdat.contentStart + dataSize > mdat.end) return blob;
      const mdatHeader = new Uint8Array(8);
      new DataView(mdatHeader.buffer).setUint32(0, 8 + dataSize);
      mdatHeader.set([0x6d, 0x64, 0x61, 0x74], 4);
      parts.push(fixed, mdatHeader, blob.slice(mdat.contentStart, mdat.contentStart + dataSize));
    }
    return cut ? new Blob(parts, { type: blob.type }) : blob;
  } catch {
    return blob;
  }
}
