/**
 * Cuts a fragmented MP4 (what browsers' MediaRecorder writes: WebKit's `audio/mp4` through
 * GStreamer's mp4mux, Chromium's `audio/mp4` and `video/mp4`) to a part of its timeline without
 * re-encoding: whole samples are kept or dropped, and the boxes that describe them are rewritten.
 *
 * The file is read box by box: the `moov`, each fragment's `moof` and the header of the `mdat`
 * after it. Media data is never copied: the new file is a Blob of slices of the old one and of the
 * few rewritten boxes.
 *
 * Layouts followed (anything else gives `null`):
 * - `ftyp`, maybe other boxes, a `moov` with `mvex`, then fragments: a `moof` and right after it the
 *   `mdat` holding its samples; `sidx`, `mfra`, `free` and `skip` boxes may sit between or after them.
 * - A `moof` holds one `traf` per track (GStreamer: one track per `moof`; Chromium: audio and video
 *   in the same `moof` and `mdat`); a `traf` holds a `tfhd`, a `tfdt` and one `trun` with a data
 *   offset. Several `traf`s must count their data offsets from the `moof` (`default-base-is-moof`).
 */
import type { Cut } from './cut.js';
import {
  childBoxes,
  fixMoovDurations,
  readBoxHeader,
  TFHD_BASE_DATA_OFFSET,
  TFHD_DESCRIPTION,
  TFHD_DURATION,
  TFHD_SIZE,
  trackTimescales,
  TRUN_COMPOSITION,
  TRUN_DATA_OFFSET,
  TRUN_DURATION,
  TRUN_FIRST_SAMPLE_FLAGS,
  TRUN_FLAGS,
  TRUN_SIZE,
  type Box,
} from './mp4-duration.js';

/** Longest `moov` read (a fragmented file's `moov` is a few kB). */
const MAX_MOOV_SIZE = 16 * 1024 * 1024;
/** Longest `moof` read (one is under 1 kB for a second of media). */
const MAX_MOOF_SIZE = 16 * 1024 * 1024;
/** Boxes walked at the top level before the `moov` before giving up. */
const MAX_LEADING_BOXES = 64;
/** Top-level boxes dropped wherever they are after the `moov`: indexes whose offsets would be wrong, padding. */
const DROPPED_BOXES = new Set(['sidx', 'mfra', 'free', 'skip']);

/** `tfhd` flags (ISO/IEC 14496-12, 8.8.7) beyond those the duration fix reads. */
const TFHD_FLAGS = 0x20;
const TFHD_DURATION_IS_EMPTY = 0x10000;
const TFHD_BASE_IS_MOOF = 0x20000;
/** The bit of sample flags that says a sample is not a sync sample (not a keyframe). */
const SAMPLE_IS_NON_SYNC = 0x10000;

const MAX_UINT32 = 0xffff_ffff;

/** What the `moov` says about a track. */
interface Track {
  id: number;
  /** Media timescale (`mdhd`): ticks per second. */
  timescale: number;
  /** Handler type (`hdlr`): 'soun', 'vide', … */
  handler: string;
  /** Defaults of its fragments' samples (`trex`), used when neither `trun` nor `tfhd` says. */
  defaults: SampleDefaults;
}

interface SampleDefaults {
  duration?: number;
  size?: number;
  flags?: number;
}

/** One track's samples in one fragment: a `traf` and its single `trun`. */
interface TrackRun {
  trackId: number;
  /** The `traf`, `tfhd`, `tfdt` and `trun` boxes, in offsets within the `moof`. */
  traf: Box;
  tfhd: Box;
  tfdt: Box;
  trun: Box;
  /** Decode time of the first sample (`tfdt`), in the track's timescale. */
  baseTime: number;
  trunFlags: number;
  /** Offset within the `moof` of the first per-sample entry, and the size of one entry. */
  entriesStart: number;
  entrySize: number;
  /** Offset in the file of the first sample's first byte. */
  dataStart: number;
  durations: number[];
  sizes: number[];
  /** Whether each sample is a sync sample (can be decoded on its own). */
  sync: boolean[];
}

