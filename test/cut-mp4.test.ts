import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { cutMp4 } from '../src/containers/cut-mp4.js';
import '../src/index.js';
import type { MediaRecorderButton } from '../src/index.js';
import { inFirefox, inWebKit, nextEvent, sleep } from './helpers.js';
import { ascii, concat, u32 } from './bytes.js';

// --- What an independent reader (ffprobe) and the browser's decoder say ------------------------

interface Probe {
  ok: boolean;
  errors: string;
  format?: { duration?: string };
  streams?: Array<{ index: number; codec_type: string }>;
  packets?: Array<{ stream_index: number; pts_time?: string; duration_time?: string; flags: string }>;
}

async function base64Of(blob: Blob) {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

const ffprobe = async (blob: Blob) => executeServerCommand<Probe, { base64: string; name: string }>('ffprobe', { base64: await base64Of(blob), name: 'cut.mp4' });

/**
 * Each stream's packets (in presentation order) with their times in seconds, and the stream's type.
 * ffprobe leaves out the duration of Opus and VP9 packets in MP4: it is then taken as the time to the
 * next packet (for the last one, the time since the one before).
 */
function streamsOf(probe: Probe) {
  return (probe.streams ?? []).map((stream) => {
    const packets = (probe.packets ?? [])
      .filter((packet) => packet.stream_index === stream.index)
      .map((packet) => ({ pts: Number(packet.pts_time), duration: Number(packet.duration_time ?? 0), key: packet.flags.startsWith('K') }))
      .sort((a, b) => a.pts - b.pts);
    packets.forEach((packet, i) => {
      const gap = i + 1 < packets.length ? packets[i + 1].pts - packet.pts : i > 0 ? packet.pts - packets[i - 1].pts : 0;
      if (packet.duration < 1e-3) packet.duration = gap;
    });
    return { type: stream.codec_type, packets };
  });
}

type Stream = ReturnType<typeof streamsOf>[number];

const middleOf = ({ pts, duration }: { pts: number; duration: number }) => pts + duration / 2;
const endOf = (packets: Stream['packets']) => packets[packets.length - 1].pts + packets[packets.length - 1].duration;

/**
 * Where a cut from `fromMs` of a recording should start, and what of each track it may keep, worked
 * out from ffprobe's packets of the recording (`streams`), in its seconds. Its timeline starts where
 * its earliest track starts (the tracks of a recording need not start together: under load
 * Chromium's audio may start before or after its video). The cut starts at the video keyframe
 * nearest `fromMs` (audio only: at the audio packet boundary nearest it), and each track from its
 * packets that start at or after that (audio only: whose middle is). Where each ends is left to the
 * test: a packet is kept when its middle is before the end, and ffprobe knows the duration of no
 * Opus or VP9 packet (the time to the next packet, taken instead, is not always it: under load
 * Chromium's video packets are not as long as the time between them).
 */
function expectedCut(streams: Stream[], fromMs: number) {
  const origin = Math.min(...streams.map(({ packets }) => packets[0].pts));
  const from = origin + fromMs / 1000;
  const video = streams.find(({ type }) => type === 'video');
  const start = video
    ? video.packets.filter(({ key }) => key).reduce((best, { pts }) => (Math.abs(pts - from) < Math.abs(best - from) ? pts : best), Infinity)
    : streams.find(({ type }) => type === 'audio')!.packets.find((packet) => middleOf(packet) >= from)!.pts;
  // 10 µs: ffprobe's times are rounded to 1 µs, a track's start to its own ticks.
  const tracks = streams.map(({ type, packets }) => ({
    type,
    packets: packets.filter((packet) => (video ? packet.pts >= start - 1e-5 : middleOf(packet) >= start)),
  }));
  return { origin, start, tracks, fromMs: (start - origin) * 1000 };
}

/** What the `mvhd` of a file's `moov` says it lasts, in seconds (the header players show first). */
async function movieDuration(blob: Blob): Promise<number> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const view = new DataView(bytes.buffer);
  for (let offset = 0; offset + 8 <= bytes.length; offset += view.getUint32(offset)) {
    if (String.fromCharCode(...bytes.subarray(offset + 4, offset + 8)) !== 'moov') continue;
    // mvhd, the moov's first child: version, flags, two times, timescale, duration (32 or 64 bits).
    const mvhd = offset + 8;
    const wide = bytes[mvhd + 8] === 1;
    const timescale = view.getUint32(mvhd + (wide ? 28 : 20));
    const duration = wide ? view.getUint32(mvhd + 32) * 2 ** 32 + view.getUint32(mvhd + 36) : view.getUint32(mvhd + 24);
    return duration / timescale;
  }
  return NaN;
}

