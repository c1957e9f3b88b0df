import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { WebmToOgg, webmToOgg } from '../src/containers/webm-to-ogg.js';
import { ascii, concat, el, uint, unknownSize, WEBM_ID } from './bytes.js';
import { decodedDuration, inWebKit, sleep } from './helpers.js';

// --- Reading Ogg, independently of the code under test ---------------------------------------------

interface Page {
  flags: number;
  granule: number;
  serial: number;
  sequence: number;
  /** The lacing values. */
  lacing: number[];
  packets: Uint8Array[];
}

/** Ogg's CRC-32 bit by bit (polynomial 0x04c11db7, not reflected, starting at 0), over the page with its CRC field zeroed. */
function crc32(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 24;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  }
  return crc >>> 0;
}

/** The pages of an Ogg stream whose packets all end on their page, each page checked: capture pattern, version, CRC. */
function oggPages(bytes: Uint8Array): Page[] {
  const pages: Page[] = [];
  for (let at = 0; at < bytes.length; ) {
    expect(String.fromCharCode(...bytes.subarray(at, at + 4)), `capture pattern at ${at}`).to.equal('OggS');
    expect(bytes[at + 4], 'version').to.equal(0);
    const lacing = [...bytes.subarray(at + 27, at + 27 + bytes[at + 26])];
    const length = 27 + lacing.length + lacing.reduce((total, value) => total + value, 0);
    expect(at + length, 'page within the stream').to.be.at.most(bytes.length);
    const page = bytes.slice(at, at + length);
    const view = new DataView(page.buffer);
    const crc = view.getUint32(22, true);
    page.fill(0, 22, 26);
    expect(crc32(page), `CRC of page ${pages.length}`).to.equal(crc);
    const packets: Uint8Array[] = [];
    let data = 27 + lacing.length;
    let size = 0;
    for (const value of lacing) {
      size += value;
      if (value < 255) {
        packets.push(page.slice(data, data + size));
        data += size;
        size = 0;
      }
    }
    expect(size, 'no packet continued on the next page').to.equal(0);
    const granule = view.getUint32(6, true) + view.getUint32(10, true) * 2 ** 32;
    pages.push({ flags: page[5], granule, serial: view.getUint32(14, true), sequence: view.getUint32(18, true), lacing, packets });
    at += length;
  }
  return pages;
}

const text = (bytes: Uint8Array) => String.fromCharCode(...bytes);

// --- Building WebM by hand ------------------------------------------------------------------------

const ID = WEBM_ID;

/** A block's body: track 1, relative timecode 0, flags, then the frame. */
const blockBody = (packet: Uint8Array, flags = 0x80) => concat(Uint8Array.of(0x81, 0, 0, flags), packet);
const simpleBlock = (packet: Uint8Array) => el(ID.SimpleBlock, blockBody(packet));
/** A BlockGroup whose Block is `packet`, with a DiscardPadding of `ns` (before the Block if `paddingFirst`). */
const blockGroup = (packet: Uint8Array, ns: number, paddingFirst = false) => {
  const block = el(ID.Block, blockBody(packet, 0));
  const padding = el(ID.DiscardPadding, uint(ns, 4));
  return el(ID.BlockGroup, ...(paddingFirst ? [padding, block] : [block, padding]));
};

const PRE_SKIP = 312;
function opusHead(channels = 1, preSkip = PRE_SKIP) {
  const head = new Uint8Array(19);
  head.set(ascii('OpusHead'));
  head[8] = 1;
  head[9] = channels;
  new DataView(head.buffer).setUint16(10, preSkip, true);
  new DataView(head.buffer).setUint32(12, 48_000, true);
  return head;
}

const opusEntry = (...fields: Uint8Array[]) =>
  el(ID.TrackEntry, el(ID.TrackNumber, uint(1)), el(ID.TrackType, uint(2)), el(ID.CodecID, ascii('A_OPUS')), ...fields);
const defaultEntry = () => opusEntry(el(ID.CodecPrivate, opusHead()), el(ID.CodecDelay, uint(6_500_000)), el(ID.Audio, el(ID.Channels, uint(1))));

/** A live WebM as Chromium writes it (Segment and Cluster of unknown size), with SeekHead, Info and Void to skip. */
const liveWebm = (blocks: Uint8Array[], entries = [defaultEntry()]) =>
  concat(
    el(ID.EBML, el(ID.DocType, ascii('webm'))),
    unknownSize(
      ID.Segment,
      el(ID.SeekHead, new Uint8Array(20)),
      el(ID.Info, el(0x2ad7b1, uint(1_000_000, 3))),
      el(ID.Tracks, ...entries),
      el(ID.Void, new Uint8Array(7)),
      unknownSize(ID.Cluster, el(ID.Timecode, uint(0)), ...blocks),
    ),
  );

