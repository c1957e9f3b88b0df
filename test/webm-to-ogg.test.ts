import { expect } from '@open-wc/testing';
import { oggCrc, WebmToOgg, webmToOgg } from '../src/containers/webm-to-ogg.js';
import { ascii, concat, uint, UNKNOWN_SIZE } from './bytes.js';
import { decodedDuration, inWebKit, recordWithMediaRecorder } from './helpers.js';

interface Page {
  flags: number;
  granule: number;
  serial: number;
  sequence: number;
  crcOk: boolean;
  packets: Uint8Array[];
}

/** Reads an Ogg stream's pages (whole packets only, as the remuxer writes them). */
function oggPages(bytes: Uint8Array): Page[] {
  const pages: Page[] = [];
  let at = 0;
  while (at < bytes.length) {
    const view = new DataView(bytes.buffer, bytes.byteOffset + at);
    expect(String.fromCharCode(...bytes.subarray(at, at + 4))).to.equal('OggS');
    const segments = bytes[at + 26];
    const lacing = bytes.subarray(at + 27, at + 27 + segments);
    const length = 27 + segments + lacing.reduce((n, v) => n + v, 0);
    const page = bytes.slice(at, at + length);
    const crc = view.getUint32(22, true);
    page.fill(0, 22, 26);
    const packets: Uint8Array[] = [];
    let data = at + 27 + segments;
    let size = 0;
    for (const value of lacing) {
      size += value;
      if (value < 255) {
        packets.push(bytes.slice(data, data + size));
        data += size;
        size = 0;
      }
    }
    pages.push({ flags: bytes[at + 5], granule: view.getUint32(6, true) + view.getUint32(10, true) * 2 ** 32, serial: view.getUint32(14, true), sequence: view.getUint32(18, true), crcOk: oggCrc(page) === crc, packets });
    at += length;
  }
  return pages;
}

/** An EBML element: ID bytes, an 8-byte size, then `payload`. */
const element = (id: number[], ...payload: Uint8Array[]) => {
  const body = concat(...payload);
  return concat(Uint8Array.from(id), Uint8Array.of(0x01), uint(body.length, 7), body);
};

/** A WebM of one track with codec `codec` and these SimpleBlock packets (and a DiscardPadding on the last). */
function webm(codec: string, packets: Uint8Array[], discardNs = 0, trackType = 2) {
  const head = new Uint8Array(19);
  head.set(ascii('OpusHead'));
  head[8] = 1;
  head[9] = 1;
  head[10] = 0x38; // pre-skip 312
  head[11] = 0x01;
  new DataView(head.buffer).setUint32(12, 48000, true);
  const block = (packet: Uint8Array) => concat(Uint8Array.of(0x81, 0, 0, 0x80), packet);
  const blocks = packets.map((packet, i) =>
    i === packets.length - 1 && discardNs
      ? element([0xa0], element([0xa1], block(packet)), element([0x75, 0xa2], uint(discardNs, 4)))
      : element([0xa3], block(packet)),
  );
  return concat(
    element([0x1a, 0x45, 0xdf, 0xa3], element([0x42, 0x82], ascii('webm'))),
    Uint8Array.of(0x18, 0x53, 0x80, 0x67),
    UNKNOWN_SIZE,
    element([0x16, 0x54, 0xae, 0x6b], element([0xae], element([0xd7], uint(1)), element([0x83], uint(trackType)), element([0x86], ascii(codec)), element([0x63, 0xa2], head))),
    Uint8Array.of(0x1f, 0x43, 0xb6, 0x75),
    UNKNOWN_SIZE,
    element([0xe7], uint(0)),
    ...blocks,
  );
}

/** An Opus packet of one 20 ms frame (TOC config 1: SILK narrowband 20 ms) and `length` bytes. */
const packet20ms = (length: number, fill = 7) => Uint8Array.from({ length }, (_, i) => (i === 0 ? 0x08 : fill));

