import { expect } from '@open-wc/testing';
import { mediaInPiece, readFragment, trimMp4, withMp4Duration } from '../src/containers/mp4-duration.js';
import { decodedDuration, playerView, sleep } from './helpers.js';
import { ascii, concat, u32 } from './bytes.js';

// --- Building MP4 boxes by hand ----------------------------------------------------------------

function u64(value: number) {
  return concat(u32(Math.floor(value / 2 ** 32)), u32(value % 2 ** 32));
}

function box(type: string, ...payload: Uint8Array[]) {
  const content = concat(...payload);
  return concat(u32(8 + content.length), ascii(type), content);
}

/** A box with a 64-bit size (size field 1), as writers use for a large `mdat`. */
function largeBox(type: string, ...payload: Uint8Array[]) {
  const content = concat(...payload);
  return concat(u32(1), ascii(type), u64(16 + content.length), content);
}

const fullBox = (type: string, version: number, ...payload: Uint8Array[]) => box(type, Uint8Array.of(version, 0, 0, 0), ...payload);

/** `mvhd` or `mdhd`: creation and modification times, timescale, duration, then the rest (zeros here). */
function timesBox(type: 'mvhd' | 'mdhd', version: 0 | 1, timescale: number, duration: number) {
  const time = version ? u64(0) : u32(0);
  return fullBox(type, version, time, time, u32(timescale), version ? u64(duration) : u32(duration), new Uint8Array(type === 'mvhd' ? 80 : 4));
}

function tkhd(version: 0 | 1, duration: number) {
  const time = version ? u64(0) : u32(0);
  return fullBox('tkhd', version, time, time, u32(1), u32(0), version ? u64(duration) : u32(duration), new Uint8Array(60));
}

const mehd = (version: 0 | 1, duration: number) => fullBox('mehd', version, version ? u64(duration) : u32(duration));

interface MovieOptions {
  version?: 0 | 1;
  movieTimescale?: number;
  mediaTimescale?: number;
  duration?: number;
  fragmented?: boolean;
}

function moov({ version = 0, movieTimescale = 1000, mediaTimescale = 44100, duration = 0, fragmented = true }: MovieOptions = {}) {
  return box(
    'moov',
    timesBox('mvhd', version, movieTimescale, duration),
    box('trak', tkhd(version, duration), box('mdia', timesBox('mdhd', version, mediaTimescale, duration), box('hdlr', new Uint8Array(25)))),
    ...(fragmented ? [box('mvex', mehd(version, duration), fullBox('trex', 0, new Uint8Array(20)))] : []),
  );
}

const ftyp = box('ftyp', ascii('iso6'), u32(0), ascii('iso6mp41'));
/** A fragment: its `moof` (told apart by `sequence`) and its `mdat`. */
const moof = (sequence: number) => box('moof', fullBox('mfhd', 0, u32(sequence)), box('traf', fullBox('tfhd', 0, u32(1))));
const mdat = (length: number, fill = 0xaa) => box('mdat', new Uint8Array(length).fill(fill));

async function bytesOf(blob: Blob) {
  return new Uint8Array(await blob.arrayBuffer());
}

// --- Reading what a file says about its length --------------------------------------------------

interface Durations {
  movie: { timescale: number; duration: number }[];
  track: number[];
  media: { timescale: number; duration: number }[];
  fragments: number[];
}

