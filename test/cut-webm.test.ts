import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { Cut } from '../src/containers/cut.js';
import { cutWebm } from '../src/containers/cut-webm.js';
import { opusPacketSamples } from '../src/containers/opus.js';
import { readElementId, readVint, writeVint } from '../src/containers/webm-duration.js';
import { inFirefox, inWebKit, recordWithMediaRecorder } from './helpers.js';
import { ascii, concat, el, uint, unknownSize, WEBM_ID } from './bytes.js';

// --- Building EBML by hand ---------------------------------------------------------------------

const ID = WEBM_ID;


function int16(value: number) {
  const bytes = new Uint8Array(2);
  new DataView(bytes.buffer).setInt16(0, value);
  return bytes;
}

/** A SimpleBlock of `track` at `relative` to its Cluster, whose frame is `payload`. */
const simpleBlock = (track: number, relative: number, keyframe: boolean, payload: Uint8Array) =>
  el(ID.SimpleBlock, writeVint(track), int16(relative), Uint8Array.of(keyframe ? 0x80 : 0), payload);

const ebmlHeader = (docType = 'webm') => el(ID.EBML, el(ID.DocType, ascii(docType)));
const info = (scaleNs: number) => el(ID.Info, el(ID.TimecodeScale, uint(scaleNs, 3)), el(ID.MuxingApp, ascii('hand')), el(ID.Duration, new Uint8Array(8)));
/** Tracks: each [number, type] (1 video, 2 audio). */
const tracks = (...entries: Array<[number, number]>) =>
  el(ID.Tracks, ...entries.map(([number, type]) => el(ID.TrackEntry, el(ID.TrackNumber, uint(number)), el(ID.TrackType, uint(type)))));

/** A tiny live WebM (Segment and Clusters of unknown size) of one audio track, with `clusters` after its Tracks. */
const liveWebm = (...clusters: Uint8Array[]) => concat(ebmlHeader(), unknownSize(ID.Segment, info(1_000_000), tracks([1, 2]), ...clusters));

// --- Reading a WebM file, independently of the code under test (but for the vint readers) ----------

interface ReadBlock {
  track: number;
  timeMs: number;
  keyframe: boolean;
  /** The block's bytes after its timecode: flags and frames. */
  frames: Uint8Array;
  /** A Block in a BlockGroup (not a SimpleBlock), and the DiscardPadding beside it. */
  inGroup: boolean;
  discardPaddingNs: number | null;
}

interface ReadWebm {
  segmentSizeKnown: boolean;
  /** The IDs of the Segment's children, in order. */
  segmentChildren: number[];
  scaleNs: number;
  durationMs: number | null;
  trackTypes: Map<number, number>;
  /** The first track's OpusHead pre-skip (samples at 48 kHz) and CodecDelay, where it has them. */
  preSkip: number | null;
  codecDelayNs: number | null;
  clusters: Array<{ sizeKnown: boolean; timecode: number; blocks: ReadBlock[] }>;
}

const CLUSTER_CHILDREN = [ID.Timecode, ID.SimpleBlock, ID.BlockGroup, ID.Void, 0xa7, 0xab, 0xbf];

