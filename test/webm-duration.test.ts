import { expect, oneEvent } from '@open-wc/testing';
import {
  patchWebmHeader,
  readElementId,
  readVint,
  vintLength,
  withWebmDuration,
  writeVint,
} from '../src/containers/webm-duration.js';
import { decodedDuration, sleep } from './helpers.js';
import { ascii, concat, uint, UNKNOWN_SIZE } from './bytes.js';

// --- Building EBML by hand -------------------------------------------------------------------

const ID = {
  EBML: 0x1a45dfa3,
  EBMLVersion: 0x4286,
  DocType: 0x4282,
  Segment: 0x18538067,
  SeekHead: 0x114d9b74,
  Seek: 0x4dbb,
  SeekID: 0x53ab,
  SeekPosition: 0x53ac,
  Void: 0xec,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  MuxingApp: 0x4d80,
  Duration: 0x4489,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  Cues: 0x1c53bb6b,
  Cluster: 0x1f43b675,
  Timecode: 0xe7,
};

const idBytes = (id: number) => uint(id);

/** An element with a known size; `sizeLength` forces the width of its size field. */
function el(id: number, data: Uint8Array, sizeLength?: number): Uint8Array<ArrayBuffer> {
  return concat(idBytes(id), writeVint(data.length, sizeLength), data);
}

function float(value: number, width: 4 | 8): Uint8Array {
  const bytes = new Uint8Array(width);
  const view = new DataView(bytes.buffer);
  if (width === 4) view.setFloat32(0, value);
  else view.setFloat64(0, value);
  return bytes;
}

const ebmlHeader = (docType = 'webm') =>
  el(ID.EBML, concat(el(ID.EBMLVersion, uint(1)), el(ID.DocType, ascii(docType))));
const info = (...children: Uint8Array[]) => el(ID.Info, concat(...children));
const timecodeScale = (ns: number) => el(ID.TimecodeScale, uint(ns, 3));
const muxingApp = (name = 'Chrome') => el(ID.MuxingApp, ascii(name));
const tracks = el(ID.Tracks, el(ID.TrackEntry, el(ID.TrackNumber, uint(1))));
/** The start of a live (unknown-size) Cluster, as Chromium writes it. */
const clusterStart = concat(idBytes(ID.Cluster), UNKNOWN_SIZE, el(ID.Timecode, uint(0)));
const voidOf = (length: number) => el(ID.Void, new Uint8Array(length));
const seek = (target: number, position: Uint8Array) =>
  el(ID.Seek, concat(el(ID.SeekID, idBytes(target)), el(ID.SeekPosition, position)));

/** A WebM head like Chromium's live output: Segment of unknown size, Info without Duration, Tracks, Cluster. */
function liveHead(segmentChildren = concat(info(timecodeScale(1_000_000), muxingApp()), tracks, clusterStart)) {
  return concat(ebmlHeader(), idBytes(ID.Segment), UNKNOWN_SIZE, segmentChildren);
}

// --- Reading it back, independently of the code under test (but for the vint readers) ----------

interface Parsed {
  id: number;
  start: number;
  dataStart: number;
  size: number | null;
  end: number;
}

function parse(bytes: Uint8Array, offset: number): Parsed {
  const id = readElementId(bytes, offset)!;
  const size = readVint(bytes, offset + id.length)!;
  const dataStart = offset + id.length + size.length;
  return { id: id.id, start: offset, dataStart, size: size.value, end: size.value === null ? Infinity : dataStart + size.value };
}

function children(bytes: Uint8Array, parent: Parsed, stopAt = parent.end): Parsed[] {
  const result: Parsed[] = [];
  for (let offset = parent.dataStart; offset < Math.min(stopAt, bytes.length); ) {
    const child = parse(bytes, offset);
    result.push(child);
    if (child.id === ID.Cluster) break;
    offset = child.end;
  }
  return result;
}

const readUint = (bytes: Uint8Array, element: Parsed) =>
  [...bytes.subarray(element.dataStart, element.end)].reduce((value, byte) => value * 256 + byte, 0);