/** The durations that the `mvhd`, `tkhd`, `mdhd` and `mehd` boxes hold, wherever they are in `moov`. */
function readDurations(file: Uint8Array): Durations {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const found: Durations = { movie: [], track: [], media: [], fragments: [] };
  const read = (offset: number, wide: boolean) => (wide ? view.getUint32(offset) * 2 ** 32 + view.getUint32(offset + 4) : view.getUint32(offset));
  const walk = (start: number, end: number) => {
    for (let offset = start; offset + 8 <= end; ) {
      let size = view.getUint32(offset);
      const type = String.fromCharCode(...file.subarray(offset + 4, offset + 8));
      let header = 8;
      if (size === 1) [size, header] = [read(offset + 8, true), 16];
      if (size === 0) size = end - offset;
      const body = offset + header;
      const wide = file[body] === 1;
      if (['moov', 'trak', 'mdia', 'mvex'].includes(type)) walk(body, offset + size);
      if (type === 'mvhd' || type === 'mdhd') {
        const entry = { timescale: view.getUint32(body + (wide ? 20 : 12)), duration: read(body + (wide ? 24 : 16), wide) };
        found[type === 'mvhd' ? 'movie' : 'media'].push(entry);
      }
      if (type === 'tkhd') found.track.push(read(body + (wide ? 28 : 20), wide));
      if (type === 'mehd') found.fragments.push(read(body + 4, wide));
      offset += size;
    }
  };
  walk(0, file.length);
  return found;
}

/** A Blob whose reads (`arrayBuffer()` of its slices, or of itself) are recorded as [start, end). */
function watchReads(blob: Blob) {
  const reads: Array<[number, number]> = [];
  const slice = blob.slice.bind(blob);
  blob.slice = (start = 0, end = blob.size, type?: string) => {
    const part = slice(start, end, type);
    const arrayBuffer = part.arrayBuffer.bind(part);
    part.arrayBuffer = () => {
      reads.push([start, Math.min(end, blob.size)]);
      return arrayBuffer();
    };
    return part;
  };
  return reads;
}

