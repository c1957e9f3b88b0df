/**
 * Cuts a WebM recording to a stretch of its timeline without re-encoding: the kept blocks are copied
 * byte for byte, only their timecodes change. Sound alone in Opus (what browsers record for a voice)
 * is cut to the sample: the blocks around each bound are kept whole and the decoder is told how much
 * to drop, at the head by the Opus pre-skip, at the tail by a DiscardPadding. Otherwise cuts fall on
 * block boundaries (on a video keyframe when there is video), so the result says where the cut really fell.
 *
 * It follows the layout browsers' MediaRecorder writes (Chromium's live WebM with unknown sizes,
 * Firefox's) and gives up, returning null, on anything else rather than write a file that may not play.
 */
import type { Cut } from './cut.js';
import { opusPacketSamples } from './opus.js';
import { childrenOf, DEFAULT_TIMECODE_SCALE_NS, elementAt as readElement, readElementId, readUint, readVint, writeVint, WEBM_ID as ID, type EbmlElement } from './webm-duration.js';

const TRACK_TYPE = { video: 1, audio: 2 } as const;

/** Opus counts its pre-skip in samples at 48 kHz, whatever the rate it was recorded at. */
const OPUS_RATE = 48_000;
/** Where the pre-skip sits in an OpusHead (CodecPrivate), little-endian, and the smallest OpusHead. */
const PRE_SKIP_OFFSET = 10;
const OPUS_HEAD_LENGTH = 19;

/** Elements that may sit in a Cluster: an unknown-size Cluster ends at the first element not among them. */
const CLUSTER_CHILDREN = new Set<number>([
  ID.Timecode,
  ID.SimpleBlock,
  ID.BlockGroup,
  ID.EncryptedBlock,
  ID.Position,
  ID.PrevSize,
  ID.SilentTracks,
  ID.Void,
  ID.CRC32,
]);

/** Segment children that are left out: they hold positions (or checksums) the cut would make wrong. */
const DROPPED_IN_SEGMENT = new Set<number>([ID.SeekHead, ID.Cues, ID.Void, ID.Tags, ID.CRC32]);

/** Cluster children that are left out for the same reason. */
const DROPPED_IN_CLUSTER = new Set<number>([ID.Position, ID.PrevSize, ID.Void, ID.CRC32]);

/** Thrown inside this module for a file it will not cut; `cutWebm` turns it into null. */
class Uncuttable extends Error {}

interface Block {
  track: number;
  /** Absolute time in TimecodeScale units: the Cluster's Timecode plus the block's relative timecode. */
  time: number;
  keyframe: boolean;
  /** The whole SimpleBlock element, ID and size included. */
  element: Uint8Array;
  /** Where, within `element`, the block's data (its track number) starts, and the int16 relative timecode. */
  dataOffset: number;
  timecodeOffset: number;
  /** Filled in once the track's blocks are all known (see `setDurations`). */
  duration: number;
}

interface WebmFile {
  ebmlHeader: Uint8Array;
  /** Info's children but its Duration, as they were. */
  infoChildren: Uint8Array[];
  timecodeScale: number;
  tracks: Uint8Array;
  trackTypes: Map<number, number>;
  /** The only track when it is Opus sound: what cutting to the sample needs. */
  opus: OpusTrack | null;
  /** The blocks of each Cluster, in file order. */
  clusters: Block[][];
}

interface OpusTrack {
  /** The TrackEntry's children, as they were. */
  entryChildren: Array<{ id: number; bytes: Uint8Array }>;
  /** The samples (at 48 kHz) the decoder drops before the first one heard. */
  preSkip: number;
}

/**
 * Returns `blob` (a WebM file as browsers' MediaRecorder write it) cut to [fromMs, toMs) of its timeline, or null when it
 * cannot be cut safely (not WebM, a layout this does not follow, nothing left between the bounds). Never throws.
 */
export async function cutWebm(blob: Blob, fromMs: number, toMs: number): Promise<Cut | null> {
  if (Number.isNaN(fromMs) || Number.isNaN(toMs) || !(fromMs < toMs)) return null;
  try {
    const file = parseWebm(new Uint8Array(await blob.arrayBuffer()));
    if (file.opus) return cutOpus(file, file.opus, fromMs, toMs, blob.type);
    const msPerUnit = file.timecodeScale / 1_000_000;
    const kept = keptBlocks(file, fromMs / msPerUnit, toMs / msPerUnit);
    if (!kept) return null;
    const { from, duration, clusters } = kept;
    const bytes = writeWebm(file, clusters, from, duration);
    const cutFromMs = from * msPerUnit;
    return { blob: new Blob([bytes], { type: blob.type }), fromMs: cutFromMs, toMs: cutFromMs + duration * msPerUnit };
  } catch {
    // Uncuttable, or a blob that cannot be read (its file gone): either way there is no cut.
    return null;
  }
}