async function decode(blob: Blob): Promise<AudioBuffer> {
  return new OfflineAudioContext(1, 1, 48000).decodeAudioData(await blob.arrayBuffer());
}

/** Loudness (RMS) of `buffer`'s first channel in 20 ms windows, from `fromMs` on, `count` windows. */
function envelope(buffer: AudioBuffer, fromMs: number, count: number): number[] {
  const data = buffer.getChannelData(0);
  const window = Math.round(buffer.sampleRate / 50);
  const start = Math.round((fromMs / 1000) * buffer.sampleRate);
  return Array.from({ length: count }, (_, i) => {
    let sum = 0;
    for (let j = start + i * window; j < start + (i + 1) * window; j++) sum += (data[j] ?? 0) ** 2;
    return Math.sqrt(sum / window);
  });
}

/**
 * How far the loudness of the decoded cut is from the original's from `fromMs` on: the summed
 * differences of their 20 ms windows over the original's summed loudness (0: the same). The first
 * and last two windows are left out: a decoder starts and ends a stream cut anywhere unevenly.
 */
function mismatch(cut: AudioBuffer, original: AudioBuffer, fromMs: number): number {
  const count = Math.floor(cut.duration * 50) - 4;
  const a = envelope(cut, 40, count);
  const b = envelope(original, fromMs + 40, count);
  return a.reduce((total, value, i) => total + Math.abs(value - b[i]), 0) / b.reduce((total, value) => total + value, 0);
}

// --- Recording ---------------------------------------------------------------------------------

/** Records `ms` with MediaRecorder itself (Chromium writes MP4 that needs no fixing). */
async function recordWithRecorder(ms: number, mimeType: string, video: boolean): Promise<Blob> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video });
  try {
    // A keyframe every half second, so that a cut can start at one that is not the first.
    const recorder = new MediaRecorder(stream, { mimeType, videoKeyFrameIntervalDuration: 500 } as MediaRecorderOptions);
    const chunks: Blob[] = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    const stopped = new Promise((resolve) => (recorder.onstop = resolve));
    recorder.start();
    await sleep(ms);
    recorder.stop();
    await stopped;
    return new Blob(chunks, { type: recorder.mimeType });
  } finally {
    stream.getTracks().forEach((track) => track.stop());
  }
}

/** Records `ms` with the element: WebKit's raw recorder output needs its fixes (repeated moofs, durations). */
async function recordWithElement(ms: number): Promise<Blob> {
  const el = document.createElement('media-recorder-button') as MediaRecorderButton;
  document.body.append(el);
  try {
    await el.start();
    await sleep(ms);
    const stopped = nextEvent(el, 'stop');
    await el.stop();
    await stopped;
    return el.blob!;
  } finally {
    el.remove();
  }
}

// --- Real recordings ---------------------------------------------------------------------------

const FROM = 700;
const TO = 2100;

const kinds = [
  { name: "this browser's audio/mp4", video: false },
  { name: "this browser's video/mp4", video: true },
];