describe('MP4 duration fix: bytes', () => {
  it('sets the movie, track, media and fragment durations of 32-bit boxes, each in its timescale, and nothing else', async () => {
    const original = concat(ftyp, moov({ version: 0, movieTimescale: 1800, mediaTimescale: 44100 }), moof(1), mdat(100));
    const fixed = await bytesOf(await withMp4Duration(new Blob([original], { type: 'audio/mp4' }), 2500));
    expect(fixed.length).to.equal(original.length);
    expect(readDurations(fixed)).to.deep.equal({
      movie: [{ timescale: 1800, duration: 4500 }],
      track: [4500],
      media: [{ timescale: 44100, duration: 110250 }],
      fragments: [4500],
    });
    const changed = fixed.reduce((count, byte, i) => count + (byte === original[i] ? 0 : 1), 0);
    expect(changed, 'bytes changed: only within the four duration fields').to.be.at.most(4 * 4);
  });

  it('writes 64-bit durations whole, past what 32 bits hold', async () => {
    const hours30 = 30 * 3600 * 1000;
    const original = concat(ftyp, moov({ version: 1, movieTimescale: 48000, mediaTimescale: 48000 }), moof(1), mdat(10));
    const fixed = await bytesOf(await withMp4Duration(new Blob([original]), hours30));
    const samples = 30 * 3600 * 48000; // 5 184 000 000 > 2^32
    expect(readDurations(fixed)).to.deep.equal({
      movie: [{ timescale: 48000, duration: samples }],
      track: [samples],
      media: [{ timescale: 48000, duration: samples }],
      fragments: [samples],
    });
  });

  it('keeps a 32-bit field at its largest rather than wrapping around', async () => {
    const original = concat(ftyp, moov({ version: 0, movieTimescale: 48000, mediaTimescale: 48000 }), moof(1), mdat(10));
    const fixed = await bytesOf(await withMp4Duration(new Blob([original]), 30 * 3600 * 1000));
    expect(readDurations(fixed).movie[0].duration).to.equal(0xffff_ffff);
  });

  it('fixes a moov that follows a large mdat, reading only box headers and the moov', async () => {
    const media = largeBox('mdat', new Uint8Array(200_000).fill(0x55));
    const header = moov({ fragmented: false, duration: 1000 });
    const original = concat(ftyp, media, header);
    const blob = new Blob([original], { type: 'video/mp4' });
    const reads = watchReads(blob);
    const result = await withMp4Duration(blob, 7250);
    const fixed = await bytesOf(result);
    expect(result.type).to.equal('video/mp4');
    expect(fixed.length).to.equal(original.length);
    expect(readDurations(fixed.subarray(ftyp.length + media.length)).media).to.deep.equal([{ timescale: 44100, duration: 319725 }]);
    expect(fixed.subarray(0, ftyp.length + media.length)).to.deep.equal(original.subarray(0, ftyp.length + media.length));
    const bytesRead = reads.reduce((total, [start, end]) => total + end - start, 0);
    expect(bytesRead).to.be.at.most(header.length + 3 * 16);
  });

  it('drops a moof written twice, wherever it is, and keeps distinct ones', async () => {
    const head = concat(ftyp, moov());
    const written = concat(head, moof(1), moof(1), mdat(50, 1), moof(2), mdat(50, 2), moof(3), moof(3), moof(3), mdat(30, 3));
    const fixed = await bytesOf(await withMp4Duration(new Blob([written]), 1000));
    const expected = concat(head, moof(1), mdat(50, 1), moof(2), mdat(50, 2), moof(3), mdat(30, 3));
    expect(fixed.subarray(head.length)).to.deep.equal(expected.subarray(head.length));
  });

  it('drops repeated moofs across fragments larger than what is read at once', async () => {
    const head = concat(ftyp, moov());
    const big = mdat(100_000);
    const written = concat(head, moof(1), big, moof(2), moof(2), big, moof(3), big);
    const fixed = await bytesOf(await withMp4Duration(new Blob([written]), 1000));
    expect(fixed.subarray(head.length)).to.deep.equal(concat(moof(1), big, moof(2), big, moof(3), big));
  });

  it('returns what it cannot read unchanged', async () => {
    const inputs = {
      empty: new Uint8Array(0),
      garbage: Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251),
      'a WebM file': Uint8Array.of(0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01),
      'moov cut short': concat(ftyp, moov()).subarray(0, ftyp.length + 60),
      'moov without mvhd': concat(ftyp, box('moov', box('trak', tkhd(0, 0)))),
      'fragments before any moov': concat(ftyp, moof(1), mdat(10), moov()),
      'a box size smaller than its header': concat(ftyp, u32(4), ascii('moov')),
    };
    for (const [name, bytes] of Object.entries(inputs)) {
      const blob = new Blob([bytes]);
      expect(await withMp4Duration(blob, 1000), name).to.equal(blob);
    }
    const blob = new Blob([concat(ftyp, moov(), moof(1), mdat(10))]);
    expect(await withMp4Duration(blob, NaN), 'NaN duration').to.equal(blob);
    expect(await withMp4Duration(blob, -1), 'negative duration').to.equal(blob);
  });
});

// --- Real recordings -------------------------------------------------------------------------------

/** Records `ms` of the fake microphone with MediaRecorder itself as MP4; resolves with the file and the time recorded. */
async function recordMp4(ms: number, timeslice?: number) {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  try {
    const recorder = new MediaRecorder(stream, { mimeType: 'audio/mp4' });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    const started = new Promise((resolve) => (recorder.onstart = resolve));
    const stopped = new Promise((resolve) => (recorder.onstop = resolve));
    recorder.start(timeslice);
    await started;
    const startedAt = performance.now();
    await sleep(ms);
    recorder.stop();
    const durationMs = performance.now() - startedAt;
    await stopped;
    return { blob: new Blob(chunks, { type: chunks[0]?.type || recorder.mimeType }), durationMs };
  } finally {
    stream.getTracks().forEach((track) => track.stop());
  }
}

const isWebKit = !navigator.userAgent.includes('Chrome/') && !navigator.userAgent.includes('Firefox/');