/** A `moof` and the `mdat` after it. */
interface Fragment {
  moof: Box;
  /** The `moof` box's bytes, header included. */
  bytes: Uint8Array;
  mdat: Box;
  runs: TrackRun[];
}

/** What is kept of a track run: samples [first, end) of its `trun`, and the new decode time of the first. */
interface KeptRun {
  run: TrackRun;
  first: number;
  end: number;
  baseTime: number;
}

/**
 * Returns `blob` (a fragmented MP4 as browsers' MediaRecorder write it: WebKit's audio/mp4 AAC,
 * Chromium's audio/mp4 and video/mp4) cut to [fromMs, toMs) of its timeline, or null when it cannot
 * be cut safely (not a fragmented MP4, a layout this does not follow, nothing left). Never throws.
 *
 * Where the cut falls: audio only, at the sample boundaries nearest `fromMs` and `toMs` (a sample is
 * kept when its middle is in [fromMs, toMs)); with video, from the video's sync sample (keyframe)
 * nearest `fromMs`, every track kept from there (its samples that start at or after the keyframe,
 * so that a track starting a little later than the video keeps its place against it). The bounds
 * asked are clamped to the recording.
 */
export async function cutMp4(blob: Blob, fromMs: number, toMs: number): Promise<Cut | null> {
  try {
    return await cut(blob, fromMs, toMs);
  } catch {
    return null;
  }
}