function readWebm(bytes: Uint8Array): ReadWebm {
  const header = (offset: number) => {
    const id = readElementId(bytes, offset)!;
    const size = readVint(bytes, offset + id.length)!;
    const dataStart = offset + id.length + size.length;
    return { id: id.id, dataStart, end: size.value === null ? Infinity : dataStart + size.value };
  };
  const number = (start: number, end: number) => [...bytes.subarray(start, end)].reduce((value, byte) => value * 256 + byte, 0);
  const childrenOf = (start: number, end: number) => {
    const children = [];
    for (let offset = start; offset < end; offset = children[children.length - 1].end) children.push(header(offset));
    return children;
  };

  const segment = header(header(0).end);
  const result: ReadWebm = { segmentSizeKnown: segment.end !== Infinity, segmentChildren: [], scaleNs: 1_000_000, durationMs: null, trackTypes: new Map(), preSkip: null, codecDelayNs: null, clusters: [] };
  let duration: number | null = null;
  for (let offset = segment.dataStart; offset < Math.min(segment.end, bytes.length); ) {
    const child = header(offset);
    result.segmentChildren.push(child.id);
    if (child.id === ID.Info) {
      for (const field of childrenOf(child.dataStart, child.end)) {
        if (field.id === ID.TimecodeScale) result.scaleNs = number(field.dataStart, field.end);
        if (field.id === ID.Duration) duration = new DataView(bytes.buffer, bytes.byteOffset + field.dataStart, 8).getFloat64(0);
      }
    }
    if (child.id === ID.Tracks) {
      for (const entry of childrenOf(child.dataStart, child.end)) {
        const fields = childrenOf(entry.dataStart, entry.end);
        const value = (id: number) => fields.filter((field) => field.id === id).map((field) => number(field.dataStart, field.end))[0];
        result.trackTypes.set(value(ID.TrackNumber), value(ID.TrackType));
        const head = fields.find((field) => field.id === ID.CodecPrivate);
        if (head && result.preSkip === null) result.preSkip = bytes[head.dataStart + 10] + 256 * bytes[head.dataStart + 11];
        result.codecDelayNs ??= value(ID.CodecDelay) ?? null;
      }
    }
    if (child.id !== ID.Cluster) {
      offset = child.end;
      continue;
    }
    const cluster = { sizeKnown: child.end !== Infinity, timecode: 0, blocks: [] as ReadBlock[] };
    result.clusters.push(cluster);
    offset = child.dataStart;
    while (offset < Math.min(child.end, bytes.length) && CLUSTER_CHILDREN.includes(readElementId(bytes, offset)!.id)) {
      const inner = header(offset);
      if (inner.id === ID.Timecode) cluster.timecode = number(inner.dataStart, inner.end);
      const inGroup = inner.id === ID.BlockGroup;
      const groupFields = inGroup ? childrenOf(inner.dataStart, inner.end) : [];
      const block = inGroup ? groupFields.find((field) => field.id === ID.Block)! : inner.id === ID.SimpleBlock ? inner : null;
      if (block) {
        const track = readVint(bytes, block.dataStart)!;
        const at = block.dataStart + track.length;
        const relative = new DataView(bytes.buffer, bytes.byteOffset + at, 2).getInt16(0);
        const padding = groupFields.find((field) => field.id === ID.DiscardPadding);
        cluster.blocks.push({
          track: track.value!,
          timeMs: ((cluster.timecode + relative) * result.scaleNs) / 1e6,
          keyframe: !inGroup && (bytes[at + 2] & 0x80) !== 0,
          frames: bytes.subarray(at + 2, block.end),
          inGroup,
          discardPaddingNs: padding ? number(padding.dataStart, padding.end) : null,
        });
      }
      offset = inner.end;
    }
    if (child.end !== Infinity) offset = child.end;
  }
  result.durationMs = duration === null ? null : (duration * result.scaleNs) / 1e6;
  return result;
}

const blocksOf = (webm: ReadWebm, track?: number) => webm.clusters.flatMap((cluster) => cluster.blocks).filter((block) => track === undefined || block.track === track);
const tracksOfType = (webm: ReadWebm, type: number) => [...webm.trackTypes].filter(([, t]) => t === type).map(([number]) => number);
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);
const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

// --- An independent reader: ffprobe, through the test runner --------------------------------------

interface Probe {
  ok: boolean;
  errors: string;
  format: { duration?: string };
  streams: Array<{ index: number; codec_type: string }>;
  packets: Array<{ stream_index: number; pts_time: string; flags: string }>;
}

async function ffprobe(blob: Blob): Promise<Probe> {
  const bytes = await bytesOf(blob);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return executeServerCommand<Probe, { base64: string; name: string }>('ffprobe', { base64: btoa(binary), name: 'cut.webm' });
}

const packetsOf = (probe: Probe, type: 'audio' | 'video') => {
  const stream = probe.streams.find((candidate) => candidate.codec_type === type)!;
  return probe.packets.filter((packet) => packet.stream_index === stream.index).map((packet) => ({ ms: Number(packet.pts_time) * 1000, keyframe: packet.flags.includes('K') }));
};

// --- Sound --------------------------------------------------------------------------------------------

const SAMPLE_RATE = 48_000;

async function decode(blob: Blob): Promise<AudioBuffer> {
  return new OfflineAudioContext(1, 1, SAMPLE_RATE).decodeAudioData(await blob.arrayBuffer());
}