describe('MP4 duration fix: recordings', () => {
  before(function () {
    // Firefox records Ogg and WebM only.
    if (!MediaRecorder.isTypeSupported('audio/mp4')) this.skip();
  });

  for (const timeslice of [undefined, 250]) {
    it(`gives this browser's audio/mp4 ${timeslice ? 'made with a timeslice ' : ''}its true length, seekable to near the end`, async () => {
      let recording = await recordMp4(2500, timeslice);
      let fixed = await withMp4Duration(recording.blob, recording.durationMs);
      let decoded = await decodedDuration(fixed);
      // WebKit: its recorder now and then leaves out the last fragment (about a second) at stop,
      // which no header can bring back; that is made up for in the element, not here: record again.
      for (let retry = 0; isWebKit && retry < 3 && decoded < recording.durationMs / 1000 - 0.3; retry++) {
        recording = await recordMp4(2500, timeslice);
        fixed = await withMp4Duration(recording.blob, recording.durationMs);
        decoded = await decodedDuration(fixed);
      }
      const seconds = recording.durationMs / 1000;
      expect(fixed.type).to.match(/^audio\/mp4/);
      expect(decoded, 'decoded length').to.be.closeTo(seconds, 0.3);

      const header = readDurations(await bytesOf(fixed.slice(0, 64 * 1024)));
      for (const { timescale, duration } of [...header.movie, ...header.media]) {
        expect(duration / timescale, 'mvhd and mdhd, in their timescales').to.be.closeTo(seconds, 0.01);
      }
      const movieTimescale = header.movie[0].timescale;
      for (const duration of [...header.track, ...header.fragments]) {
        expect(duration / movieTimescale, 'tkhd and mehd, in the movie timescale').to.be.closeTo(seconds, 0.01);
      }

      const { duration, position } = await playerView(fixed, seconds - 0.3);
      expect(duration, '<audio>.duration').to.be.closeTo(seconds, 0.3);
      expect(position, 'currentTime after seeking near the end').to.be.closeTo(seconds - 0.3, 0.1);
    });
  }
});

// --- Cutting a fragmented MP4 short ------------------------------------------------------------

/**
 * A fragment as WebKitGTK writes it: a `moof` whose `trun` has a data offset and, per sample, a
 * duration, a size and flags; then its `mdat`. Sample `i` has `size(i)` bytes, each `i + first`.
 */
function fragment(sequence: number, count: number, first = 0, size = (i: number) => 10 + (i % 7)) {
  const entries = Array.from({ length: count }, (_, i) => concat(u32(1024), u32(size(i)), u32(0)));
  const run = (dataOffset: number) => fullBox('trun', 0, u32(count), u32(dataOffset), ...entries);
  // trun flags: data offset, sample duration, size and flags.
  const withFlags = (b: Uint8Array) => (b.set([0, 0, 7, 1], 8), b);
  const build = (dataOffset: number) =>
    box('moof', fullBox('mfhd', 0, u32(sequence)), box('traf', fullBox('tfhd', 0, u32(1)), fullBox('tfdt', 0, u32(0)), withFlags(run(dataOffset))));
  const moofBox = build(build(0).length + 8);
  const data = concat(...Array.from({ length: count }, (_, i) => new Uint8Array(size(i)).fill(i + first)));
  return { moof: moofBox, mdat: box('mdat', data), data };
}