// --- Reading -------------------------------------------------------------------------------------

/** The element at `start`, which must lie within the file as far as its size is known. */
function elementAt(bytes: Uint8Array, start: number): EbmlElement {
  const element = readElement(bytes, start);
  if (element.end !== Infinity && element.end > bytes.length) throw new Uncuttable('element runs past the end of the file');
  return element;
}

function parseWebm(bytes: Uint8Array): WebmFile {
  if (readElementId(bytes, 0)?.id !== ID.EBML) throw new Uncuttable('not EBML');
  const ebml = elementAt(bytes, 0);
  if (ebml.end === Infinity) throw new Uncuttable('EBML header of unknown size');
  const docType = childrenOf(bytes, ebml).find((child) => child.id === ID.DocType);
  const docTypeText = docType && new TextDecoder().decode(bytes.subarray(docType.dataStart, docType.end)).replace(/\0+$/, '');
  if (docTypeText !== 'webm') throw new Uncuttable('not WebM');

  const segment = elementAt(bytes, ebml.end);
  if (segment.id !== ID.Segment) throw new Uncuttable('no Segment after the EBML header');
  const segmentEnd = Math.min(segment.end, bytes.length);

  let info: EbmlElement | undefined;
  let tracks: EbmlElement | undefined;
  const clusters: Block[][] = [];
  for (let offset = segment.dataStart; offset < segmentEnd; ) {
    const child = elementAt(bytes, offset);
    if (child.id === ID.Cluster) {
      const cluster = readCluster(bytes, child, segmentEnd);
      clusters.push(cluster.blocks);
      offset = cluster.end;
      continue;
    }
    if (child.end === Infinity || child.end > segmentEnd) throw new Uncuttable('Segment child of unknown size');
    if (child.id === ID.Info && !info) info = child;
    else if (child.id === ID.Tracks && !tracks) tracks = child;
    // Chapters, Attachments, a second Info…: not what MediaRecorder writes.
    else if (!DROPPED_IN_SEGMENT.has(child.id)) throw new Uncuttable('unexpected Segment child');
    offset = child.end;
  }
  if (!info || !tracks) throw new Uncuttable('no Info or no Tracks');

  const infoElements = childrenOf(bytes, info);
  const scaleElement = infoElements.find((child) => child.id === ID.TimecodeScale);
  const timecodeScale = scaleElement ? readUint(bytes, scaleElement) : DEFAULT_TIMECODE_SCALE_NS;
  if (timecodeScale === 0) throw new Uncuttable('TimecodeScale of 0');

  const trackTypes = readTrackTypes(bytes, tracks);
  return {
    ebmlHeader: bytes.subarray(ebml.start, ebml.end),
    // A CRC-32 of Info would no longer match once its Duration changes.
    infoChildren: infoElements.filter((child) => child.id !== ID.Duration && child.id !== ID.CRC32).map((child) => bytes.subarray(child.start, child.end)),
    timecodeScale,
    tracks: bytes.subarray(tracks.start, tracks.end),
    trackTypes,
    opus: trackTypes.size === 1 ? readOpusTrack(bytes, tracks) : null,
    clusters,
  };
}

/** Each TrackEntry's TrackNumber and TrackType. */
function readTrackTypes(bytes: Uint8Array, tracks: EbmlElement): Map<number, number> {
  const types = new Map<number, number>();
  for (const entry of childrenOf(bytes, tracks)) {
    if (entry.id !== ID.TrackEntry) continue;
    const fields = childrenOf(bytes, entry);
    const number = fields.find((field) => field.id === ID.TrackNumber);
    const type = fields.find((field) => field.id === ID.TrackType);
    if (!number || !type) throw new Uncuttable('TrackEntry without number or type');
    types.set(readUint(bytes, number), readUint(bytes, type));
  }
  return types;
}