async function cut(blob: Blob, fromMs: number, toMs: number): Promise<Cut | null> {
  if (Number.isNaN(fromMs) || Number.isNaN(toMs) || !(fromMs < toMs)) return null;
  const file = await readLayout(blob);
  if (!file) return null;
  const { head, moov, tracks, fragments } = file;

  // Each track's samples on one timeline, in ms from the start of the earliest track.
  const originMs = Math.min(...fragments.flatMap(({ runs }) => runs.map((run) => msOf(run.baseTime, tracks.get(run.trackId)!))));
  const endMs = Math.max(...fragments.flatMap(({ runs }) => runs.map((run) => msOf(run.baseTime + sum(run.durations), tracks.get(run.trackId)!) - originMs)));
  fromMs = Math.max(0, fromMs);
  toMs = Math.min(endMs, toMs);
  if (!(fromMs < toMs)) return null;

  const reference = referenceTrack(tracks, fragments);
  const start = cutStart(reference, fragments, fromMs + originMs);
  if (start === null) return null;
  // The cut in each track's own timescale: exact for the reference track, rounded for the others.
  const startTicks = new Map<number, number>();
  const endTicks = new Map<number, number>();
  for (const track of tracks.values()) {
    startTicks.set(track.id, track === reference.track ? start : Math.round((start * track.timescale) / reference.track.timescale));
    endTicks.set(track.id, ((toMs + originMs) * track.timescale) / 1000);
  }

  const parts: BlobPart[] = [];
  /** Each track's end of the last sample kept, in its ticks. */
  const keptEnds = new Map<number, number>();
  for (const fragment of fragments) {
    const kept: KeptRun[] = [];
    for (const run of fragment.runs) {
      const track = tracks.get(run.trackId)!;
      const range = keptSamples(run, startTicks.get(track.id)!, endTicks.get(track.id)!, reference.video);
      if (!range) continue;
      const firstTime = run.baseTime + sum(run.durations.slice(0, range.first));
      // The new decode time: the old less the cut's start (never negative: no sample kept starts
      // before it), so that every track keeps its place against the others.
      kept.push({ run, ...range, baseTime: Math.max(0, firstTime - startTicks.get(track.id)!) });
      keptEnds.set(track.id, firstTime + sum(run.durations.slice(range.first, range.end)));
    }
    if (kept.length) parts.push(...rewriteFragment(blob, fragment, kept));
  }
  if (!parts.length || !keptEnds.has(reference.track.id)) return null;

  // The real bounds: where the reference track's first sample kept starts, and where the last track ends.
  const cutFromMs = msOf(start, reference.track) - originMs;
  const cutToMs = Math.max(...[...keptEnds].map(([id, end]) => msOf(end, tracks.get(id)!))) - originMs;
  const fixedMoov = fixMoovDurations(moov, cutToMs - cutFromMs);
  if (!fixedMoov) return null;
  return { blob: new Blob([...head, fixedMoov, ...parts], { type: blob.type }), fromMs: cutFromMs, toMs: cutToMs };
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** A time in a track's ticks, in ms. */
const msOf = (ticks: number, track: Track) => (ticks * 1000) / track.timescale;

// --- Where the cut falls -----------------------------------------------------------------------

/**
 * The track the cut follows: the first video track if there is one (the cut must start at one of
 * its keyframes), else the first sound track, else the first track with samples.
 */
function referenceTrack(tracks: Map<number, Track>, fragments: Fragment[]): { track: Track; video: boolean } {
  const withSamples = [...tracks.values()].filter((track) => fragments.some(({ runs }) => runs.some((run) => run.trackId === track.id)));
  const video = withSamples.find((track) => track.handler === 'vide');
  if (video) return { track: video, video: true };
  return { track: withSamples.find((track) => track.handler === 'soun') ?? withSamples[0], video: false };
}

/**
 * Where the reference track's kept samples start, in its ticks: for video, the start of the sync
 * sample nearest `fromMs`; otherwise the start of the first sample whose middle is at or after it
 * (the sample boundary nearest `fromMs`). `null` if no sample qualifies.
 */
function cutStart({ track, video }: { track: Track; video: boolean }, fragments: Fragment[], fromMs: number): number | null {
  const from = (fromMs * track.timescale) / 1000;
  let best: number | null = null;
  for (const { runs } of fragments) {
    for (const run of runs.filter(({ trackId }) => trackId === track.id)) {
      let time = run.baseTime;
      for (let i = 0; i < run.durations.length; time += run.durations[i++]) {
        if (video) {
          if (run.sync[i] && (best === null || Math.abs(time - from) < Math.abs(best - from))) best = time;
        } else if (time + run.durations[i] / 2 >= from) {
          return time;
        }
      }
    }
  }
  return best;
}

/**
 * The samples of `run` kept: those whose middle is in [from, to) of the track's ticks; in a cut
 * that starts at a video keyframe, those that start at or after `from` (the keyframe) and whose
 * middle is before `to`. (A sound sample that started before the keyframe could only be kept by
 * moving it to the cut's start: it would then overlap the next and play late against the video.)
 * Always a contiguous run of its samples (decode times grow along a `trun`); `null` when none is kept.
 */
function keptSamples(run: TrackRun, from: number, to: number, startsAtKeyframe: boolean): { first: number; end: number } | null {
  let first = -1;
  let end = -1;
  let time = run.baseTime;
  for (let i = 0; i < run.durations.length; time += run.durations[i++]) {
    const middle = time + run.durations[i] / 2;
    const kept = (startsAtKeyframe ? time >= from : middle >= from) && middle < to;
    if (kept && first < 0) first = i;
    if (kept) end = i + 1;
  }
  return first < 0 ? null : { first, end };
}

// --- Rewriting a fragment ----------------------------------------------------------------------

/**
 * The new `moof` and `mdat` of a fragment that keeps `kept` (one entry per track run kept, in the
 * order of the `moof`): `traf`s with nothing kept go, each kept `trun` lists only its kept samples,
 * each `tfdt` says the new decode time, and the `mdat` holds only the kept samples' bytes, each
 * track's after the previous one's.
 */
function rewriteFragment(blob: Blob, fragment: Fragment, kept: KeptRun[]): BlobPart[] {
  const children: Uint8Array[] = [];
  for (const child of childBoxes(fragment.bytes, 8, fragment.bytes.length)) {
    if (child.type !== 'traf') {
      children.push(fragment.bytes.subarray(child.start, child.end));
      continue;
    }
    const keep = kept.find(({ run }) => run.traf.start === child.start);
    if (keep) children.push(rewriteTraf(fragment.bytes, keep));
  }
  const moof = box('moof', children);

  // The data offsets, counted from the `moof`'s first byte: past the new `moof`, the `mdat` header
  // and the samples of the tracks before.
  const dataSizes = kept.map(({ run, first, end }) => sum(run.sizes.slice(first, end)));
  const mdatHeader = boxHeader('mdat', sum(dataSizes));
  let dataOffset = moof.length + mdatHeader.length;
  const view = new DataView(moof.buffer);
  for (const [i, { run }] of kept.entries()) {
    view.setInt32(findTrunDataOffset(moof, run.trackId), dataOffset);
    dataOffset += dataSizes[i];
  }
  const data = kept.map(({ run, first, end }) => {
    const start = run.dataStart + sum(run.sizes.slice(0, first));
    return blob.slice(start, start + sum(run.sizes.slice(first, end)));
  });
  return [moof, mdatHeader, ...data];
}

/**
 * A `traf` keeping samples [first, end) of its `trun`: the `tfdt` gets the new decode time, the
 * `trun` the new count and entries. If the first sample kept is not the `trun`'s first, the
 * `trun`'s first-sample flags (which described its first sample) go, and the sample now first keeps
 * the flags it had: its own entry's, or the defaults.
 */
function rewriteTraf(moof: Uint8Array, { run, first, end, baseTime }: KeptRun): Uint8Array {
  const children: Uint8Array[] = [];
  for (const child of childBoxes(moof, run.traf.contentStart, run.traf.end)) {
    if (child.start === run.tfdt.start) children.push(rewriteTfdt(moof, child, baseTime));
    else if (child.start === run.trun.start) children.push(rewriteTrun(moof, run, first, end));
    else children.push(moof.subarray(child.start, child.end));
  }
  return box('traf', children);
}

/** A copy of the `tfdt` box `tfdt` of `moof` saying `time` (version 0: 32 bits, version 1: 64 bits). */
function rewriteTfdt(moof: Uint8Array, tfdt: Box, time: number): Uint8Array {
  const fixed = moof.slice(tfdt.start, tfdt.end);
  const view = new DataView(fixed.buffer);
  const content = tfdt.contentStart - tfdt.start; // version and flags, then the time
  if (fixed[content] === 1) {
    view.setUint32(content + 4, Math.floor(time / 2 ** 32));
    view.setUint32(content + 8, time % 2 ** 32);
  } else {
    view.setUint32(content + 4, Math.min(time, MAX_UINT32));
  }
  return fixed;
}

/** The `trun` of `run` listing only samples [first, end); its data offset is set later. */
function rewriteTrun(moof: Uint8Array, run: TrackRun, first: number, end: number): Uint8Array {
  const dropFirstFlags = first > 0 && (run.trunFlags & TRUN_FIRST_SAMPLE_FLAGS) !== 0;
  const flags = dropFirstFlags ? run.trunFlags & ~TRUN_FIRST_SAMPLE_FLAGS : run.trunFlags;
  const header = new Uint8Array(8);
  const view = new DataView(header.buffer);
  view.setUint32(0, (moof[run.trun.contentStart] << 24) | flags); // version and flags
  view.setUint32(4, end - first);
  const dataOffset = moof.subarray(run.trun.contentStart + 8, run.trun.contentStart + 12);
  const firstFlags = dropFirstFlags || !(run.trunFlags & TRUN_FIRST_SAMPLE_FLAGS) ? [] : [moof.subarray(run.trun.contentStart + 12, run.trun.contentStart + 16)];
  const entries = moof.subarray(run.entriesStart + first * run.entrySize, run.entriesStart + end * run.entrySize);
  return box('trun', [header, dataOffset, ...firstFlags, entries]);
}

/** Offset within `moof` (a rebuilt one) of the data offset of the `trun` of the track `trackId`. */
function findTrunDataOffset(moof: Uint8Array, trackId: number): number {
  const view = new DataView(moof.buffer, moof.byteOffset, moof.byteLength);
  for (const traf of childBoxes(moof, 8, moof.length).filter((child) => child.type === 'traf')) {
    const children = childBoxes(moof, traf.contentStart, traf.end);
    const tfhd = children.find((child) => child.type === 'tfhd')!;
    const trun = children.find((child) => child.type === 'trun')!;
    if (view.getUint32(tfhd.contentStart + 4) === trackId) return trun.contentStart + 8; // after version, flags and count
  }
  throw new Error(`no trun for track ${trackId}`);
}

/** A box with a 32-bit size, or a 64-bit one when it needs it. */
function box(type: string, payload: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const size = sum(payload.map((part) => part.length));
  const header = boxHeader(type, size);
  const bytes = new Uint8Array(header.length + size);
  bytes.set(header);
  payload.reduce((offset, part) => (bytes.set(part, offset), offset + part.length), header.length);
  return bytes;
}

/** The header of a box of `type` whose payload is `payloadSize` bytes. */
function boxHeader(type: string, payloadSize: number): Uint8Array<ArrayBuffer> {
  const wide = payloadSize + 8 > MAX_UINT32;
  const header = new Uint8Array(wide ? 16 : 8);
  const view = new DataView(header.buffer);
  const size = payloadSize + header.length;
  view.setUint32(0, wide ? 1 : size);
  header.set(Array.from(type, (char) => char.charCodeAt(0)), 4);
  if (wide) {
    view.setUint32(8, Math.floor(size / 2 ** 32));
    view.setUint32(12, size % 2 ** 32);
  }
  return header;
}

// --- Reading the file --------------------------------------------------------------------------

async function readBytes(blob: Blob, start: number, end: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(start, end).arrayBuffer());
}