describe('MP4: cutting the media short', () => {
  const header = concat(ftyp, moov({ mediaTimescale: 44100 }));
  const fragments = [fragment(1, 43, 0), fragment(2, 43, 100), fragment(3, 20, 200)];
  const file = concat(header, ...fragments.flatMap(({ moof, mdat }) => [moof, mdat]));

  it('reads what each piece holds: the timescale from the moov, the samples of each moof', () => {
    expect(mediaInPiece(header)).to.deep.equal({ timescales: new Map([[1, 44100]]), ticks: new Map() });
    expect(mediaInPiece(concat(fragments[0].moof, fragments[0].mdat))).to.deep.equal({ timescales: new Map(), ticks: new Map([[1, 43 * 1024]]) });
    const run = readFragment(fragments[2].moof)!;
    expect(run.durations).to.have.length(20);
    expect(run.sizes.slice(0, 8)).to.deep.equal([10, 11, 12, 13, 14, 15, 16, 10]);
    expect(run.dataOffset).to.equal(fragments[2].moof.length + 8);
  });

  it('cuts the fragment where the length falls to the samples before it, and drops the later fragments', async () => {
    // 1.5 s at 44.1 kHz (66150 ticks): the first fragment (43 frames of 1024), and of the second the
    // 22 frames that end nearest the cut (at 66560).
    const trimmed = await bytesOf(await trimMp4(new Blob([file], { type: 'audio/mp4' }), 1500));
    const second = header.length + fragments[0].moof.length + fragments[0].mdat.length;
    expect(trimmed.subarray(0, second)).to.deep.equal(file.subarray(0, second));
    const moofSize = new DataView(trimmed.buffer).getUint32(second);
    const moofBytes = trimmed.subarray(second, second + moofSize);
    const run = readFragment(moofBytes)!;
    expect(run.durations).to.have.length(22);
    expect(moofSize).to.equal(fragments[1].moof.length - 21 * 12);
    expect(run.dataOffset, 'data offset: just past the new moof and the mdat header').to.equal(moofSize + 8);
    const mdatStart = second + moofSize;
    const keptData = fragments[1].data.subarray(0, run.sizes.reduce((a, b) => a + b, 0));
    expect(new DataView(trimmed.buffer).getUint32(mdatStart)).to.equal(8 + keptData.length);
    expect(String.fromCharCode(...trimmed.subarray(mdatStart + 4, mdatStart + 8))).to.equal('mdat');
    expect(trimmed.subarray(mdatStart + 8)).to.deep.equal(keptData);
    expect(trimmed.length, 'nothing after it').to.equal(mdatStart + 8 + keptData.length);
    expect(mediaInPiece(trimmed.subarray(header.length)).ticks.get(1)).to.equal(65 * 1024);
  });

  it('keeps a fragment that ends at the length whole, and drops the next', async () => {
    const trimmed = await bytesOf(await trimMp4(new Blob([file]), (43 * 1024 * 1000) / 44100));
    expect(trimmed).to.deep.equal(file.subarray(0, header.length + fragments[0].moof.length + fragments[0].mdat.length));
  });

  it('keeps at least one sample, and leaves a file no longer than the length, or one it cannot read, unchanged', async () => {
    const one = await bytesOf(await trimMp4(new Blob([file]), 0));
    expect(mediaInPiece(one.subarray(header.length)).ticks.get(1)).to.equal(1024);
    const whole = new Blob([file]);
    expect(await trimMp4(whole, 5000)).to.equal(whole);
    const unfragmented = new Blob([concat(ftyp, moov({ fragmented: false }), mdat(100))]);
    expect(await trimMp4(unfragmented, 10)).to.equal(unfragmented);
    const garbage = new Blob([new Uint8Array(64).fill(7)]);
    expect(await trimMp4(garbage, 10)).to.equal(garbage);
  });

  it('cuts each track of a video at the length in its own timescale (a file from GStreamer\'s mp4mux)', async () => {
    // What WebKitGTK's recorder writes video with: GStreamer's mp4mux, fragment-duration=1000.
    // 3 s of H.264 (track 1, timescale 3000, 30 fps) and AAC (track 2, 44.1 kHz), a fragment of
    // each track in turn, then an `mfra` index. Made with gst-launch-1.0 (GStreamer 1.22):
    //   mp4mux name=m fragment-duration=1000 streamable=false ! filesink location=mp4mux-h264-aac.mp4
    //   videotestsrc num-buffers=90 pattern=ball ! video/x-raw,width=160,height=120,framerate=30/1 ! videoconvert
    //     ! openh264enc bitrate=64000 ! h264parse ! queue ! m.
    //   audiotestsrc num-buffers=130 samplesperbuffer=1024 ! audio/x-raw,rate=44100,channels=1 ! audioconvert
    //     ! voaacenc bitrate=32000 ! aacparse ! queue ! m.
    const file = await bytesOf(await (await fetch(new URL('./fixtures/mp4mux-h264-aac.mp4', import.meta.url))).blob());
    const whole = mediaInPiece(file);
    expect(whole.timescales).to.deep.equal(new Map([[1, 3000], [2, 44100]]));
    expect(whole.ticks).to.deep.equal(new Map([[1, 90 * 100], [2, 130 * 1024]]));

    const trimmed = await bytesOf(await trimMp4(new Blob([file], { type: 'video/mp4' }), 1500));
    // 1.5 s: 45 video frames of 100 ticks; the 65 AAC frames that end nearest 66150 ticks.
    expect(mediaInPiece(trimmed).ticks).to.deep.equal(new Map([[1, 45 * 100], [2, 65 * 1024]]));
    const fragmentsOf = (bytes: Uint8Array) => {
      const view = new DataView(bytes.buffer, bytes.byteOffset);
      const found: { type: string; track?: number; samples?: number; dataOffset?: number; size: number }[] = [];
      for (let offset = 0; offset + 8 <= bytes.length; ) {
        const size = view.getUint32(offset);
        const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
        const run = type === 'moof' ? readFragment(bytes.subarray(offset, offset + size)) : null;
        found.push(run ? { type, track: run.trackId, samples: run.durations.length, dataOffset: run.dataOffset, size } : { type, size });
        offset += size;
      }
      return found;
    };
    const boxes = fragmentsOf(trimmed);
    expect(boxes.map(({ type, track, samples }) => [type, track, samples].filter((v) => v !== undefined).join(' '))).to.deep.equal([
      'ftyp',
      'moov',
      'moof 2 43',
      'mdat',
      'moof 1 30',
      'mdat',
      'moof 2 22',
      'mdat',
      'moof 1 15',
      'mdat',
    ]);
    const offsetOf = (found: typeof boxes, index: number) => found.slice(0, index).reduce((total, { size }) => total + size, 0);
    const original = fragmentsOf(file);
    expect(trimmed.subarray(0, offsetOf(boxes, 6)), 'the fragments before the cut, unchanged').to.deep.equal(file.subarray(0, offsetOf(original, 6)));
    // Each cut fragment's samples start just past its shortened moof and the mdat header, and its
    // mdat holds the first bytes of the original one, those of the samples kept and no more.
    for (const index of [6, 8]) {
      const start = offsetOf(boxes, index);
      const moof = boxes[index];
      expect(moof.dataOffset).to.equal(moof.size + 8);
      const run = readFragment(trimmed.subarray(start, start + moof.size))!;
      const mdat = boxes[index + 1];
      expect(mdat.size).to.equal(8 + run.sizes.reduce((a, b) => a + b, 0));
      const originalData = offsetOf(original, index + 1) + 8;
      expect(trimmed.subarray(start + moof.size + 8, start + moof.size + mdat.size)).to.deep.equal(file.subarray(originalData, originalData + mdat.size - 8));
    }
  });

  it("cuts WebKit's audio/mp4 to a length that it then decodes to", async function () {
    // The element cuts only WebKit's recordings (it records on past the stop point there). Chromium's
    // Opus in MP4 decodes to other lengths than its trun durations say (2.56 s for 2.29 s of them).
    if (!isWebKit) this.skip();
    const recording = await recordMp4(2600);
    const fixed = await withMp4Duration(recording.blob, recording.durationMs);
    const trimmed = await trimMp4(fixed, 1200);
    expect(trimmed.size).to.be.below(fixed.size);
    const decoded = await decodedDuration(trimmed);
    expect(decoded).to.be.closeTo(1.2, 0.1);
  });
});