/** The loudness (RMS) of each 20 ms of `buffer`'s first channel from `startMs`, `count` of them. */
function envelope(buffer: AudioBuffer, startMs: number, count: number): number[] {
  const samples = buffer.getChannelData(0);
  const step = (SAMPLE_RATE * 20) / 1000;
  const start = Math.round((startMs * SAMPLE_RATE) / 1000);
  return Array.from({ length: count }, (_, i) => {
    const window = samples.subarray(start + i * step, start + (i + 1) * step);
    return Math.sqrt(window.reduce((sum, sample) => sum + sample * sample, 0) / step);
  });
}

/** The 20 ms windows where `a` and `b` differ by more than 5 % of the louder's peak (and a floor for silence). */
function differingWindows(a: number[], b: number[]): number[] {
  const peak = Math.max(...a, ...b);
  return a.map((level, i) => (Math.abs(level - b[i]) > 0.05 * peak + 0.005 ? i : -1)).filter((i) => i >= 0);
}

// --- Real recordings --------------------------------------------------------------------------------

interface Kind {
  title: string;
  /** Why this kind is skipped in the running browser, or null where it runs. */
  skipReason: string | null;
  constraints: MediaStreamConstraints;
  options: MediaRecorderOptions & { videoKeyFrameIntervalDuration?: number };
  video: boolean;
  /** Whether the recording has several keyframes (Firefox's VP8 has one, at the start, in a few seconds). */
  keyframes?: 'several';
}

const engine = inWebKit ? 'WebKit' : inFirefox ? 'Firefox' : 'Chromium';
const onlyIn = (wanted: string) =>
  engine === 'WebKit' ? "WebKit's MediaRecorder writes MP4, not WebM" : engine === wanted ? null : `a recording as ${wanted} writes it: runs in the ${wanted} group`;

const kinds: Kind[] = [
  { title: 'Chromium audio', skipReason: onlyIn('Chromium'), constraints: { audio: true }, options: { mimeType: 'audio/webm;codecs=opus' }, video: false },
  {
    title: 'Chromium video',
    skipReason: onlyIn('Chromium'),
    constraints: { audio: true, video: true },
    // A keyframe every half second, so that where the cut starts is a choice among several.
    options: { mimeType: 'video/webm;codecs=vp8,opus', videoKeyFrameIntervalDuration: 500 },
    video: true,
    keyframes: 'several',
  },
  { title: 'Firefox audio', skipReason: onlyIn('Firefox'), constraints: { audio: true }, options: { mimeType: 'audio/webm' }, video: false },
  { title: 'Firefox video', skipReason: onlyIn('Firefox'), constraints: { audio: true, video: true }, options: { mimeType: 'video/webm' }, video: true },
];

/** A timeslice, as the element uses: Chromium then writes live WebM, Segment and Clusters of unknown size. */
const record = (kind: Kind, ms: number) => recordWithMediaRecorder(kind.constraints, kind.options, ms, 250);

/**
 * A recording with at least 2.6 s of audio. Firefox's fake microphone, fed by a timer, may give much
 * less sound than the time that passed on a busy machine (see helpers.ts): then it records again, longer.
 */
async function recordEnough(kind: Kind): Promise<Blob> {
  for (let ms = 3000; ; ms *= 2) {
    const blob = await record(kind, ms);
    const audio = readWebm(await bytesOf(blob));
    const lastAudio = blocksOf(audio, tracksOfType(audio, 2)[0]).at(-1);
    if ((lastAudio && lastAudio.timeMs >= 2600) || ms >= 12_000) return blob;
  }
}

const FROM_MS = 713;
const TO_MS = 2087;