/** What a player would read from a WebM head: Segment, Info and its Duration in ms, Seek entries. */
function readHeader(bytes: Uint8Array) {
  const segment = parse(bytes, parse(bytes, 0).end);
  expect(segment.id).to.equal(ID.Segment);
  const segmentChildren = children(bytes, segment);
  const infoElement = segmentChildren.find((child) => child.id === ID.Info)!;
  const infoChildren = children(bytes, infoElement);
  const scaleElement = infoChildren.find((child) => child.id === ID.TimecodeScale);
  const scale = scaleElement ? readUint(bytes, scaleElement) : 1_000_000;
  const durationElement = infoChildren.find((child) => child.id === ID.Duration);
  let durationMs: number | null = null;
  if (durationElement) {
    const view = new DataView(bytes.buffer, bytes.byteOffset + durationElement.dataStart, durationElement.size!);
    durationMs = ((durationElement.size === 4 ? view.getFloat32(0) : view.getFloat64(0)) * scale) / 1_000_000;
  }
  const seekHead = segmentChildren.find((child) => child.id === ID.SeekHead);
  const seeks = (seekHead ? children(bytes, seekHead) : []).map((entry) => {
    const [target, position] = children(bytes, entry);
    return { id: readUint(bytes, target), position: readUint(bytes, position) };
  });
  return { segment, info: infoElement, durationMs, scale, seeks, segmentChildren };
}

async function headOf(blob: Blob, length = 64 * 1024) {
  return new Uint8Array(await blob.slice(0, length).arrayBuffer());
}

/** A Blob that records what is read from it and refuses to be read whole. */
class WatchedBlob extends Blob {
  bytesRead = 0;
  readonly slices: Array<[number | undefined, number | undefined]> = [];

  override slice(start?: number, end?: number, contentType?: string): Blob {
    this.slices.push([start, end]);
    const part = super.slice(start, end, contentType);
    const read = part.arrayBuffer.bind(part);
    part.arrayBuffer = () => {
      this.bytesRead += part.size;
      return read();
    };
    return part;
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    throw new Error('the whole blob was read');
  }
  override bytes(): Promise<Uint8Array<ArrayBuffer>> {
    throw new Error('the whole blob was read');
  }
  override text(): Promise<string> {
    throw new Error('the whole blob was read');
  }
  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    throw new Error('the whole blob was read');
  }
}

/** `megabytes` of patterned bytes that take 1 MB of memory, however many there are. */
function largeBody(megabytes: number): Blob {
  const oneMegabyte = new Blob([Uint8Array.from({ length: 1 << 20 }, (_, i) => i % 251)]);
  return new Blob(Array.from({ length: megabytes }, () => oneMegabyte));
}

async function sameBytes(a: Blob, b: Blob): Promise<boolean> {
  const [x, y] = await Promise.all([a.arrayBuffer(), b.arrayBuffer()]);
  return x.byteLength === y.byteLength && new Uint8Array(x).every((byte, i) => byte === new Uint8Array(y)[i]);
}

// --- Real recordings ----------------------------------------------------------------------------

async function record(timeslice?: number, ms = 1600): Promise<{ blob: Blob; measuredMs: number }> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  try {
    const recorder = new MediaRecorder(stream);
    const chunks: Blob[] = [];
    recorder.addEventListener('dataavailable', (event) => chunks.push(event.data));
    const started = oneEvent(recorder, 'start');
    recorder.start(timeslice);
    await started;
    const startedAt = performance.now();
    await sleep(ms);
    const stopped = oneEvent(recorder, 'stop');
    recorder.stop();
    await stopped;
    return { blob: new Blob(chunks, { type: recorder.mimeType }), measuredMs: performance.now() - startedAt };
  } finally {
    stream.getTracks().forEach((track) => track.stop());
  }
}

const urls: string[] = [];

async function loadAudio(blob: Blob): Promise<HTMLAudioElement> {
  const audio = document.createElement('audio');
  const loaded = oneEvent(audio, 'loadedmetadata');
  audio.src = URL.createObjectURL(blob);
  urls.push(audio.src);
  await loaded;
  return audio;
}