for (const { name, video } of kinds) {
  describe(`MP4 cut: ${name}`, function () {
    this.timeout(60_000);
    let original: Blob;
    let originalProbe: Probe;
    let cut: Awaited<ReturnType<typeof cutMp4>>;
    /** Where the cut should start and what it may keep, from ffprobe's reading of the original. */
    let expected: ReturnType<typeof expectedCut>;
    let cutStreams: Stream[];
    let cutProbe: Probe;
    /** The original's packets of a track that the cut holds (as many as it holds, from its start). */
    const keptOf = (type: string) => {
      const count = cutStreams.find((stream) => stream.type === type)?.packets.length ?? 0;
      return expected.tracks.find((track) => track.type === type)!.packets.slice(0, count);
    };

    before(async function () {
      if (inFirefox) this.skip(); // Firefox records Ogg and WebM only.
      if (video && inWebKit) this.skip(); // WebKitGTK records no video here.
      original = inWebKit ? await recordWithElement(3000) : await recordWithRecorder(3000, video ? 'video/mp4' : 'audio/mp4', video);
      originalProbe = await ffprobe(original);
      cut = await cutMp4(original, FROM, TO);
      expected = expectedCut(streamsOf(originalProbe), FROM);
      cutProbe = cut ? await ffprobe(cut.blob) : { ok: false, errors: 'no cut' };
      cutStreams = streamsOf(cutProbe);
    });

    it('cuts near the bounds asked: audio at the nearest sample boundaries, video from the nearest keyframe', () => {
      expect(cut, 'a cut').to.not.equal(null);
      const { fromMs, toMs } = cut!;
      expect(fromMs, 'start').to.be.closeTo(expected.fromMs, 1);
      // Each track to its last packet whose middle is before the end asked: it starts before it, and
      // the next starts less than half a long frame (100 ms under load) before it.
      const to = expected.origin + TO / 1000;
      for (const { type } of cutStreams) {
        const kept = keptOf(type);
        const next = expected.tracks.find((track) => track.type === type)!.packets[kept.length];
        expect(kept.length, `${type}: packets kept`).to.be.above(10);
        expect(kept[kept.length - 1].pts, `${type}: the last packet kept starts before the end`).to.be.below(to);
        if (next) expect(next.pts, `${type}: the next packet`).to.be.above(to - 0.05);
      }
      // The end: that of the track that ends last, past the start of every last packet kept.
      const lastStarts = cutStreams.map(({ type }) => keptOf(type)).map((kept) => (kept[kept.length - 1].pts - expected.origin) * 1000);
      expect(toMs, 'end').to.be.above(Math.max(...lastStarts));
      expect(toMs, 'end').to.be.closeTo(TO, 50);
      if (!video) return;
      // Where ffprobe sees the original's keyframes: the cut starts at the one nearest the start asked.
      const keyframes = streamsOf(originalProbe)
        .find(({ type }) => type === 'video')!
        .packets.filter(({ key }) => key)
        .map(({ pts }) => pts * 1000);
      const nearest = keyframes.reduce((best, time) => (Math.abs(time - FROM) < Math.abs(best - FROM) ? time : best));
      expect(keyframes.length, 'keyframes in the original').to.be.above(1);
      expect(fromMs, 'start: the keyframe nearest the start asked').to.be.closeTo(nearest, 1);
    });

    it('decodes to the length of its bounds, less what the decoder leaves out of the start of any stream', async () => {
      // The cut keeps whole encoded frames and adds no edit list, so what decodeAudioData gives is
      // the frames kept less what this engine's decoder drops from the start of every stream, the
      // original's too: WebKit (GStreamer) one AAC frame of priming (1024 samples at 44.1 kHz,
      // 23.2 ms); Chromium 80 ms of Opus (its pre-roll, pre-skip included).
      // The audio's own length, not the cut's: its track may start after the video's and end before it.
      const lead = inWebKit ? (1024 / 44100) * 1000 : 80;
      const audioMs = keptOf('audio').reduce((total, { duration }) => total + duration * 1000, 0);
      const seconds = (await decode(cut!.blob)).duration;
      expect(seconds * 1000).to.be.closeTo(audioMs - lead, 25);
    });

    it('holds the sound of the original from where it starts', async () => {
      // The fake microphones beep (Chromium every 0.5 s, WebKit every second over a tone): the cut's
      // loudness follows the original's from the cut's first audio packet, and not from 100 ms
      // earlier or later. decodeAudioData starts each at its audio track's first packet, wherever
      // that track starts: the cut's decoded sound is the original's from the first packet kept
      // on, less the start of the original's audio track (the decoders' lead drops the same from both).
      const [cutSound, originalSound] = await Promise.all([decode(cut!.blob), decode(original)]);
      const originalAudio = streamsOf(originalProbe).find(({ type }) => type === 'audio')!.packets;
      const at = (keptOf('audio')[0].pts - originalAudio[0].pts) * 1000;
      // Within 3 ms (by 1 ms), for how decoders start (a beep's edge is sharp: 5 ms off already
      // doubles the mismatch).
      const shifts = Array.from({ length: 7 }, (_, i) => i - 3);
      const here = Math.min(...shifts.map((shift) => mismatch(cutSound, originalSound, at + shift)));
      expect(here, 'loudness against the original from the cut on').to.be.below(0.2);
      expect(here * 2, 'against 100 ms earlier').to.be.below(mismatch(cutSound, originalSound, at - 100));
      expect(here * 2, 'against 100 ms later').to.be.below(mismatch(cutSound, originalSound, at + 100));
    });

    it('is a clean file for ffprobe, its length that of its bounds, each track in its place from 0', async () => {
      const probe = cutProbe;
      expect(probe.ok, probe.errors).to.equal(true);
      expect(probe.errors).to.equal('');
      const length = (cut!.toMs - cut!.fromMs) / 1000;
      expect(await movieDuration(cut!.blob), 'mvhd duration').to.be.closeTo(length, 0.002);
      const streams = cutStreams;
      expect(streams.map(({ type }) => type).sort()).to.deep.equal(video ? ['audio', 'video'] : ['audio']);
      for (const { type, packets } of streams) {
        // The packets kept (how many: see the first test), each where it was less the cut's start:
        // the cut starts at 0 (at its keyframe with video), a track that starts later still does.
        const kept = keptOf(type);
        packets.forEach(({ pts }, i) => expect(pts, `${type}: packet ${i}`).to.be.closeTo(kept[i].pts - expected.start, 0.001));
        if (type === 'video') expect(packets[0].key, 'video starts at a keyframe').to.equal(true);
      }
      // The length: where the later track ends, past the start of each track's last packet and
      // within a frame (60 ms of Opus, up to 100 ms of video under load) of the end of the track
      // that ends last (its last packet's duration estimated).
      const lastStarts = streams.map(({ packets }) => packets[packets.length - 1].pts);
      expect(length, 'past every last packet').to.be.above(Math.max(...lastStarts));
      expect(length, 'the end of the later track').to.be.closeTo(Math.max(...streams.map(({ packets }) => endOf(packets))), 0.1);
      // ffprobe's format duration: at least where the later track ends, and not past it by more than
      // the latest track start (ffprobe adds a track's start to its media duration, the cut's length).
      const latestStart = Math.max(...streams.map(({ packets }) => packets[0].pts));
      expect(Number(probe.format?.duration), 'format duration').to.be.within(length - 0.002, length + latestStart + 0.002);
    });

    it('gives the same bytes for the same bounds, and clamps bounds to the recording', async () => {
      const again = await cutMp4(original, FROM, TO);
      expect(new Uint8Array(await again!.blob.arrayBuffer())).to.deep.equal(new Uint8Array(await cut!.blob.arrayBuffer()));
      const whole = await cutMp4(original, -5000, 1e9);
      // From the start: the first keyframe with video (where the video starts, maybe after the audio).
      expect(whole!.fromMs, 'from the start').to.be.closeTo(expectedCut(streamsOf(originalProbe), 0).fromMs, 1);
      // To the end: past the start of the original's last packet, within a frame of its end (ffprobe
      // does not know the duration of a last Opus or VP9 packet, shorter in Chromium's files).
      const lastPackets = streamsOf(originalProbe).map(({ packets }) => packets[packets.length - 1]);
      expect(whole!.toMs, 'to the end').to.be.above(Math.max(...lastPackets.map(({ pts }) => pts * 1000)));
      expect(whole!.toMs, 'to the end').to.be.closeTo(Math.max(...lastPackets.map(({ pts, duration }) => (pts + duration) * 1000)), 60);
      expect((await cutMp4(original, 0, Infinity))!.toMs, 'the same end').to.equal(whole!.toMs);
      const probe = await ffprobe(whole!.blob);
      expect(probe.errors).to.equal('');
      expect(Number(probe.format?.duration)).to.be.closeTo(whole!.toMs / 1000, 0.025);
      expect(await cutMp4(original, 5000, 6000), 'past the end').to.equal(null);
    });
  });
}