for (const kind of kinds) {
  describe(`cutWebm on a real ${kind.title} recording, cut to [${FROM_MS}, ${TO_MS}) ms`, function () {
    let original: Blob;
    let read: ReadWebm;
    let probe: Probe;
    let cut: Cut;
    let readCut: ReadWebm;

    before(async function () {
      if (kind.skipReason) {
        console.info(`skipped "${kind.title}": ${kind.skipReason}`);
        this.skip();
      }
      original = await recordEnough(kind);
      read = readWebm(await bytesOf(original));
      probe = await ffprobe(original);
      cut = (await cutWebm(original, FROM_MS, TO_MS))!;
      expect(cut, 'a cut').to.not.equal(null);
      readCut = readWebm(await bytesOf(cut.blob));
    });

    const audioTrack = () => tracksOfType(read, 2)[0];
    const videoTrack = () => tracksOfType(read, 1)[0];
    /** Where the audio of the cut starts in the original: with video, the first audio block after the keyframe. */
    const cutAudioStartMs = () => cut.fromMs + blocksOf(readCut, audioTrack())[0].timeMs;

    if (kind.video) {
      it('starts at the video keyframe nearest the asked start, as ffprobe sees the original', () => {
        const keyframes = packetsOf(probe, 'video').filter((packet) => packet.keyframe).map((packet) => packet.ms);
        const nearest = keyframes.reduce((best, ms) => (Math.abs(ms - FROM_MS) < Math.abs(best - FROM_MS) ? ms : best));
        expect(cut.fromMs).to.be.closeTo(nearest, 1);
        if (kind.keyframes === 'several') {
          expect(keyframes.length, 'keyframes to choose from').to.be.at.least(3);
          expect(cut.fromMs, 'not the first keyframe').to.be.greaterThan(keyframes[0]);
        }
        // The cut ends with the last video frame that starts before the asked end.
        // The cut ends where the last video frame that starts before the asked end ends (the next frame's
        // start), or with an audio block ending a little later (within half an audio block).
        const next = blocksOf(read, videoTrack()).find((block) => block.timeMs >= TO_MS)!.timeMs;
        expect(cut.toMs).to.be.within(next, Math.max(next, TO_MS + 30));
      });

      it('begins with a video keyframe, every track from the cut point on', () => {
        const first = blocksOf(readCut, videoTrack())[0];
        expect(first.keyframe).to.equal(true);
        expect(first.timeMs).to.equal(0);
        for (const block of blocksOf(readCut)) expect(block.timeMs).to.be.at.least(0);
      });
    } else {
      const audio = () => blocksOf(read, audioTrack());
      /** Where each block of the original's sound starts and ends in the stream, in samples: what decoders count. */
      const positions = () => {
        let at = 0;
        return audio().map((block) => {
          const start = at;
          at += opusPacketSamples(block.frames.subarray(1));
          return { block, start, end: at };
        });
      };
      /** The stream's sample heard at `ms`: the first block starts the timeline, less the pre-skip. */
      const sampleAt = (ms: number) => Math.round((ms - audio()[0].timeMs) * 48) + read.preSkip!;
      /** What the cut should keep: from the block holding the start to the block holding the end. */
      const expectedFirst = () => positions().filter((position) => position.start <= sampleAt(FROM_MS)).at(-1)!;
      const expectedLast = () => positions().find((position) => position.end >= sampleAt(TO_MS))!;

      it('starts and ends where asked, to the sample', () => {
        expect(cut.fromMs).to.be.closeTo(FROM_MS, 1 / 48);
        expect(cut.toMs).to.be.closeTo(TO_MS, 1 / 48);
      });

      it("keeps the original's blocks whole, from the one holding the start to the one holding the end", () => {
        const kept = blocksOf(readCut, audioTrack());
        const first = audio().indexOf(expectedFirst().block);
        const from = audio().slice(first, audio().indexOf(expectedLast().block) + 1);
        expect(first, 'blocks before the first kept one').to.be.greaterThan(0);
        expect(kept.length).to.equal(from.length);
        kept.forEach((block, i) => {
          // Byte for byte after the flags (a Block has no keyframe flag).
          expect(sameBytes(block.frames.subarray(1), from[i].frames.subarray(1)), `block ${i}: same bytes`).to.equal(true);
          expect(block.timeMs, `block ${i}: time`).to.equal(from[i].timeMs - from[0].timeMs);
        });
      });

      it('tells the decoder what to drop: the pre-skip and CodecDelay at the head, a DiscardPadding on the last block', () => {
        const headSamples = sampleAt(FROM_MS) - expectedFirst().start;
        expect(readCut.preSkip).to.equal(headSamples);
        expect(readCut.codecDelayNs).to.equal(Math.round((headSamples * 1e9) / 48_000));
        const kept = blocksOf(readCut, audioTrack());
        const tailSamples = expectedLast().end - sampleAt(TO_MS);
        expect(tailSamples, 'something to drop at the tail').to.be.greaterThan(0);
        expect(kept.at(-1)!.inGroup).to.equal(true);
        expect(kept.at(-1)!.discardPaddingNs).to.equal(Math.round((tailSamples * 1e9) / 48_000));
        expect(kept.slice(0, -1).every((block) => !block.inGroup && block.discardPaddingNs === null), 'the others: SimpleBlocks').to.equal(true);
      });
    }

    if (kind.video) {
      it("holds the original's blocks from the cut point, byte for byte, their times moved back by fromMs", () => {
        for (const track of read.trackTypes.keys()) {
          const kept = blocksOf(readCut, track);
          const from = blocksOf(read, track).filter((block) => block.timeMs >= cut.fromMs);
          expect(kept.length, `track ${track}`).to.be.greaterThan(0);
          kept.forEach((block, i) => {
            expect(sameBytes(block.frames, from[i].frames), `track ${track}, block ${i}: same bytes`).to.equal(true);
            expect(block.timeMs, `track ${track}, block ${i}: time`).to.equal(from[i].timeMs - cut.fromMs);
          });
          const next = from[kept.length];
          if (!next) continue;
          // The next block was left out because of the end: audio by its middle, video by its start.
          const video = read.trackTypes.get(track) === 1;
          const end = video ? next.timeMs : next.timeMs + (next.timeMs - from[kept.length - 1].timeMs) / 2;
          expect(end, `track ${track}: the first block left out`).to.be.at.least(TO_MS - 1);
        }
      });
    }

    it('is written as players expect: Info with the new Duration, Tracks, Clusters of known size; no index', () => {
      expect(readCut.segmentSizeKnown, 'Segment size known').to.equal(true);
      const ids = new Set(readCut.segmentChildren);
      expect([...ids]).to.deep.equal([ID.Info, ID.Tracks, ID.Cluster]);
      expect(readCut.durationMs).to.be.closeTo(cut.toMs - cut.fromMs, 0.001);
      expect(readCut.clusters.every((cluster) => cluster.sizeKnown)).to.equal(true);
      // Each Cluster's Timecode is its first block's time.
      for (const cluster of readCut.clusters) expect((cluster.timecode * readCut.scaleNs) / 1e6).to.equal(cluster.blocks[0].timeMs);
      expect(cut.blob.type).to.equal(original.type);
    });

    it('decodes to toMs − fromMs of sound', async () => {
      const decodedMs = (await decode(cut.blob)).duration * 1000;
      if (!kind.video) {
        // To the sample, give or take the decoders' rounding to microseconds.
        expect(decodedMs).to.be.closeTo(cut.toMs - cut.fromMs, 1);
        return;
      }
      // With video the file ends with its last frame; its sound, with its last audio packet.
      const audio = packetsOf(await ffprobe(cut.blob), 'audio');
      const step = audio[1].ms - audio[0].ms;
      expect(decodedMs).to.be.closeTo(audio.at(-1)!.ms + step - audio[0].ms, 20);
      // That sound runs from the first audio block after the keyframe to the asked end, to the nearest block.
      expect(decodedMs).to.be.closeTo(TO_MS - cutAudioStartMs(), step / 2 + 20);
    });

    it('holds the sound of the original from where it was cut', async () => {
      const [whole, part] = await Promise.all([decode(original), decode(cut.blob)]);
      // The decoders start where the first audio block does, in both files.
      const offsetMs = cutAudioStartMs() - blocksOf(read, audioTrack())[0].timeMs;
      const count = Math.floor((part.duration * 1000) / 20) - 1;
      // The decoder, started in the middle of a stream, needs a few frames to settle (Firefox: ~100 ms).
      const settled = (levels: number[]) => levels.slice(5);
      const cutLevels = settled(envelope(part, 0, count));
      expect(differingWindows(cutLevels, settled(envelope(whole, offsetMs, count)))).to.deep.equal([]);
      if (engine === 'Chromium') {
        // Chromium's fake microphone beeps once a second: the same sound 60 ms later differs.
        expect(differingWindows(cutLevels, settled(envelope(whole, offsetMs + 60, count)))).to.not.deep.equal([]);
      }
    });

    const startsAt = kind.video ? 'starting at 0 with a keyframe' : 'the first packet early by the codec delay';
    it(`reads cleanly in ffprobe: no errors, its duration, ${startsAt}`, async () => {
      const cutProbe = await ffprobe(cut.blob);
      expect(cutProbe.ok, cutProbe.errors).to.equal(true);
      expect(cutProbe.errors).to.equal('');
      expect(Number(cutProbe.format.duration) * 1000).to.be.closeTo(cut.toMs - cut.fromMs, kind.video ? 20 : 1);
      const firstMs = Math.min(...cutProbe.packets.map((packet) => Number(packet.pts_time) * 1000));
      // ffmpeg shows Opus packets earlier by their codec delay (6.5 ms, or what the cut drops at its head).
      if (kind.video) expect(firstMs).to.be.closeTo(0, 20);
      else expect(firstMs).to.be.closeTo(-readCut.codecDelayNs! / 1e6, 1);
      if (kind.video) {
        const video = packetsOf(cutProbe, 'video');
        expect(video[0]).to.deep.equal({ ms: 0, keyframe: true });
      }
    });

    it('gives the same bytes when cut again to the same bounds', async () => {
      const again = (await cutWebm(original, FROM_MS, TO_MS))!;
      expect(again.fromMs).to.equal(cut.fromMs);
      expect(again.toMs).to.equal(cut.toMs);
      expect(sameBytes(await bytesOf(again.blob), await bytesOf(cut.blob))).to.equal(true);
    });

    it('clamps bounds outside the recording to its first and last blocks', async () => {
      const whole = (await cutWebm(original, -5000, 1e9))!;
      const blocks = blocksOf(read);
      const firstStart = Math.min(...blocks.map((block) => block.timeMs));
      expect(whole.fromMs).to.equal(kind.video ? blocksOf(read, videoTrack())[0].timeMs : firstStart);
      const readWhole = readWebm(await bytesOf(whole.blob));
      expect(blocksOf(readWhole).length).to.equal(blocks.filter((block) => block.timeMs >= whole.fromMs).length);
      const audio = blocksOf(read, audioTrack());
      const audioEnd = audio.at(-1)!.timeMs + (audio.at(-1)!.timeMs - audio.at(-2)!.timeMs);
      // Sound alone ends where it is heard to: the last block's end less the pre-skip.
      if (kind.video) expect(whole.toMs).to.be.at.least(audioEnd);
      else {
        const samples = audio.reduce((total, block) => total + opusPacketSamples(block.frames.subarray(1)), 0);
        expect(whole.toMs).to.be.closeTo(audio[0].timeMs + (samples - read.preSkip!) / 48, 1 / 48);
      }
      // All the sound but the audio blocks before the first video keyframe.
      const droppedMs = blocksOf(readWhole, audioTrack())[0].timeMs + whole.fromMs - audio[0].timeMs;
      expect((await decode(whole.blob)).duration * 1000).to.be.closeTo((await decode(original)).duration * 1000 - droppedMs, 20);
    });
  });
}