describe('withWebmDuration', () => {
  afterEach(() => urls.splice(0).forEach((url) => URL.revokeObjectURL(url)));

  describe('on real Chromium recordings', () => {
    it('makes a timesliced recording report its duration and seek', async () => {
      const { blob, measuredMs } = await record(250);
      expect(blob.type).to.match(/^audio\/webm/);
      const raw = await loadAudio(blob);
      expect(raw.duration, 'the problem this fixes').to.equal(Infinity);

      const fixed = await withWebmDuration(blob, measuredMs);
      expect(fixed).to.not.equal(blob);
      expect(fixed.type).to.equal(blob.type);
      expect(fixed.size).to.equal(blob.size + 11);

      const truth = await decodedDuration(blob);
      const audio = await loadAudio(fixed);
      expect(audio.duration).to.be.finite;
      expect(audio.duration).to.be.closeTo(truth, truth * 0.1);

      const seeked = oneEvent(audio, 'seeked');
      audio.currentTime = 1.0;
      await seeked;
      expect(audio.currentTime).to.be.closeTo(1.0, 0.05);
    });

    it('returns a recording made without timeslice as it is: it already has a duration', async () => {
      const { blob, measuredMs } = await record(undefined, 800);
      expect(readHeader(await headOf(blob)).durationMs).to.be.greaterThan(0);
      expect(await withWebmDuration(blob, measuredMs)).to.equal(blob);
    });
  });

  describe('on a 200 MB synthetic recording', () => {
    it('reads only the head and rewrites only the header', async () => {
      const head = liveHead();
      const body = largeBody(200);
      const blob = new WatchedBlob([head, body], { type: 'audio/webm;codecs=opus' });

      const fixed = await withWebmDuration(blob, 123_456.5);

      console.log(`bytes read from a ${blob.size}-byte blob: ${blob.bytesRead}`);
      expect(blob.bytesRead).to.equal(4096);
      expect(blob.slices[0]).to.deep.equal([0, 4096]);
      expect(fixed.size).to.equal(blob.size + 11);
      expect(fixed.type).to.equal('audio/webm;codecs=opus');

      const fixedHead = await headOf(fixed, 4096);
      const { durationMs, info, segment } = readHeader(fixedHead);
      expect(durationMs).to.equal(123_456.5);
      expect(segment.size, 'still unknown').to.equal(null);
      const originalInfo = readHeader(head).info;
      expect(info.end).to.equal(originalInfo.end + 11);
      // Everything after Info is the same bytes, moved by 11.
      expect(await sameBytes(fixed.slice(info.end, info.end + 8192), blob.slice(originalInfo.end, originalInfo.end + 8192))).to.equal(true);
      expect(await sameBytes(fixed.slice(-4096), body.slice(-4096))).to.equal(true);
    });

    it('reads further, within a bound, when Info lies past the first 4 KB', async () => {
      const head = liveHead(concat(voidOf(10_000), info(timecodeScale(1_000_000)), tracks, clusterStart));
      const blob = new WatchedBlob([head, largeBody(5)]);
      const fixed = await withWebmDuration(blob, 2000);
      expect(blob.bytesRead).to.equal(4096 + 65536);
      expect(readHeader(await headOf(fixed)).durationMs).to.equal(2000);
    });

    it('gives up when Info lies past the first 64 KB', async () => {
      const head = liveHead(concat(voidOf(100_000), info(timecodeScale(1_000_000)), tracks, clusterStart));
      const blob = new WatchedBlob([head, largeBody(5)]);
      expect(await withWebmDuration(blob, 2000)).to.equal(blob);
      expect(blob.bytesRead).to.equal(4096 + 65536);
    });
  });

  describe('header rewriting', () => {
    const patched = async (head: Uint8Array<ArrayBuffer>, durationMs = 1500) => {
      const blob = new Blob([head, new Uint8Array(100)]);
      const fixed = await withWebmDuration(blob, durationMs);
      expect(fixed).to.not.equal(blob);
      return { bytes: await headOf(fixed), inserted: fixed.size - blob.size };
    };

    it('fills in a zero Duration placeholder, as Firefox writes, in place', async () => {
      for (const width of [4, 8] as const) {
        const head = liveHead(concat(info(timecodeScale(1_000_000), el(ID.Duration, float(0, width)), muxingApp()), tracks, clusterStart));
        const { bytes, inserted } = await patched(head, 1500);
        expect(inserted).to.equal(0);
        expect(readHeader(bytes).durationMs).to.equal(1500);
        expect(bytes.length).to.equal(head.length + 100);
      }
    });

    it('writes the duration in TimecodeScale units', async () => {
      const { bytes } = await patched(liveHead(concat(info(timecodeScale(1000), muxingApp()), tracks, clusterStart)), 1500);
      const { durationMs, info: infoElement } = readHeader(bytes);
      expect(durationMs).to.equal(1500);
      const duration = children(bytes, infoElement).find((child) => child.id === ID.Duration)!;
      expect(new DataView(bytes.buffer, duration.dataStart, 8).getFloat64(0)).to.equal(1_500_000);
    });

    it('uses the default TimecodeScale when Info has none', async () => {
      const { bytes } = await patched(liveHead(concat(info(muxingApp()), tracks, clusterStart)), 2500);
      expect(readHeader(bytes).durationMs).to.equal(2500);
    });

    it('keeps a wide Info size field wide', async () => {
      const { bytes, inserted } = await patched(liveHead(concat(el(ID.Info, timecodeScale(1e6), 8), tracks, clusterStart)));
      expect(inserted).to.equal(11);
      expect(bytes[readHeader(bytes).info.start + 4]).to.equal(0x01); // 8-byte vint marker
      expect(readHeader(bytes).durationMs).to.equal(1500);
    });

    it('widens an Info size field that the Duration outgrows', async () => {
      const infoData = concat(timecodeScale(1e6), muxingApp('x'.repeat(120 - 7 - 3)));
      expect(infoData.length).to.equal(120);
      const { bytes, inserted } = await patched(liveHead(concat(el(ID.Info, infoData), tracks, clusterStart)));
      expect(inserted).to.equal(12);
      const { info: infoElement, durationMs, segmentChildren } = readHeader(bytes);
      expect(infoElement.size).to.equal(131);
      expect(durationMs).to.equal(1500);
      expect(segmentChildren.map((child) => child.id)).to.deep.equal([ID.Info, ID.Tracks, ID.Cluster]);
    });

    it('adds the inserted bytes to a known Segment size', async () => {
      const segmentData = concat(info(timecodeScale(1e6)), tracks, el(ID.Cluster, el(ID.Timecode, uint(0))));
      const head = concat(ebmlHeader(), idBytes(ID.Segment), writeVint(segmentData.length, 8), segmentData);
      const blob = new Blob([head]);
      const fixed = await withWebmDuration(blob, 1500);
      const bytes = await headOf(fixed);
      const { segment, durationMs, segmentChildren } = readHeader(bytes);
      expect(segment.size).to.equal(segmentData.length + 11);
      expect(segment.end).to.equal(fixed.size);
      expect(durationMs).to.equal(1500);
      expect(segmentChildren.map((child) => child.id)).to.deep.equal([ID.Info, ID.Tracks, ID.Cluster]);
    });

    it('moves SeekHead positions of what follows Info', async () => {
      const infoElement = info(timecodeScale(1e6), muxingApp());
      const seekHeadFor = (infoAt: number, tracksAt: number, clusterAt: number) =>
        el(
          ID.SeekHead,
          concat(seek(ID.Info, uint(infoAt, 2)), seek(ID.Tracks, uint(tracksAt, 2)), seek(ID.Cluster, uint(clusterAt, 2))),
        );
      const seekHeadLength = seekHeadFor(0, 0, 0).length;
      const infoAt = seekHeadLength;
      const tracksAt = infoAt + infoElement.length;
      const clusterAt = tracksAt + tracks.length;
      const { bytes } = await patched(liveHead(concat(seekHeadFor(infoAt, tracksAt, clusterAt), infoElement, tracks, clusterStart)));

      const { seeks, segment, durationMs } = readHeader(bytes);
      expect(durationMs).to.equal(1500);
      expect(seeks.map((entry) => entry.position)).to.deep.equal([infoAt, tracksAt + 11, clusterAt + 11]);
      for (const entry of seeks) expect(parse(bytes, segment.dataStart + entry.position).id).to.equal(entry.id);
    });
  });

  describe('leaves the blob alone', () => {
    const unchanged = async (blob: Blob, durationMs = 1500) => expect(await withWebmDuration(blob, durationMs)).to.equal(blob);

    it('when it is Ogg, MP4 or empty', async () => {
      await unchanged(new Blob([ascii('OggS\0\x02'), new Uint8Array(5000)], { type: 'audio/ogg' }));
      await unchanged(new Blob([concat(uint(0x20, 4), ascii('ftypisom')), new Uint8Array(5000)], { type: 'audio/mp4' }));
      await unchanged(new Blob([]));
    });

    it('when it is Matroska but not WebM', async () => {
      await unchanged(new Blob([concat(ebmlHeader('matroska'), idBytes(ID.Segment), UNKNOWN_SIZE, info(timecodeScale(1e6)))]));
    });

    it('when it already has a Duration, 4 or 8 bytes', async () => {
      for (const width of [4, 8] as const) {
        const head = liveHead(concat(info(timecodeScale(1e6), el(ID.Duration, float(1000, width))), tracks, clusterStart));
        await unchanged(new Blob([head, new Uint8Array(1000)]));
      }
    });

    it('when the duration is not a positive finite number', async () => {
      const blob = new Blob([liveHead()]);
      for (const durationMs of [0, -1, NaN, Infinity]) await unchanged(blob, durationMs);
    });

    it('when Cues or a second SeekHead would keep stale positions', async () => {
      const infoElement = info(timecodeScale(1e6));
      const cues = el(ID.Cues, new Uint8Array(4));
      const seekHead = (target: number) => el(ID.SeekHead, seek(target, uint(300, 2)));
      await unchanged(new Blob([liveHead(concat(seekHead(ID.Cues), infoElement, tracks, clusterStart))]));
      await unchanged(new Blob([liveHead(concat(seekHead(ID.SeekHead), infoElement, tracks, clusterStart))]));
      await unchanged(new Blob([liveHead(concat(infoElement, seekHead(ID.Tracks), tracks, clusterStart))]));
      await unchanged(new Blob([liveHead(concat(infoElement, tracks, cues, clusterStart))]));
      await unchanged(new Blob([liveHead(concat(cues, infoElement, tracks, clusterStart))]));
    });

    it('when the grown Segment size would pass 2^53', async () => {
      const head = concat(ebmlHeader(), idBytes(ID.Segment), writeVint(2 ** 53 - 5, 8), info(timecodeScale(1e6)), tracks);
      expect(patchWebmHeader(head, 1500).kind).to.equal('unsupported');
      await unchanged(new Blob([head]));
    });

    it('when a moved SeekPosition would not fit its field', async () => {
      const seekHead = el(ID.SeekHead, seek(ID.Cluster, uint(250, 1)));
      await unchanged(new Blob([liveHead(concat(seekHead, info(timecodeScale(1e6)), tracks, clusterStart))]));
    });

    it('when the head is cut short anywhere before the end of Info', async () => {
      const head = liveHead();
      const infoEnd = readHeader(head).info.end;
      for (let length = 0; length < infoEnd; length++) await unchanged(new Blob([head.slice(0, length)]));
      const fixed = await withWebmDuration(new Blob([head.slice(0, infoEnd)]), 1500);
      expect(readHeader(await headOf(fixed)).durationMs).to.equal(1500);
    });

    it('when Info comes after a Cluster, or an element before it has unknown size', async () => {
      await unchanged(new Blob([liveHead(concat(clusterStart, info(timecodeScale(1e6))))]));
      await unchanged(new Blob([liveHead(concat(idBytes(ID.Void), UNKNOWN_SIZE, info(timecodeScale(1e6))))]));
    });

    it('and never throws on corrupted headers', () => {
      const head = liveHead(concat(el(ID.SeekHead, seek(ID.Tracks, uint(60, 2))), info(timecodeScale(1e6), muxingApp()), tracks, clusterStart));
      let seed = 1;
      const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
      const outcomes = new Set<string>();
      for (let round = 0; round < 5000; round++) {
        const corrupted = head.slice(0, 1 + Math.floor(random() * head.length));
        for (let flips = 0; flips < 3; flips++) corrupted[Math.floor(random() * corrupted.length)] = Math.floor(random() * 256);
        outcomes.add(patchWebmHeader(corrupted, 1500).kind);
      }
      expect([...outcomes]).to.include.members(['patched', 'truncated', 'unsupported', 'not-webm']);
    });
  });

  describe('EBML variable-length integers', () => {
    it('reads values, lengths and the unknown size', () => {
      expect(readVint(Uint8Array.of(0x81), 0)).to.deep.equal({ value: 1, length: 1 });
      expect(readVint(Uint8Array.of(0x40, 0x02), 0)).to.deep.equal({ value: 2, length: 2 });
      expect(readVint(Uint8Array.of(0x99), 0)).to.deep.equal({ value: 25, length: 1 });
      expect(readVint(Uint8Array.of(0, 0x10, 0x10, 0, 0), 1)).to.deep.equal({ value: 0x100000, length: 4 });
      expect(readVint(Uint8Array.of(0x01, 0, 0, 0, 0, 0, 0x45, 0xa9), 0)).to.deep.equal({ value: 0x45a9, length: 8 });
      expect(readVint(UNKNOWN_SIZE, 0)).to.deep.equal({ value: null, length: 8 });
      expect(readVint(Uint8Array.of(0xff), 0)).to.deep.equal({ value: null, length: 1 });
      expect(readVint(Uint8Array.of(0x7f, 0xff), 0)).to.deep.equal({ value: null, length: 2 });
    });

    it('rejects invalid and truncated vints', () => {
      expect(readVint(Uint8Array.of(0x00, 0x81), 0), 'longer than 8 bytes').to.equal(null);
      expect(readVint(Uint8Array.of(0x40), 0), 'cut short').to.equal(null);
      expect(readVint(Uint8Array.of(0x81), 1), 'past the end').to.equal(null);
      expect(readVint(Uint8Array.of(0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe), 0), 'beyond 2^53').to.equal(null);
    });

    it('reads element IDs with their marker bits', () => {
      expect(readElementId(Uint8Array.of(0x1a, 0x45, 0xdf, 0xa3), 0)).to.deep.equal({ id: ID.EBML, length: 4 });
      expect(readElementId(Uint8Array.of(0x44, 0x89), 0)).to.deep.equal({ id: ID.Duration, length: 2 });
      expect(readElementId(Uint8Array.of(0xec), 0)).to.deep.equal({ id: ID.Void, length: 1 });
      expect(readElementId(Uint8Array.of(0x08, 0, 0, 0, 0), 0), 'IDs are at most 4 bytes').to.equal(null);
    });

    it('picks the shortest length, keeping clear of the all-ones pattern', () => {
      expect([0, 126, 127, 16_382, 16_383, 2 ** 21 - 2, 2 ** 21 - 1].map(vintLength)).to.deep.equal([1, 1, 2, 2, 3, 3, 4]);
      expect(vintLength(2 ** 53 - 1)).to.equal(8);
    });

    it('writes vints that read back', () => {
      expect([...writeVint(25)]).to.deep.equal([0x99]);
      expect([...writeVint(36, 8)]).to.deep.equal([0x01, 0, 0, 0, 0, 0, 0, 36]);
      expect([...writeVint(127)]).to.deep.equal([0x40, 0x7f]);
      for (const value of [0, 1, 126, 127, 300, 16_383, 123_456_789, 2 ** 40 + 7, 2 ** 53 - 1]) {
        for (let length = vintLength(value); length <= 8; length++) {
          expect(readVint(writeVint(value, length), 0)).to.deep.equal({ value, length });
        }
      }
    });

    it('refuses values that do not fit', () => {
      expect(() => writeVint(127, 1)).to.throw(RangeError);
      expect(() => writeVint(-1)).to.throw(RangeError);
      expect(() => writeVint(1.5)).to.throw(RangeError);
      expect(() => writeVint(1, 9)).to.throw(RangeError);
    });
  });
});