/**
 * Walks the file's top-level boxes: what comes before the `moov` (kept as is), the `moov`, its
 * tracks and every fragment. `null` for a file that is not a fragmented MP4 laid out as this follows.
 */
async function readLayout(blob: Blob): Promise<{ head: Blob[]; moov: Uint8Array; tracks: Map<number, Track>; fragments: Fragment[] } | null> {
  const headerAt = async (offset: number) => {
    const box = readBoxHeader(await readBytes(blob, offset, offset + 16), 0, offset, blob.size);
    return box && box.end <= blob.size ? box : null;
  };
  // Up to the `moov`: `ftyp` first, then anything but fragments.
  const head: Blob[] = [];
  let offset = 0;
  let moovBox: Box | null = null;
  for (let i = 0; i < MAX_LEADING_BOXES && !moovBox && offset + 8 <= blob.size; i++) {
    const box = await headerAt(offset);
    if (!box || (i === 0 && box.type !== 'ftyp') || box.type === 'moof' || box.type === 'mdat') return null;
    if (box.type === 'moov') moovBox = box;
    else head.push(blob.slice(box.start, box.end));
    offset = box.end;
  }
  if (!moovBox || moovBox.end - moovBox.start > MAX_MOOV_SIZE) return null;
  const moov = await readBytes(blob, moovBox.start, moovBox.end);
  const tracks = readTracks(moov);
  if (!tracks) return null;

  // Then fragments: each `moof` followed by its `mdat`.
  const fragments: Fragment[] = [];
  while (offset + 8 <= blob.size) {
    const box = await headerAt(offset);
    if (!box) return null;
    offset = box.end;
    if (DROPPED_BOXES.has(box.type)) continue;
    if (box.type !== 'moof' || box.end - box.start > MAX_MOOF_SIZE) return null;
    const bytes = await readBytes(blob, box.start, box.end + 16);
    const mdat = readBoxHeader(bytes, box.end - box.start, box.start, blob.size);
    if (!mdat || mdat.type !== 'mdat' || mdat.end > blob.size) return null;
    const moofBytes = bytes.subarray(0, box.end - box.start);
    const runs = readTrackRuns(moofBytes, box.start, tracks);
    // Every sample's bytes must be in that `mdat`.
    if (!runs || runs.some((run) => run.dataStart < mdat.contentStart || run.dataStart + sum(run.sizes) > mdat.end)) return null;
    fragments.push({ moof: box, bytes: moofBytes, mdat, runs });
    offset = mdat.end;
  }
  return fragments.some(({ runs }) => runs.length) ? { head, moov, tracks, fragments } : null;
}