describe('opusPacketSamples', () => {
  it("counts an Opus packet's samples at 48 kHz from its TOC byte (RFC 6716, 3.1)", () => {
    const toc = (config: number, code: number) => (config << 3) | code;
    expect(opusPacketSamples(Uint8Array.of(toc(3, 0)))).to.equal(2880); // SILK, 60 ms
    expect(opusPacketSamples(Uint8Array.of(toc(13, 0)))).to.equal(960); // hybrid, 20 ms
    expect(opusPacketSamples(Uint8Array.of(toc(16, 0)))).to.equal(120); // CELT, 2.5 ms
    expect(opusPacketSamples(Uint8Array.of(toc(19, 1)))).to.equal(1920); // two 20 ms frames
    expect(opusPacketSamples(Uint8Array.of(toc(18, 3), 5))).to.equal(2400); // five 10 ms frames
    expect(opusPacketSamples(new Uint8Array(0))).to.be.NaN;
  });
});

// --- What it refuses ------------------------------------------------------------------------------

describe('cutWebm refuses, without throwing', () => {
  const oneBlock = (relative: number) => simpleBlock(1, relative, true, Uint8Array.of(0xfc, 1, 2, 3));
  /** Three 20 ms audio blocks in a live Cluster: cuttable. */
  const cuttable = () => liveWebm(unknownSize(ID.Cluster, el(ID.Timecode, uint(0)), oneBlock(0), oneBlock(20), oneBlock(40)));

  it('cuts the hand-made file the refusals below start from', async () => {
    const cut = await cutWebm(new Blob([cuttable()]), 0, 60);
    expect(cut && [cut.fromMs, cut.toMs]).to.deep.equal([0, 60]);
  });

  it('bounds in the wrong order, equal or not numbers', async () => {
    const blob = new Blob([cuttable()]);
    expect(await cutWebm(blob, 40, 20)).to.equal(null);
    expect(await cutWebm(blob, 20, 20)).to.equal(null);
    expect(await cutWebm(blob, NaN, 20)).to.equal(null);
    expect(await cutWebm(blob, 0, NaN)).to.equal(null);
  });

  it('bounds that leave no block', async () => {
    // The block at 40 ms is nearest, but its middle (50 ms) is past 45 ms.
    expect(await cutWebm(new Blob([cuttable()]), 39, 45)).to.equal(null);
  });

  it('garbage, an empty blob, a file cut short', async () => {
    const garbage = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256);
    expect(await cutWebm(new Blob([garbage]), 0, 1000)).to.equal(null);
    expect(await cutWebm(new Blob([]), 0, 1000)).to.equal(null);
    const file = cuttable();
    expect(await cutWebm(new Blob([file.subarray(0, file.length - 2)]), 0, 60)).to.equal(null);
    expect(await cutWebm(new Blob([ebmlHeader().subarray(0, 3)]), 0, 60)).to.equal(null);
  });

  it('an Ogg file and an MP4', async () => {
    // The first page of an Ogg Opus file: capture pattern, version, flags, granule, serial, sequence, CRC, segments.
    const ogg = concat(ascii('OggS'), Uint8Array.of(0, 2), new Uint8Array(8), uint(1, 4), uint(0, 4), uint(0, 4), Uint8Array.of(1, 19), ascii('OpusHead'), Uint8Array.of(1, 1, 0x38, 1, 0x80, 0xbb, 0, 0, 0, 0, 0));
    expect(await cutWebm(new Blob([ogg], { type: 'audio/ogg' }), 0, 1000)).to.equal(null);
    const mp4 = await (await fetch(new URL('./fixtures/mp4mux-h264-aac.mp4', import.meta.url))).blob();
    expect(mp4.size).to.be.greaterThan(1000);
    expect(await cutWebm(mp4, 0, 500)).to.equal(null);
  });

  it('Matroska that is not WebM', async () => {
    const matroska = concat(ebmlHeader('matroska'), cuttable().subarray(ebmlHeader().length));
    expect(await cutWebm(new Blob([matroska]), 0, 60)).to.equal(null);
  });

  it('a BlockGroup, leaving the original untouched', async () => {
    const block = el(ID.BlockGroup, el(ID.Block, writeVint(1), int16(20), Uint8Array.of(0), Uint8Array.of(0xfc, 1, 2, 3)));
    const file = liveWebm(unknownSize(ID.Cluster, el(ID.Timecode, uint(0)), oneBlock(0), block, oneBlock(40)));
    const blob = new Blob([file]);
    expect(await cutWebm(blob, 0, 60)).to.equal(null);
    expect(sameBytes(await bytesOf(blob), file)).to.equal(true);
  });

  it('a block of a track that Tracks does not list', async () => {
    const file = liveWebm(unknownSize(ID.Cluster, el(ID.Timecode, uint(0)), oneBlock(0), simpleBlock(2, 20, true, Uint8Array.of(1))));
    expect(await cutWebm(new Blob([file]), 0, 60)).to.equal(null);
  });

  it('a blob that cannot be read', async () => {
    const unreadable = new Blob([cuttable()]);
    unreadable.arrayBuffer = () => Promise.reject(new DOMException('gone', 'NotReadableError'));
    expect(await cutWebm(unreadable, 0, 60)).to.equal(null);
  });
});