// --- A file from GStreamer's mp4mux: H.264 and AAC --------------------------------------------

describe('MP4 cut: a file from GStreamer\'s mp4mux (H.264 + AAC)', () => {
  // 3 s: H.264 (track 1, 30 fps, a keyframe only at 0) and AAC (track 2, 44.1 kHz), a fragment of
  // each track in turn, then an `mfra` index (see test/mp4-duration.test.ts for how it was made).
  const load = async () => (await fetch(new URL('./fixtures/mp4mux-h264-aac.mp4', import.meta.url))).blob();

  it('cuts from its only keyframe, into a clean file that ffprobe reads from 0', async () => {
    const cut = await cutMp4(await load(), FROM, TO);
    expect(cut!.fromMs, 'the only keyframe').to.equal(0);
    expect(cut!.toMs).to.be.closeTo(TO, 25);
    const probe = await ffprobe(cut!.blob);
    expect(probe.ok, probe.errors).to.equal(true);
    expect(probe.errors).to.equal('');
    expect(Number(probe.format?.duration)).to.be.closeTo(cut!.toMs / 1000, 0.025);
    const streams = streamsOf(probe);
    expect(streams.map(({ type }) => type).sort()).to.deep.equal(['audio', 'video']);
    for (const { type, packets } of streams) {
      const last = packets[packets.length - 1];
      expect(packets[0].pts, `${type}: first packet`).to.be.closeTo(0, 0.025);
      expect(last.pts + last.duration, `${type}: end`).to.be.closeTo(cut!.toMs / 1000, 0.025);
    }
    expect(streams.find(({ type }) => type === 'video')!.packets[0].key).to.equal(true);
  });

  it('ends each track at its own samples, in its own timescale', async () => {
    // From 1 s the nearest keyframe is still 0; the end falls between samples of both tracks.
    const cut = await cutMp4(await load(), 1000, 1234);
    expect(cut!.fromMs).to.equal(0);
    const probe = await ffprobe(cut!.blob);
    expect(probe.errors).to.equal('');
    const streams = streamsOf(probe);
    const video = streams.find(({ type }) => type === 'video')!.packets;
    const audio = streams.find(({ type }) => type === 'audio')!.packets;
    // 1234 ms: 37 video frames of 33.3 ms (the 38th's middle is past it), 53 AAC frames of 23.2 ms.
    expect(video.length).to.equal(37);
    expect(audio.length).to.equal(53);
  });
});