/** The tracks of a fragmented `moov` (the whole box), by ID; `null` without `mvex` or tracks. */
function readTracks(moov: Uint8Array): Map<number, Track> | null {
  const top = readBoxHeader(moov, 0, 0, moov.length);
  if (!top || top.type !== 'moov') return null;
  const view = new DataView(moov.buffer, moov.byteOffset, moov.byteLength);
  const boxes = childBoxes(moov, top.contentStart, top.end);
  const mvex = boxes.find((box) => box.type === 'mvex');
  if (!mvex) return null;
  const timescales = trackTimescales(moov);
  const tracks = new Map<number, Track>();
  for (const trak of boxes.filter((box) => box.type === 'trak')) {
    const children = childBoxes(moov, trak.contentStart, trak.end);
    const tkhd = children.find((box) => box.type === 'tkhd');
    const mdia = children.find((box) => box.type === 'mdia');
    const hdlr = mdia && childBoxes(moov, mdia.contentStart, mdia.end).find((box) => box.type === 'hdlr');
    if (!tkhd || !hdlr || hdlr.contentStart + 12 > hdlr.end || tkhd.contentStart + 24 > tkhd.end) continue;
    const id = view.getUint32(tkhd.contentStart + (moov[tkhd.contentStart] === 1 ? 20 : 12));
    const timescale = timescales.get(id);
    // hdlr: version and flags, pre_defined, then the handler type.
    const handler = String.fromCharCode(...moov.subarray(hdlr.contentStart + 8, hdlr.contentStart + 12));
    if (timescale) tracks.set(id, { id, timescale, handler, defaults: {} });
  }
  // trex: version and flags, track ID, default description index, duration, size, flags.
  for (const trex of childBoxes(moov, mvex.contentStart, mvex.end).filter((box) => box.type === 'trex')) {
    if (trex.contentStart + 24 > trex.end) continue;
    const track = tracks.get(view.getUint32(trex.contentStart + 4));
    if (track) {
      track.defaults = {
        duration: view.getUint32(trex.contentStart + 12),
        size: view.getUint32(trex.contentStart + 16),
        flags: view.getUint32(trex.contentStart + 20),
      };
    }
  }
  return tracks.size ? tracks : null;
}