/** Opus packets of `length` bytes whose TOC byte says how long they last (RFC 6716, 3.1). */
const packet = (toc: number, length: number, fill = 7) => Uint8Array.from({ length }, (_, i) => (i === 0 ? toc : i === 1 && (toc & 3) === 3 ? 3 : fill));
const SILK_20MS = 0x08; // config 1: 960 samples
const CELT_10MS = 0xf0; // config 30: 480 samples
const SILK_20MS_X3 = 0x0b; // config 1, code 3, its second byte saying 3 frames: 2880 samples
const CELT_2_5MS = 0xe0; // config 28: 120 samples

const audioPages = (pages: Page[]) => pages.slice(2);

/** An Opus packet's samples at 48 kHz from its TOC byte (RFC 6716, 3.1), written apart from the code under test. */
function samplesOf(packet: Uint8Array): number {
  const config = packet[0] >> 3;
  const ms = config < 12 ? [10, 20, 40, 60][config % 4] : config < 16 ? [10, 20][config % 2] : [2.5, 5, 10, 20][config % 4];
  const frames = [1, 2, 2, packet[1] & 0x3f][packet[0] & 3];
  return frames * ms * 48;
}

describe('WebM to Ogg remuxing', () => {
  describe('hand-built WebM', () => {
    it('writes the OpusHead page (BOS), the OpusTags page, then the packets with granule positions counted from their TOC bytes, the last page EOS', () => {
      const packets = [packet(SILK_20MS, 40), packet(CELT_10MS, 60), packet(SILK_20MS_X3, 120), packet(SILK_20MS, 50)];
      const pages = oggPages(webmToOgg(liveWebm(packets.map(simpleBlock)), 0xdeadbeef));
      expect(pages.map((page) => page.serial)).to.deep.equal(pages.map(() => 0xdeadbeef));
      expect(pages.map((page) => page.sequence)).to.deep.equal(pages.map((_, i) => i));

      expect(pages[0]).to.include({ flags: 0x02, granule: 0 });
      expect(pages[0].packets).to.deep.equal([opusHead()]); // the CodecPrivate, byte for byte
      expect(pages[1]).to.include({ flags: 0, granule: 0 });
      expect(pages[1].packets).to.have.length(1);
      const tags = pages[1].packets[0];
      const vendorLength = new DataView(tags.buffer).getUint32(8, true);
      expect(text(tags.subarray(0, 8))).to.equal('OpusTags');
      expect(text(tags.subarray(12, 12 + vendorLength))).to.equal('media-recorder-button');
      expect(new DataView(tags.buffer).getUint32(12 + vendorLength, true), 'no comments').to.equal(0);
      expect(tags.length).to.equal(12 + vendorLength + 4);

      // RFC 7845: a page's granule position counts every sample decoded up to its last packet, the pre-skip included.
      const audio = audioPages(pages);
      expect(audio.flatMap((page) => page.packets)).to.deep.equal(packets);
      expect(audio).to.have.length(1);
      expect(audio[0]).to.include({ flags: 0x04, granule: 960 + 480 + 2880 + 960 });
    });

    it('laces packets of 255 bytes and more: 255, 45 for 300 bytes; 255, 0 for 255; 255, 255, 0 for 510', () => {
      const packets = [packet(SILK_20MS, 300), packet(SILK_20MS, 255), packet(SILK_20MS, 510), packet(SILK_20MS, 3)];
      const [page] = audioPages(oggPages(webmToOgg(liveWebm(packets.map(simpleBlock)))));
      expect(page.lacing).to.deep.equal([255, 45, 255, 0, 255, 255, 0, 3]);
      expect(page.packets).to.deep.equal(packets);
    });

    it('closes a page at 250 ms of sound or at 255 lacing values, each page granule the samples up to its end', () => {
      const short = Array.from({ length: 100 }, (_, i) => packet(SILK_20MS, 20 + (i % 50)));
      const pages = audioPages(oggPages(webmToOgg(liveWebm(short.map(simpleBlock)))));
      // A page closes once it holds 12000 samples or more: 13 packets of 960.
      expect(pages.map((page) => page.packets.length)).to.deep.equal([13, 13, 13, 13, 13, 13, 13, 9]);
      expect(pages.map((page) => page.granule)).to.deep.equal([1, 2, 3, 4, 5, 6, 7].map((n) => n * 13 * 960).concat(100 * 960));
      expect(pages.map((page) => page.flags)).to.deep.equal([0, 0, 0, 0, 0, 0, 0, 0x04]);

      // 600-byte packets take 3 lacing values each: 85 fill a page's 255 before 12000 samples of 120.
      const long = Array.from({ length: 200 }, () => packet(CELT_2_5MS, 600));
      const longPages = audioPages(oggPages(webmToOgg(liveWebm(long.map(simpleBlock)))));
      expect(longPages.map((page) => page.lacing.length)).to.deep.equal([255, 255, 90]);
      expect(longPages.map((page) => page.granule)).to.deep.equal([85 * 120, 170 * 120, 200 * 120]);
      expect(longPages.flatMap((page) => page.packets)).to.deep.equal(long);
    });

    it('gives the same bytes whatever the split of the WebM (a byte at a time, random, whole), each push whole pages', () => {
      const packets = Array.from({ length: 40 }, (_, i) => packet(i % 3 ? SILK_20MS : CELT_10MS, 20 + i * 11, i));
      const blocks = packets.map((p, i) => (i === packets.length - 1 ? blockGroup(p, 2_000_000) : simpleBlock(p)));
      const file = liveWebm(blocks);
      const whole = webmToOgg(file, 99);

      const split = (sizes: () => number) => {
        const remuxer = new WebmToOgg(99);
        const parts: Uint8Array[] = [];
        for (let at = 0; at < file.length; ) {
          const size = sizes();
          parts.push(remuxer.push(file.subarray(at, at + size)));
          at += size;
        }
        parts.push(remuxer.end());
        parts.filter((part) => part.length).forEach((part) => oggPages(part)); // each is whole pages
        return concat(...parts);
      };
      expect(split(() => 1), 'a byte at a time').to.deep.equal(whole);
      for (let run = 0; run < 20; run++) expect(split(() => 1 + Math.floor(Math.random() * 200)), 'random split').to.deep.equal(whole);
      expect(split(() => file.length), 'whole').to.deep.equal(whole);
      // Data goes out before the end: the headers at the first packet, each page once the next packet does not fit it.
      const remuxer = new WebmToOgg(99);
      expect(remuxer.push(file).length).to.be.greaterThan(0);
    });

    it('ends the stream short by the DiscardPadding of the last block (RFC 7845 end trimming), and by no other', () => {
      const packets = [packet(SILK_20MS, 30), packet(SILK_20MS, 30), packet(SILK_20MS, 30)];
      const lastGranule = (blocks: Uint8Array[]) => oggPages(webmToOgg(liveWebm(blocks))).at(-1)!.granule;
      // 5 ms = 240 samples.
      expect(lastGranule([simpleBlock(packets[0]), simpleBlock(packets[1]), blockGroup(packets[2], 5_000_000)])).to.equal(3 * 960 - 240);
      expect(lastGranule([simpleBlock(packets[0]), simpleBlock(packets[1]), blockGroup(packets[2], 5_000_000, true)]), 'padding before the block').to.equal(3 * 960 - 240);
      expect(lastGranule([blockGroup(packets[0], 5_000_000), simpleBlock(packets[1]), simpleBlock(packets[2])]), 'on another block').to.equal(3 * 960);
      expect(lastGranule([simpleBlock(packets[0]), blockGroup(packets[1], 50_000_000)]), 'never more than the last packet').to.equal(960);
    });

    it('builds the OpusHead from the track when it has no CodecPrivate: channels, rate, pre-skip from CodecDelay or 312', () => {
      const rate = new Uint8Array(8);
      new DataView(rate.buffer).setFloat64(0, 44_100);
      const entry = (...fields: Uint8Array[]) => opusEntry(el(ID.Audio, el(ID.SamplingFrequency, rate), el(ID.Channels, uint(2))), ...fields);
      const headOf = (...fields: Uint8Array[]) => {
        const [page] = oggPages(webmToOgg(liveWebm([simpleBlock(packet(SILK_20MS, 9))], [entry(...fields)])));
        const head = page.packets[0];
        const view = new DataView(head.buffer);
        return { magic: text(head.subarray(0, 8)), version: head[8], channels: head[9], preSkip: view.getUint16(10, true), rate: view.getUint32(12, true), gain: view.getInt16(16, true), family: head[18], length: head.length };
      };
      const expected = { magic: 'OpusHead', version: 1, channels: 2, rate: 44_100, gain: 0, family: 0, length: 19 };
      expect(headOf(el(ID.CodecDelay, uint(10_000_000)))).to.deep.equal({ ...expected, preSkip: 480 });
      expect(headOf()).to.deep.equal({ ...expected, preSkip: 312 });
    });

    it('skips Cues, Tags, Void; reads known-size Clusters; counts samples from the packets, whatever the timecodes (a pause)', () => {
      const packets = [packet(SILK_20MS, 30), packet(CELT_10MS, 30), packet(SILK_20MS, 300)];
      const file = concat(
        el(ID.EBML, el(ID.DocType, ascii('webm'))),
        el(
          ID.Segment,
          el(ID.Tracks, defaultEntry()),
          el(ID.Cluster, el(ID.Timecode, uint(0)), simpleBlock(packets[0]), el(ID.Void, new Uint8Array(3))),
          el(ID.Cluster, el(ID.Timecode, uint(5000)), simpleBlock(packets[1]), blockGroup(packets[2], 0)),
          el(ID.Cues, new Uint8Array(40).fill(0xa3)), // bytes that would read as blocks if they were not skipped
          el(ID.Tags, new Uint8Array(9).fill(0xa3)),
        ),
      );
      const pages = oggPages(webmToOgg(file));
      expect(audioPages(pages).flatMap((page) => page.packets)).to.deep.equal(packets);
      expect(pages.at(-1)).to.include({ flags: 0x04, granule: 960 + 480 + 960 });
    });

    it('without any audio packet, ends with the two header pages, the OpusTags page EOS; without an Opus track, with nothing', () => {
      const pages = oggPages(webmToOgg(liveWebm([])));
      expect(pages.map((page) => [page.flags, page.granule, text(page.packets[0].subarray(0, 8))])).to.deep.equal([
        [0x02, 0, 'OpusHead'],
        [0x04, 0, 'OpusTags'],
      ]);
      expect(webmToOgg(new Uint8Array(0))).to.have.length(0);
      expect(webmToOgg(el(ID.EBML, el(ID.DocType, ascii('webm'))))).to.have.length(0);
    });

    it('refuses video, a codec other than Opus, a second track, what is not WebM', () => {
      const head = el(ID.CodecPrivate, opusHead());
      const video = el(ID.TrackEntry, el(ID.TrackNumber, uint(2)), el(ID.TrackType, uint(1)), el(ID.CodecID, ascii('V_VP8')));
      const vorbis = el(ID.TrackEntry, el(ID.TrackNumber, uint(1)), el(ID.TrackType, uint(2)), el(ID.CodecID, ascii('A_VORBIS')));
      const blocks = [simpleBlock(packet(SILK_20MS, 9))];
      expect(() => webmToOgg(liveWebm(blocks, [opusEntry(head), video]))).to.throw(/not sound|more than one track/);
      expect(() => webmToOgg(liveWebm(blocks, [video]))).to.throw(/not sound/);
      expect(() => webmToOgg(liveWebm(blocks, [vorbis]))).to.throw(/A_VORBIS, not Opus/);
      expect(() => webmToOgg(liveWebm(blocks, [opusEntry(head), opusEntry(head)]))).to.throw(/more than one track/);
      expect(() => webmToOgg(liveWebm(blocks, [opusEntry(el(ID.CodecPrivate, ascii('OpusHeaX'.padEnd(19))))]))).to.throw(/not an OpusHead/);
      expect(() => webmToOgg(ascii('OggS and then some bytes'))).to.throw(/not a WebM file/);
      // As soon as the track says so, before any audio.
      expect(() => new WebmToOgg().push(liveWebm([], [vorbis]))).to.throw(/A_VORBIS/);
    });
  });

  describe('a real recording', () => {
    let chunks: Uint8Array[];
    let webm: Blob;
    let ogg: Blob;
    let serial: number;

    /** `ms` of the fake microphone in WebM Opus, with the chunks MediaRecorder handed over every 250 ms. */
    async function record(ms: number): Promise<Blob[]> {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      try {
        const recorder = new MediaRecorder(stream, { mimeType: 'audio/webm;codecs=opus' });
        const blobs: Blob[] = [];
        recorder.addEventListener('dataavailable', (event) => blobs.push(event.data));
        const started = new Promise((resolve) => recorder.addEventListener('start', resolve, { once: true }));
        recorder.start(250);
        await started;
        await sleep(ms);
        const stopped = new Promise((resolve) => recorder.addEventListener('stop', resolve, { once: true }));
        recorder.stop();
        await stopped;
        return blobs;
      } finally {
        stream.getTracks().forEach((track) => track.stop());
      }
    }

    before(async function () {
      if (inWebKit) return; // WebKit records MP4
      this.timeout(20_000);
      const blobs = await record(2000);
      chunks = await Promise.all(blobs.map(async (blob) => new Uint8Array(await blob.arrayBuffer())));
      webm = new Blob(blobs, { type: 'audio/webm' });
      serial = 0x1234abcd;
      const remuxer = new WebmToOgg(serial);
      ogg = new Blob([...chunks.map((chunk) => remuxer.push(chunk)), remuxer.end()] as Uint8Array<ArrayBuffer>[], { type: 'audio/ogg;codecs=opus' });
    });

    beforeEach(function () {
      if (inWebKit) this.skip(); // WebKit records MP4, not WebM
    });

    it('was remuxed chunk by chunk (several chunks) into the same bytes as the whole file at once, or a byte at a time', async () => {
      expect(chunks.length, 'chunks').to.be.at.least(4);
      const bytes = new Uint8Array(await ogg.arrayBuffer());
      const file = concat(...chunks);
      expect(webmToOgg(file, serial)).to.deep.equal(bytes);
      const remuxer = new WebmToOgg(serial);
      const parts = [...file].map((byte) => remuxer.push(Uint8Array.of(byte)));
      expect(concat(...parts, remuxer.end())).to.deep.equal(bytes);
    });

    it('is well-formed Ogg Opus: OpusHead from the WebM, granule positions the samples of the packets so far, the last page EOS', async () => {
      const pages = oggPages(new Uint8Array(await ogg.arrayBuffer()));
      expect(pages[0].flags).to.equal(0x02);
      expect(text(pages[0].packets[0].subarray(0, 8))).to.equal('OpusHead');
      expect(pages.slice(1).every((page) => !(page.flags & 0x02))).to.be.true;
      expect(pages.slice(0, -1).every((page) => !(page.flags & 0x04))).to.be.true;
      expect(pages.at(-1)!.flags).to.equal(0x04);
      expect(audioPages(pages).length).to.be.at.least(4);
      // Each page's granule position is the one before plus its packets' samples; the last may be trimmed by less than its last packet.
      const audio = audioPages(pages);
      audio.forEach((page, i) => {
        const samples = page.packets.reduce((total, p) => total + samplesOf(p), 0);
        const expected = (i ? audio[i - 1].granule : 0) + samples;
        if (i < audio.length - 1) expect(page.granule, `granule of page ${i + 2}`).to.equal(expected);
        else expect(page.granule).to.be.within(expected - samplesOf(page.packets.at(-1)!) + 1, expected);
      });
    });

    it('decodes to the length of the WebM, which is the last granule position less the pre-skip; in an <audio> element too', async () => {
      const webmSeconds = await decodedDuration(webm);
      const oggSeconds = await decodedDuration(ogg);
      expect(oggSeconds).to.be.closeTo(webmSeconds, 0.02);
      // To the sample, in fact: Chromium writes a pre-skip of 0, Firefox 312 (and a CodecDelay), which both decoders drop in either container.
      const pages = oggPages(new Uint8Array(await ogg.arrayBuffer()));
      const preSkip = new DataView(pages[0].packets[0].buffer).getUint16(10, true);
      expect(Math.round(oggSeconds * 48_000), 'decoded samples').to.equal(pages.at(-1)!.granule - preSkip);
      expect(Math.round(oggSeconds * 48_000)).to.equal(Math.round(webmSeconds * 48_000));
      expect(oggSeconds, 'some sound (Firefox\'s fake microphone may give half)').to.be.greaterThan(0.5);

      const audio = new Audio();
      const url = URL.createObjectURL(ogg);
      try {
        audio.src = url;
        await new Promise((resolve, reject) => {
          audio.addEventListener('loadedmetadata', resolve, { once: true });
          audio.addEventListener('error', () => reject(audio.error), { once: true });
        });
        expect(audio.duration).to.be.finite;
        expect(audio.duration).to.be.closeTo(oggSeconds, 0.02);
      } finally {
        audio.removeAttribute('src');
        URL.revokeObjectURL(url);
      }
    });

    it('is read cleanly by ffprobe: Opus, the same duration', async () => {
      const bytes = new Uint8Array(await ogg.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      const probe = await executeServerCommand<{ ok: boolean; errors: string; format: { duration?: string; format_name?: string }; streams: Array<{ codec_name: string; duration?: string }> }, { base64: string; name: string }>('ffprobe', { base64: btoa(binary), name: 'x.ogg' });
      expect(probe.errors).to.equal('');
      expect(probe.ok).to.be.true;
      expect(probe.format.format_name).to.equal('ogg');
      expect(probe.streams.map((stream) => stream.codec_name)).to.deep.equal(['opus']);
      expect(Number(probe.format.duration)).to.be.closeTo(await decodedDuration(ogg), 0.02);
    });
  });
});