// --- Hand-built files --------------------------------------------------------------------------

const box = (type: string, ...payload: Uint8Array[]) => {
  const content = concat(...payload);
  return concat(u32(8 + content.length), ascii(type), content);
};
const fullBox = (type: string, version: number, flags: number, ...payload: Uint8Array[]) => box(type, u32(version * 2 ** 24 + flags), ...payload);

/** A `moov` with one video track (ID 1, timescale 1000) whose fragments' samples default to non-sync. */
function videoMoov() {
  const mvhd = fullBox('mvhd', 0, 0, u32(0), u32(0), u32(1000), u32(0), new Uint8Array(80));
  const tkhd = fullBox('tkhd', 0, 0, u32(0), u32(0), u32(1), u32(0), u32(0), new Uint8Array(60));
  const mdhd = fullBox('mdhd', 0, 0, u32(0), u32(0), u32(1000), u32(0), new Uint8Array(4));
  const hdlr = fullBox('hdlr', 0, 0, u32(0), ascii('vide'), new Uint8Array(13));
  const trex = fullBox('trex', 0, 0, u32(1), u32(1), u32(0), u32(0), u32(0x10000));
  return box('moov', mvhd, box('trak', tkhd, box('mdia', mdhd, hdlr)), box('mvex', trex));
}