/**
 * The track runs of a `moof` (the whole box, header included; `moofStart` its offset in the file):
 * one per `traf`. `null` when a `traf` is not one this follows (see the module's comment) or a
 * sample's duration, size or flags are found nowhere.
 */
function readTrackRuns(moof: Uint8Array, moofStart: number, tracks: Map<number, Track>): TrackRun[] | null {
  const top = readBoxHeader(moof, 0, 0, moof.length);
  if (!top || top.type !== 'moof') return null;
  const trafs = childBoxes(moof, top.contentStart, top.end).filter((box) => box.type === 'traf');
  const runs: TrackRun[] = [];
  for (const traf of trafs) {
    const run = readTrackRun(moof, traf, moofStart, trafs.length, tracks);
    if (!run) return null;
    runs.push(run);
  }
  // One run per track: a second would need the first's data end as its base.
  return new Set(runs.map((run) => run.trackId)).size === runs.length ? runs : null;
}

function readTrackRun(moof: Uint8Array, traf: Box, moofStart: number, trafCount: number, tracks: Map<number, Track>): TrackRun | null {
  const view = new DataView(moof.buffer, moof.byteOffset, moof.byteLength);
  const children = childBoxes(moof, traf.contentStart, traf.end);
  const tfhd = children.find((box) => box.type === 'tfhd');
  const tfdt = children.find((box) => box.type === 'tfdt');
  const truns = children.filter((box) => box.type === 'trun');
  // Boxes that describe each sample (sdtp, saiz, …) would no longer match the samples kept.
  if (!tfhd || !tfdt || truns.length !== 1 || children.some((box) => !['tfhd', 'tfdt', 'trun'].includes(box.type))) return null;
  const [trun] = truns;

  // tfhd: version and flags, track ID, then the optional fields its flags announce.
  if (tfhd.contentStart + 8 > tfhd.end) return null;
  const tfhdFlags = view.getUint32(tfhd.contentStart) & 0xffffff;
  const track = tracks.get(view.getUint32(tfhd.contentStart + 4));
  if (!track || tfhdFlags & (TFHD_BASE_DATA_OFFSET | TFHD_DURATION_IS_EMPTY)) return null;
  // Without `default-base-is-moof`, a second traf's data would be counted from the first's end.
  if (trafCount > 1 && !(tfhdFlags & TFHD_BASE_IS_MOOF)) return null;
  let at = tfhd.contentStart + 8;
  if (tfhdFlags & TFHD_DESCRIPTION) at += 4;
  const defaults: SampleDefaults = { ...track.defaults };
  for (const [flag, field] of [[TFHD_DURATION, 'duration'], [TFHD_SIZE, 'size'], [TFHD_FLAGS, 'flags']] as const) {
    if (!(tfhdFlags & flag)) continue;
    if (at + 4 > tfhd.end) return null;
    defaults[field] = view.getUint32(at);
    at += 4;
  }

  // tfdt: version and flags, then the decode time (32 bits in version 0, 64 in version 1).
  const wide = moof[tfdt.contentStart] === 1;
  if (tfdt.contentStart + (wide ? 12 : 8) > tfdt.end) return null;
  const baseTime = wide ? view.getUint32(tfdt.contentStart + 4) * 2 ** 32 + view.getUint32(tfdt.contentStart + 8) : view.getUint32(tfdt.contentStart + 4);

  // trun: version and flags, sample count, data offset, first sample flags, then the entries.
  if (trun.contentStart + 8 > trun.end) return null;
  const trunFlags = view.getUint32(trun.contentStart) & 0xffffff;
  const count = view.getUint32(trun.contentStart + 4);
  if (!(trunFlags & TRUN_DATA_OFFSET)) return null;
  const dataOffset = view.getInt32(trun.contentStart + 8);
  at = trun.contentStart + 12;
  let firstFlags: number | undefined;
  if (trunFlags & TRUN_FIRST_SAMPLE_FLAGS) {
    firstFlags = view.getUint32(at);
    at += 4;
  }
  const fields = [TRUN_DURATION, TRUN_SIZE, TRUN_FLAGS, TRUN_COMPOSITION].filter((flag) => trunFlags & flag);
  const entrySize = 4 * fields.length;
  if (count === 0 || at + count * entrySize > trun.end) return null;
  const field = (entry: number, flag: number) => (trunFlags & flag ? view.getUint32(entry + 4 * fields.indexOf(flag)) : undefined);
  const durations: number[] = [];
  const sizes: number[] = [];
  const sync: boolean[] = [];
  for (let i = 0; i < count; i++) {
    const entry = at + i * entrySize;
    const duration = field(entry, TRUN_DURATION) ?? defaults.duration;
    const size = field(entry, TRUN_SIZE) ?? defaults.size;
    const flags = (i === 0 ? firstFlags : undefined) ?? field(entry, TRUN_FLAGS) ?? defaults.flags;
    if (duration === undefined || size === undefined || flags === undefined) return null;
    durations.push(duration);
    sizes.push(size);
    sync.push(!(flags & SAMPLE_IS_NON_SYNC));
  }
  // The data offset counts from the `moof`'s first byte (`default-base-is-moof`, or the only traf).
  const dataStart = moofStart + dataOffset;
  return { trackId: track.id, traf, tfhd, tfdt, trun, baseTime, trunFlags, entriesStart: at, entrySize, dataStart, durations, sizes, sync };
}