/** The track of `tracks` if it is Opus sound with a well-formed OpusHead, else null. */
function readOpusTrack(bytes: Uint8Array, tracks: EbmlElement): OpusTrack | null {
  const entries = childrenOf(bytes, tracks).filter((entry) => entry.id === ID.TrackEntry);
  if (entries.length !== 1) return null;
  const entryChildren = childrenOf(bytes, entries[0]);
  const field = (id: number) => entryChildren.find((child) => child.id === id);
  const codec = field(ID.CodecID);
  const head = field(ID.CodecPrivate);
  const type = field(ID.TrackType);
  if (!codec || !head || !type || readUint(bytes, type) !== TRACK_TYPE.audio) return null;
  if (new TextDecoder().decode(bytes.subarray(codec.dataStart, codec.end)) !== 'A_OPUS') return null;
  const opusHead = bytes.subarray(head.dataStart, head.end);
  if (opusHead.length < OPUS_HEAD_LENGTH || new TextDecoder().decode(opusHead.subarray(0, 8)) !== 'OpusHead') return null;
  return {
    entryChildren: entryChildren.map((child) => ({ id: child.id, bytes: bytes.subarray(child.start, child.end) })),
    preSkip: opusHead[PRE_SKIP_OFFSET] | (opusHead[PRE_SKIP_OFFSET + 1] << 8),
  };
}

/**
 * Reads a Cluster's Timecode and SimpleBlocks. An unknown-size Cluster ends where an element that
 * cannot be one of its children starts (the next Cluster, Cues…) or where the Segment ends.
 */
function readCluster(bytes: Uint8Array, cluster: EbmlElement, segmentEnd: number) {
  const end = Math.min(cluster.end, segmentEnd);
  if (cluster.end !== Infinity && cluster.end > segmentEnd) throw new Uncuttable('Cluster runs past the Segment');
  let timecode: number | undefined;
  const blocks: Block[] = [];
  let offset = cluster.dataStart;
  while (offset < end) {
    const id = readElementId(bytes, offset);
    if (cluster.end === Infinity && id && !CLUSTER_CHILDREN.has(id.id)) break;
    const child = elementAt(bytes, offset);
    if (child.end > end) throw new Uncuttable('Cluster child runs past its Cluster');
    if (child.id === ID.Timecode) {
      if (timecode !== undefined || blocks.length) throw new Uncuttable('Timecode not first, or twice');
      timecode = readUint(bytes, child);
    } else if (child.id === ID.SimpleBlock) {
      if (timecode === undefined) throw new Uncuttable('SimpleBlock before the Timecode');
      blocks.push(readSimpleBlock(bytes, child, timecode));
    } else if (!DROPPED_IN_CLUSTER.has(child.id)) {
      // A BlockGroup may carry references and durations this does not rewrite.
      throw new Uncuttable('unexpected Cluster child');
    }
    offset = child.end;
  }
  if (timecode === undefined) throw new Uncuttable('Cluster without Timecode');
  return { timecode, blocks, end: offset };
}

function readSimpleBlock(bytes: Uint8Array, element: EbmlElement, clusterTimecode: number): Block {
  const track = readVint(bytes, element.dataStart);
  const timecodeAt = element.dataStart + (track?.length ?? 0);
  // Track number, int16 timecode, flags: laced or not, the frames that follow are kept whole.
  if (!track || track.value === null || timecodeAt + 3 > element.end) throw new Uncuttable('short SimpleBlock');
  const relative = new DataView(bytes.buffer, bytes.byteOffset + timecodeAt, 2).getInt16(0);
  return {
    track: track.value,
    time: clusterTimecode + relative,
    keyframe: (bytes[timecodeAt + 2] & 0x80) !== 0,
    element: bytes.subarray(element.start, element.end),
    dataOffset: element.dataStart - element.start,
    timecodeOffset: timecodeAt - element.start,
    duration: 0,
  };
}

// --- Choosing the blocks ---------------------------------------------------------------------------

/**
 * A block lasts until the next block of its track starts; a track's last block lasts its typical
 * (median) step, there being no next one.
 */
function setDurations(blocks: Block[]): void {
  const byTrack = new Map<number, Block[]>();
  for (const block of blocks) {
    const trackBlocks = byTrack.get(block.track);
    if (trackBlocks) trackBlocks.push(block);
    else byTrack.set(block.track, [block]);
  }
  for (const trackBlocks of byTrack.values()) {
    const steps = trackBlocks.slice(1).map((block, i) => block.time - trackBlocks[i].time);
    // Times going back (B-frames, a muxer's oddity) would make the cut points meaningless.
    if (steps.some((step) => step < 0)) throw new Uncuttable('times go back within a track');
    steps.forEach((step, i) => (trackBlocks[i].duration = step));
    trackBlocks[trackBlocks.length - 1].duration = median(steps);
  }
}