const SYNC = 0x02000000;
const NON_SYNC = 0x01010000;

/**
 * A fragment of 10 video samples of 100 ms from `startMs`, as Chromium writes them: `trun` with a
 * data offset, first-sample flags (sync), then per sample a duration, a size and flags (sync at
 * `syncAt`). Sample `i` is `10 + i` bytes of `first + i`.
 */
function videoFragment(sequence: number, startMs: number, first: number, syncAt: number[]) {
  const entries = Array.from({ length: 10 }, (_, i) => concat(u32(100), u32(10 + i), u32(syncAt.includes(i) ? SYNC : NON_SYNC)));
  const build = (dataOffset: number) =>
    box(
      'moof',
      fullBox('mfhd', 0, 0, u32(sequence)),
      box('traf', fullBox('tfhd', 0, 0x20000, u32(1)), fullBox('tfdt', 1, 0, u32(0), u32(startMs)), fullBox('trun', 0, 0x705, u32(10), u32(dataOffset), u32(SYNC), ...entries)),
    );
  const data = concat(...Array.from({ length: 10 }, (_, i) => new Uint8Array(10 + i).fill(first + i)));
  return concat(build(build(0).length + 8), box('mdat', data));
}

/** The boxes of a `moof`'s single `traf` that the cut rewrites, read back. */
function readMoof(bytes: Uint8Array, at: number) {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const size = view.getUint32(at);
  // moof header (8), mfhd (16), traf header (8), tfhd (16), tfdt v1 (20), then the trun.
  const tfdt = at + 8 + 16 + 8 + 16;
  const trun = tfdt + 20;
  const flags = view.getUint32(trun + 8) & 0xffffff;
  const count = view.getUint32(trun + 12);
  const dataOffset = view.getInt32(trun + 16);
  const hasFirst = (flags & 4) !== 0;
  const entries = trun + 20 + (hasFirst ? 4 : 0);
  const sampleFlags = Array.from({ length: count }, (_, i) => (i === 0 && hasFirst ? view.getUint32(trun + 20) : view.getUint32(entries + i * 12 + 8)));
  const sizes = Array.from({ length: count }, (_, i) => view.getUint32(entries + i * 12 + 4));
  return { size, time: view.getUint32(tfdt + 16), flags, count, dataOffset, sampleFlags, sizes, data: bytes.subarray(at + dataOffset, at + dataOffset + sizes.reduce((a, b) => a + b, 0)) };
}