describe('WebM to Ogg remuxing', () => {
  it('writes the OpusHead and OpusTags pages, then the packets with granule positions from their samples, the last page end-of-stream', () => {
    const packets = [packet20ms(40), packet20ms(300), packet20ms(50)];
    const pages = oggPages(webmToOgg(webm('A_OPUS', packets), 1234));
    expect(pages.every((page) => page.crcOk && page.serial === 1234)).to.be.true;
    expect(pages.map((page) => page.sequence)).to.deep.equal(pages.map((_, i) => i));
    expect(pages[0].flags).to.equal(0x02);
    expect(String.fromCharCode(...pages[0].packets[0].subarray(0, 8))).to.equal('OpusHead');
    expect(String.fromCharCode(...pages[1].packets[0].subarray(0, 8))).to.equal('OpusTags');
    expect(pages[1].granule).to.equal(0);
    const audio = pages.slice(2);
    expect(audio.flatMap((page) => page.packets)).to.deep.equal(packets); // a 300-byte packet laced as 255 + 45
    expect(audio.at(-1)!.flags).to.equal(0x04);
    expect(audio.at(-1)!.granule).to.equal(312 + 3 * 960);
    expect(audio.slice(0, -1).every((page) => page.flags === 0)).to.be.true;
  });

  it('gives the same packets and granule positions whatever the split of the WebM, down to a byte at a time, each push whole pages', () => {
    const file = webm('A_OPUS', Array.from({ length: 30 }, (_, i) => packet20ms(20 + i * 11, i)));
    const whole = oggPages(webmToOgg(file, 99));
    const remuxer = new WebmToOgg(99);
    const parts = [...file].map((byte) => remuxer.push(Uint8Array.of(byte)));
    parts.push(remuxer.end());
    // Pages go out as packets come (a page per push here); each push returns whole pages.
    parts.filter((part) => part.length).forEach((part) => expect(oggPages(part).every((page) => page.crcOk)).to.be.true);
    const split = oggPages(concat(...parts));
    expect(split.flatMap((page) => page.packets)).to.deep.equal(whole.flatMap((page) => page.packets));
    expect(split.at(-1)!.granule).to.equal(whole.at(-1)!.granule);
    expect(split.map((page) => page.sequence)).to.deep.equal(split.map((_, i) => i));
  });

  it('leaves out a DiscardPadding\'s samples from the last granule position', () => {
    const pages = oggPages(webmToOgg(webm('A_OPUS', [packet20ms(30), packet20ms(30)], 5_000_000)));
    expect(pages.at(-1)!.granule).to.equal(312 + 2 * 960 - 240);
  });

  it('refuses what is not Opus sound alone', () => {
    expect(() => webmToOgg(webm('A_VORBIS', [packet20ms(30)]))).to.throw(/Vorbis|A_VORBIS/i);
    expect(() => webmToOgg(webm('A_OPUS', [packet20ms(30)], 0, 1))).to.throw(/audio-only/);
  });

  it('remuxes a real recording, chunk by chunk, to the same sound: the browsers decode it, ffprobe reads it', async function () {
    if (inWebKit) this.skip(); // WebKit records MP4
    const recorded = await recordWithMediaRecorder({ audio: true }, { mimeType: 'audio/webm;codecs=opus' }, 1500, 250);
    const remuxer = new WebmToOgg();
    const parts: Uint8Array[] = [];
    for (let at = 0; at < recorded.size; at += 777) parts.push(remuxer.push(new Uint8Array(await recorded.slice(at, at + 777).arrayBuffer())));
    parts.push(remuxer.end());
    const ogg = new Blob([concat(...parts)], { type: 'audio/ogg;codecs=opus' });
    expect(oggPages(new Uint8Array(await ogg.arrayBuffer())).every((page) => page.crcOk)).to.be.true;
    expect(await decodedDuration(ogg)).to.be.closeTo(await decodedDuration(recorded), 0.02);
  });
});