// --- Hand-made layouts ----------------------------------------------------------------------------

describe('cutWebm on hand-made files', () => {
  it('ends a live Cluster at the next Cluster and at Cues; drops SeekHead, Void, Cues and Tags; works in TimecodeScale units', async () => {
    // TimecodeScale 100 µs: timecodes count tenths of a millisecond. Audio blocks every 20 ms (200 units).
    const audio = (relative: number, fill: number) => simpleBlock(1, relative, true, new Uint8Array(3).fill(fill));
    const file = concat(
      ebmlHeader(),
      unknownSize(
        ID.Segment,
        el(ID.SeekHead, new Uint8Array(4)),
        el(ID.Void, new Uint8Array(10)),
        info(100_000),
        tracks([1, 2]),
        unknownSize(ID.Cluster, el(ID.Timecode, uint(0)), audio(0, 1), audio(200, 2), audio(400, 3), el(ID.Void, new Uint8Array(2))),
        unknownSize(ID.Cluster, el(ID.Timecode, uint(600)), audio(0, 4), audio(200, 5), audio(400, 6)),
        el(ID.Cues, new Uint8Array(6)),
        el(ID.Tags, new Uint8Array(6)),
      ),
    );
    const cut = (await cutWebm(new Blob([file], { type: 'audio/webm' }), 25, 85))!;
    // Nearest start to 25 ms: 20 ms; blocks kept while their middle is before 85 ms: those at 20 to 60 ms.
    expect([cut.fromMs, cut.toMs]).to.deep.equal([20, 80]);
    expect(cut.blob.type).to.equal('audio/webm');
    const out = readWebm(await bytesOf(cut.blob));
    expect(out.segmentChildren).to.deep.equal([ID.Info, ID.Tracks, ID.Cluster, ID.Cluster]);
    expect(out.scaleNs).to.equal(100_000);
    expect(out.durationMs).to.equal(60);
    expect(out.clusters.map((cluster) => cluster.timecode)).to.deep.equal([0, 400]);
    expect(blocksOf(out).map((block) => [block.timeMs, block.frames[1]])).to.deep.equal([[0, 2], [20, 3], [40, 4]]);
  });

  it('starts a file with video at the nearest keyframe; audio from there, video while it starts before the end', async () => {
    const video = (relative: number, keyframe: boolean) => simpleBlock(1, relative, keyframe, Uint8Array.of(relative & 0xff));
    const audio = (relative: number) => simpleBlock(2, relative, true, Uint8Array.of(0xfc));
    const file = concat(
      ebmlHeader(),
      unknownSize(
        ID.Segment,
        info(1_000_000),
        tracks([1, 1], [2, 2]),
        // Keyframes at 0 and 100 ms; frames every 33 ms; audio every 20 ms.
        unknownSize(ID.Cluster, el(ID.Timecode, uint(0)), video(0, true), audio(0), audio(20), video(33, false), audio(40), audio(60), video(66, false), audio(80)),
        unknownSize(ID.Cluster, el(ID.Timecode, uint(100)), video(0, true), audio(0), audio(20), video(33, false), audio(40), audio(60), video(66, false), audio(80), video(99, false)),
      ),
    );
    // 70 ms is nearer the keyframe at 100 than the one at 0; video kept up to the frame at 166 ms, which starts before 180.
    const cut = (await cutWebm(new Blob([file]), 70, 180))!;
    const out = readWebm(await bytesOf(cut.blob));
    const times = (track: number) => blocksOf(out, track).map((block) => block.timeMs);
    expect(times(1)).to.deep.equal([0, 33, 66]);
    // Audio blocks whose middle is before 180 ms: 100 to 160 ms.
    expect(times(2)).to.deep.equal([0, 20, 40, 60]);
    // The end: the last frame's end, its duration the track's typical step (33 ms).
    expect([cut.fromMs, cut.toMs]).to.deep.equal([100, 199]);
    expect(out.durationMs).to.equal(99);
  });

  it('writes relative timecodes back as int16, negative when a block is earlier than its Cluster', async () => {
    const audio = (track: number, relative: number) => simpleBlock(track, relative, true, Uint8Array.of(track));
    const file = concat(
      ebmlHeader(),
      el(ID.Segment, info(1_000_000), tracks([1, 2], [2, 2]), el(ID.Cluster, el(ID.Timecode, uint(1000)), audio(1, 10), audio(2, 0), audio(1, 30), audio(2, 20))),
    );
    const cut = (await cutWebm(new Blob([file]), 1000, 2000))!;
    expect(cut.fromMs).to.equal(1000);
    const bytes = await bytesOf(cut.blob);
    const out = readWebm(bytes);
    expect(out.clusters[0].timecode).to.equal(10);
    expect(blocksOf(out).map((block) => [block.track, block.timeMs])).to.deep.equal([[1, 10], [2, 0], [1, 30], [2, 20]]);
  });
});