describe('MP4 cut: bytes', () => {
  const ftyp = box('ftyp', ascii('iso6'), u32(0), ascii('iso6mp41'));
  const head = concat(ftyp, videoMoov());
  // Keyframes at 0, 500 ms (the middle of the first fragment) and 1000 ms (the second's first sample).
  const file = concat(head, videoFragment(1, 0, 0, [0, 5]), videoFragment(2, 1000, 100, [0]));

  it('starts a fragment at a keyframe within it: first-sample flags that no longer describe its first sample go', async () => {
    const cut = await cutMp4(new Blob([file]), 450, 1700);
    expect([cut!.fromMs, cut!.toMs]).to.deep.equal([500, 1700]);
    const bytes = new Uint8Array(await cut!.blob.arrayBuffer());
    const first = readMoof(bytes, head.length);
    expect(first.flags, 'trun flags: no first-sample flags').to.equal(0x701);
    expect(first.count).to.equal(5);
    expect(first.sampleFlags, 'samples 5 to 9, a keyframe first').to.deep.equal([SYNC, NON_SYNC, NON_SYNC, NON_SYNC, NON_SYNC]);
    expect(first.time, 'tfdt shifted by the cut').to.equal(0);
    expect(first.data, 'the data of samples 5 to 9').to.deep.equal(concat(...[5, 6, 7, 8, 9].map((i) => new Uint8Array(10 + i).fill(i))));
    const second = readMoof(bytes, head.length + first.size + 8 + first.data.length);
    expect(second.flags, 'kept from its first sample: first-sample flags stay').to.equal(0x705);
    expect(second.sampleFlags[0]).to.equal(SYNC);
    expect(second.count, 'samples whose middle is before 1700 ms').to.equal(7);
    expect(second.time).to.equal(500);
    expect(second.data).to.deep.equal(concat(...[0, 1, 2, 3, 4, 5, 6].map((i) => new Uint8Array(10 + i).fill(100 + i))));
    expect(bytes.length, 'nothing after it').to.equal(head.length + first.size + 8 + first.data.length + second.size + 8 + second.data.length);
  });

  it('drops fragments with nothing kept, and clamps the bounds to the recording', async () => {
    const cut = await cutMp4(new Blob([file]), 1020, 1e9);
    expect([cut!.fromMs, cut!.toMs]).to.deep.equal([1000, 2000]);
    const bytes = new Uint8Array(await cut!.blob.arrayBuffer());
    const only = readMoof(bytes, head.length);
    expect([only.count, only.time]).to.deep.equal([10, 0]);
    expect(bytes.length).to.equal(head.length + only.size + 8 + only.data.length);
    expect((await cutMp4(new Blob([file]), -300, 400))!.fromMs).to.equal(0);
  });

  it('keeps a sound track in its place against the video: its samples from the keyframe on, none moved', async () => {
    // Video (track 1): 10 samples of 100 ms, keyframes at 0 and 500 ms. Sound (track 2): 17 samples
    // of 60 ms from 0, in the same `moof` and `mdat`; the one nearest the keyframe starts before it
    // (480 ms). Moved to the cut's start it would play 20 ms late and overlap the next: the sound
    // starts with the first sample at or after the keyframe (540 ms), 40 ms into the cut.
    const trak = (id: number, handler: string) =>
      box(
        'trak',
        fullBox('tkhd', 0, 0, u32(0), u32(0), u32(id), u32(0), u32(0), new Uint8Array(60)),
        box('mdia', fullBox('mdhd', 0, 0, u32(0), u32(0), u32(1000), u32(0), new Uint8Array(4)), fullBox('hdlr', 0, 0, u32(0), ascii(handler), new Uint8Array(13))),
      );
    const trex = (id: number) => fullBox('trex', 0, 0, u32(id), u32(1), u32(0), u32(0), u32(0x10000));
    const mvhd = fullBox('mvhd', 0, 0, u32(0), u32(0), u32(1000), u32(0), new Uint8Array(80));
    const head = concat(ftyp, box('moov', mvhd, trak(1, 'vide'), trak(2, 'soun'), box('mvex', trex(1), trex(2))));
    const tracks = [
      { id: 1, count: 10, duration: 100, fill: 0, sync: (i: number) => i % 5 === 0 },
      { id: 2, count: 17, duration: 60, fill: 100, sync: () => true },
    ];
    const sizes = tracks.map(({ count }) => Array.from({ length: count }, (_, i) => 10 + i));
    const build = (offsets: number[]) =>
      box(
        'moof',
        fullBox('mfhd', 0, 0, u32(1)),
        ...tracks.map(({ id, count, duration, sync }, t) =>
          box(
            'traf',
            fullBox('tfhd', 0, 0x20000, u32(id)),
            fullBox('tfdt', 1, 0, u32(0), u32(0)),
            fullBox('trun', 0, 0x701, u32(count), u32(offsets[t]), ...sizes[t].map((size, i) => concat(u32(duration), u32(size), u32(sync(i) ? SYNC : NON_SYNC)))),
          ),
        ),
      );
    const moofSize = build([0, 0]).length;
    const videoBytes = sizes[0].reduce((a, b) => a + b, 0);
    const data = concat(...tracks.flatMap(({ fill }, t) => sizes[t].map((size, i) => new Uint8Array(size).fill(fill + i))));
    const file = concat(head, build([moofSize + 8, moofSize + 8 + videoBytes]), box('mdat', data));

    const cut = await cutMp4(new Blob([file]), 520, 1000);
    expect([cut!.fromMs, cut!.toMs]).to.deep.equal([500, 1020]);
    const bytes = new Uint8Array(await cut!.blob.arrayBuffer());
    const view = new DataView(bytes.buffer);
    // The cut's moof: mfhd, then a traf per track (tfhd, tfdt v1, trun with entries of 12 bytes).
    let at = head.length + 8 + 16;
    const trafs: Array<{ id: number; time: number; count: number; dataOffset: number }> = [];
    for (let t = 0; t < 2; at += view.getUint32(at), t++) {
      const tfdt = at + 8 + 16;
      const trun = tfdt + 20;
      trafs.push({ id: view.getUint32(at + 8 + 12), time: view.getUint32(tfdt + 16), count: view.getUint32(trun + 12), dataOffset: view.getInt32(trun + 16) });
    }
    const [videoTraf, soundTraf] = trafs;
    expect([videoTraf.id, videoTraf.time, videoTraf.count], 'video: samples 5 to 9 from 0').to.deep.equal([1, 0, 5]);
    expect([soundTraf.id, soundTraf.time, soundTraf.count], 'sound: samples 9 to 16 (540 ms to 1020 ms), 40 ms in').to.deep.equal([2, 40, 8]);
    const moofStart = head.length;
    expect(bytes[moofStart + soundTraf.dataOffset], "the sound's first byte: its sample 9").to.equal(109);
  });

  it('gives null, without throwing, for what it cannot cut', async () => {
    const fragment = videoFragment(1, 0, 0, [0]);
    const inputs: Record<string, [Uint8Array<ArrayBuffer>, number, number]> = {
      'from after to': [file, 1500, 500],
      'from at to': [file, 800, 800],
      'NaN bounds': [file, NaN, 1000],
      'after the end': [file, 2500, 3000],
      empty: [new Uint8Array(0), 0, 1000],
      garbage: [Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251), 0, 1000],
      'WebM bytes': [Uint8Array.of(0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x18, 0x53, 0x80, 0x67, 0x01, 0, 0, 0, 0, 0, 0, 0), 0, 1000],
      'not fragmented': [concat(ftyp, box('moov', box('mvhd', new Uint8Array(100))), box('mdat', new Uint8Array(100))), 0, 1000],
      'cut short': [file.subarray(0, file.length - 30), 0, 1000],
      'a moof written twice': [concat(head, fragment.subarray(0, new DataView(fragment.buffer).getUint32(0)), fragment), 0, 1000],
    };
    for (const [name, [bytes, from, to]] of Object.entries(inputs)) {
      expect(await cutMp4(new Blob([bytes]), from, to), name).to.equal(null);
    }
  });
});