function median(values: number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The start among `times` nearest to `target`, the earlier on a tie. */
function nearest(times: number[], target: number): number | undefined {
  let best: number | undefined;
  for (const time of times) {
    const distance = Math.abs(time - target);
    const bestDistance = best === undefined ? Infinity : Math.abs(best - target);
    if (best === undefined || distance < bestDistance || (distance === bestDistance && time < best)) best = time;
  }
  return best;
}

/**
 * Where the cut starts (`from`, in TimecodeScale units), its new duration, and the kept blocks of
 * each Cluster; null when nothing is left. `start` and `end` are the asked bounds in the same units.
 */
function keptBlocks(file: WebmFile, start: number, end: number) {
  const all = file.clusters.flat();
  const typeOf = (block: Block) => {
    const type = file.trackTypes.get(block.track);
    if (type !== TRACK_TYPE.video && type !== TRACK_TYPE.audio) throw new Uncuttable('a block of an unknown or non-media track');
    return type;
  };
  all.forEach(typeOf);
  setDurations(all);

  // With video the file must start on a keyframe, else players show nothing (or garbage) until the next one.
  const video = all.filter((block) => typeOf(block) === TRACK_TYPE.video);
  const from = video.length
    ? nearest(video.filter((block) => block.keyframe).map((block) => block.time), start)
    : nearest(all.map((block) => block.time), start);
  if (from === undefined) return null;

  // A video frame is shown from its start, so it is kept if it starts in time; an audio block only
  // if most of it is before the end, which puts the cut at the nearest block boundary.
  const keep = (block: Block) =>
    block.time >= from && (typeOf(block) === TRACK_TYPE.video ? block.time < end : block.time + block.duration / 2 < end);
  const clusters = file.clusters.map((blocks) => blocks.filter(keep)).filter((blocks) => blocks.length);
  if (!clusters.length) return null;
  // Not Math.max(...blocks): a long recording has more blocks than a call takes arguments.
  const duration = clusters.flat().reduce((latest, block) => Math.max(latest, block.time + block.duration - from), 0);
  if (!(duration > 0)) return null;
  return { from, duration, clusters };
}

/**
 * Cuts sound alone in Opus to the sample: the kept blocks run from the one that holds `fromMs` to the
 * one that holds `toMs`; the new pre-skip drops what comes before `fromMs`, a DiscardPadding on the
 * last block what comes after `toMs`.
 * Bounds are on the timeline as heard: the original's first block starts it, less its pre-skip.
 */
function cutOpus(file: WebmFile, opus: OpusTrack, fromMs: number, toMs: number, type: string): Cut | null {
  const blocks = file.clusters.flat();
  if (!blocks.length) return null;
  // Where each block starts in the stream, in samples: what the decoders count, whatever the times
  // the recorder gave the blocks (which may be a few milliseconds off on a busy machine).
  const starts: number[] = [];
  let total = 0;
  for (const block of blocks) {
    starts.push(total);
    total += opusPacketSamples(block.element.subarray(block.timecodeOffset + 3));
  }
  if (!(total > 0)) throw new Uncuttable('an empty Opus block');
  const endOf = (index: number) => (index + 1 < blocks.length ? starts[index + 1] : total);
  const firstMs = (blocks[0].time * file.timecodeScale) / 1e6;
  const samplesPerUnit = (file.timecodeScale * OPUS_RATE) / 1e9;
  // From milliseconds heard to samples of the stream (pre-skip included), and back.
  const toSample = (ms: number) => Math.min(total, Math.max(opus.preSkip, Math.round(((ms - firstMs) * OPUS_RATE) / 1000) + opus.preSkip));
  const toMsHeard = (sample: number) => firstMs + ((sample - opus.preSkip) * 1000) / OPUS_RATE;
  const start = toSample(fromMs);
  const end = toSample(toMs);
  if (!(start < end)) return null;

  // Not from further back, which would let the decoder settle: Firefox then ignores the DiscardPadding.
  const first = starts.reduce((found, blockStart, i) => (blockStart <= start ? i : found), 0);
  const headDrop = start - starts[first];
  // The pre-skip is 16 bits.
  if (headDrop > 0xffff) return null;
  let last = starts.findIndex((_, i) => endOf(i) >= end);
  if (last < 0) last = blocks.length - 1;
  const tailDrop = Math.max(0, endOf(last) - end);

  const keptBlocks = new Set(blocks.slice(first, last + 1));
  const clusters = file.clusters.map((cluster) => cluster.filter((block) => keptBlocks.has(block))).filter((cluster) => cluster.length);
  const from = blocks[first].time;
  const duration = (end - start) / samplesPerUnit;
  const tracks = element(ID.Tracks, element(ID.TrackEntry, opusEntry(opus, headDrop)));
  const bytes = writeWebm(file, clusters, from, duration, tracks, tailDrop ? { block: blocks[last], ns: Math.round((tailDrop * 1e9) / OPUS_RATE) } : null);
  return { blob: new Blob([bytes], { type }), fromMs: toMsHeard(start), toMs: toMsHeard(end) };
}

/** The Opus TrackEntry's children with `preSkip` in its OpusHead and as its CodecDelay. */
function opusEntry(opus: OpusTrack, preSkip: number): Uint8Array[] {
  const codecDelay = element(ID.CodecDelay, [uintBytes(Math.round((preSkip * 1e9) / OPUS_RATE))]);
  const children = opus.entryChildren.filter((child) => child.id !== ID.CodecDelay).flatMap(({ id, bytes }) => {
    if (id !== ID.CodecPrivate) return [bytes];
    const head = readElement(bytes, 0);
    const opusHead = bytes.slice(head.dataStart, head.end);
    opusHead[PRE_SKIP_OFFSET] = preSkip & 0xff;
    opusHead[PRE_SKIP_OFFSET + 1] = preSkip >> 8;
    return element(ID.CodecPrivate, [opusHead]);
  });
  return [...children, ...codecDelay];
}

// --- Writing ---------------------------------------------------------------------------------------

function idBytes(id: number): Uint8Array {
  const bytes: number[] = [];
  for (let rest = id; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.from(bytes);
}

/** An element of known size around `parts`. */
function element(id: number, parts: Uint8Array[]): Uint8Array[] {
  const size = parts.reduce((total, part) => total + part.length, 0);
  return [idBytes(id), writeVint(size), ...parts];
}

function uintBytes(value: number): Uint8Array {
  const bytes = [value % 256];
  for (let rest = Math.floor(value / 256); rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.from(bytes);
}

function float64Bytes(value: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setFloat64(0, value);
  return bytes;
}

/** A copy of `block` whose relative timecode puts it at `time` in a Cluster starting at `clusterTime`. */
function shiftedBlock(block: Block, time: number, clusterTime: number): Uint8Array {
  const relative = time - clusterTime;
  if (relative < -0x8000 || relative > 0x7fff) throw new Uncuttable('relative timecode out of int16 range');
  const copy = block.element.slice();
  new DataView(copy.buffer).setInt16(block.timecodeOffset, relative);
  return copy;
}

/** A signed integer element's bytes: a leading zero where the top bit would read as a sign. */
function intBytes(value: number): Uint8Array {
  const bytes = uintBytes(value);
  return bytes[0] & 0x80 ? Uint8Array.of(0, ...bytes) : bytes;
}

/** `block` (a shifted SimpleBlock) as a BlockGroup whose decoder drops its last `ns` of sound. */
function withDiscardPadding(shifted: Uint8Array, block: Block, ns: number): Uint8Array[] {
  const data = shifted.slice(block.dataOffset);
  // A Block's flags hold only lacing and invisibility: a SimpleBlock's keyframe and discardable bits go.
  data[block.timecodeOffset - block.dataOffset + 2] &= 0x0e;
  return element(ID.BlockGroup, [...element(ID.Block, [data]), ...element(ID.DiscardPadding, [intBytes(ns)])]);
}

interface DiscardPadding {
  block: Block;
  ns: number;
}

function writeCluster(blocks: Block[], from: number, padding: DiscardPadding | null): Uint8Array[] {
  const clusterTime = blocks[0].time - from;
  return element(ID.Cluster, [
    ...element(ID.Timecode, [uintBytes(clusterTime)]),
    ...blocks.flatMap((block) => {
      const shifted = shiftedBlock(block, block.time - from, clusterTime);
      return block === padding?.block ? withDiscardPadding(shifted, block, padding.ns) : [shifted];
    }),
  ]);
}

function writeWebm(
  file: WebmFile,
  clusters: Block[][],
  from: number,
  duration: number,
  tracks: Uint8Array[] = [file.tracks],
  padding: DiscardPadding | null = null,
): Uint8Array<ArrayBuffer> {
  const info = element(ID.Info, [...file.infoChildren, ...element(ID.Duration, [float64Bytes(duration)])]);
  const segment = element(ID.Segment, [...info, ...tracks, ...clusters.flatMap((blocks) => writeCluster(blocks, from, padding))]);
  return concatBytes([file.ebmlHeader, ...segment]);
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
