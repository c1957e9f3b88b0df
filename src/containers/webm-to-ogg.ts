/**
 * Remuxes the WebM that Chromium's MediaRecorder writes for Opus sound into Ogg Opus (RFC 7845),
 * chunk by chunk, without re-encoding: the Opus packets are copied as they are, only the container
 * around them changes.
 *
 * Pages are cut from the packets alone (a page closes once it holds PAGE_SAMPLES of sound, or when the
 * next packet would take it past 255 lacing values), so the output is the same bytes however the input
 * was split. The page being filled is held back until a packet arrives that does not fit on it, or until
 * end(), which flags it end-of-stream.
 */
import { opusPacketSamples } from './opus.js';
import { readElementId, readVint, WEBM_ID as ID } from './webm-duration.js';

/** Masters whose children are read one by one (so a Cluster of unknown size, or a large one, is never buffered whole). */
const ENTERED = new Set<number>([ID.Segment, ID.Tracks, ID.TrackEntry, ID.Audio, ID.Cluster, ID.BlockGroup]);
/** Elements whose data is read; every other element (EBML header, SeekHead, Info, Cues, Tags, Void…) is skipped unread. */
const READ = new Set<number>([
  ID.TrackNumber,
  ID.TrackType,
  ID.CodecID,
  ID.CodecPrivate,
  ID.CodecDelay,
  ID.SamplingFrequency,
  ID.Channels,
  ID.SimpleBlock,
  ID.Block,
  ID.DiscardPadding,
]);

const TRACK_TYPE_AUDIO = 2;
/** Opus counts its samples at 48 kHz, whatever rate it was recorded at. */
const OPUS_RATE = 48_000;
/** The pre-skip when the file gives neither an OpusHead nor a CodecDelay: libopus' usual encoder delay (6.5 ms). */
const DEFAULT_PRE_SKIP = 312;
/** A page closes once it holds this much sound (250 ms): pages go out about as often as MediaRecorder's chunks. */
const PAGE_SAMPLES = 12_000;
/** An element header is at most a 4-byte ID and an 8-byte size: past that, bytes that cannot be read are not cut off but corrupt. */
const LONGEST_HEADER = 12;

const OGG_BOS = 0x02;
const OGG_EOS = 0x04;

interface Packet {
  data: Uint8Array;
  samples: number;
  /** Samples to leave out at its end (its BlockGroup's DiscardPadding): heeded on the last packet only. */
  discard: number;
}

/** Remuxes a WebM file of one Opus audio track into Ogg Opus (RFC 7845), as its bytes arrive. */
export class WebmToOgg {
  private readonly serial: number;
  /** Bytes of an element not yet wholly arrived. */
  private pending = new Uint8Array(0);
  /** Bytes still to pass over of an element that is skipped. */
  private skipping = 0;
  private started = false;

  // The track, from its TrackEntry.
  private trackEntries = 0;
  private trackNumber = 1;
  private codecPrivate: Uint8Array | null = null;
  private codecDelayNs: number | null = null;
  private channels = 1;
  private inputRate = OPUS_RATE;
  private opusTrack = false;

  /** The block of the BlockGroup being read, which its DiscardPadding applies to. */
  private groupPacket: Packet | null = null;
  private groupDiscard = 0;

  // The Ogg stream.
  private headersWritten = false;
  private sequence = 0;
  /** Samples of the packets on pages already written. */
  private granule = 0;
  /** The page being filled. */
  private page: Packet[] = [];
  private pageSamples = 0;
  private pageLacing = 0;

  constructor(serial?: number) {
    this.serial = (serial ?? Math.random() * 2 ** 32) >>> 0;
  }

  /** Feeds the next bytes of the WebM file (chunks as MediaRecorder hands them over, any split, even mid-element); returns the Ogg bytes ready so far (complete pages only; may be empty). */
  push(bytes: Uint8Array): Uint8Array {
    const skipped = Math.min(this.skipping, bytes.length);
    this.skipping -= skipped;
    const data = concat([this.pending, bytes.subarray(skipped)]);
    const out: Uint8Array[] = [];
    let at = 0;
    while (at < data.length) {
      const header = this.readHeader(data, at);
      if (!header) break;
      const { id, size, dataStart } = header;
      if (!this.started) {
        if (id !== ID.EBML) throw new Error('not a WebM file: it does not start with an EBML header');
        this.started = true;
      }
      if (ENTERED.has(id) || size === null) {
        // Into the master: its children come next. Where it ends does not matter, as each ID means one thing.
        if (id === ID.TrackEntry && ++this.trackEntries > 1) throw new Error('the WebM file has more than one track: only a single Opus track can be remuxed to Ogg');
        if (id === ID.BlockGroup) [this.groupPacket, this.groupDiscard] = [null, 0];
        at = dataStart;
      } else if (!READ.has(id)) {
        at = dataStart + size;
        if (at > data.length) [this.skipping, at] = [at - data.length, data.length];
      } else if (dataStart + size <= data.length) {
        this.read(id, data.subarray(dataStart, dataStart + size), out);
        at = dataStart + size;
      } else {
        break;
      }
    }
    this.pending = data.slice(at);
    return concat(out);
  }

  /**
   * The file has ended: returns the remaining Ogg pages, the last one flagged end-of-stream. Without any
   * audio packet, the stream is its two header pages, the second flagged end-of-stream; an empty array
   * if no Opus track was read at all. Bytes of an element cut off by the end are ignored.
   */
  end(): Uint8Array {
    const out: Uint8Array[] = [];
    if (this.page.length) {
      const last = this.page[this.page.length - 1];
      this.writePage(out, Math.min(last.discard, last.samples), OGG_EOS);
    } else if (!this.headersWritten && this.opusTrack) {
      this.writeHeaders(out, OGG_EOS);
    }
    return concat(out);
  }

  /** The element header at `at`: null if it has not wholly arrived yet; throws if it cannot be read. */
  private readHeader(data: Uint8Array, at: number) {
    const id = readElementId(data, at);
    const size = id && readVint(data, at + id.length);
    if (id && size) return { id: id.id, size: size.value, dataStart: at + id.length + size.length };
    if (data.length - at >= LONGEST_HEADER) throw new Error(`not a WebM file: unreadable element at byte ${at} of a chunk`);
    return null;
  }

  private read(id: number, data: Uint8Array, out: Uint8Array[]): void {
    switch (id) {
      case ID.TrackNumber:
        this.trackNumber = uint(data);
        break;
      case ID.TrackType:
        if (uint(data) !== TRACK_TYPE_AUDIO) throw new Error('the WebM file has a track that is not sound (video?): only a single Opus track can be remuxed to Ogg');
        break;
      case ID.CodecID: {
        const codec = new TextDecoder().decode(data).replace(/\0+$/, '');
        if (codec !== 'A_OPUS') throw new Error(`the WebM file holds ${codec || 'an unnamed codec'}, not Opus (A_OPUS): only Opus can be remuxed to Ogg`);
        this.opusTrack = true;
        break;
      }
      case ID.CodecPrivate:
        if (data.length < 19 || ascii(data.subarray(0, 8)) !== 'OpusHead') throw new Error('the WebM Opus track has a CodecPrivate that is not an OpusHead');
        this.codecPrivate = data.slice();
        break;
      case ID.CodecDelay:
        this.codecDelayNs = uint(data);
        break;
      case ID.Channels:
        this.channels = uint(data);
        break;
      case ID.SamplingFrequency: {
        const view = new DataView(data.buffer, data.byteOffset, data.length);
        if (data.length === 4 || data.length === 8) this.inputRate = Math.round(data.length === 4 ? view.getFloat32(0) : view.getFloat64(0));
        break;
      }
      case ID.SimpleBlock:
      case ID.Block:
        this.readBlock(id, data, out);
        break;
      case ID.DiscardPadding: {
        // Signed nanoseconds to leave out at the end of the block of the same BlockGroup.
        let ns = data[0] & 0x80 ? -1 : 0;
        for (const byte of data) ns = ns * 256 + byte;
        const samples = Math.max(0, Math.round((ns * OPUS_RATE) / 1e9));
        if (this.groupPacket) this.groupPacket.discard = samples;
        else this.groupDiscard = samples;
        break;
      }
    }
  }

  private readBlock(id: number, data: Uint8Array, out: Uint8Array[]): void {
    // Track number (a vint), int16 timecode (not needed: samples are counted from the packets), flags.
    const track = readVint(data, 0);
    if (!track || track.length + 3 > data.length) throw new Error('a WebM block too short to be one');
    if (!this.opusTrack) throw new Error('a WebM block before its track says it is Opus (A_OPUS)');
    if (track.value !== this.trackNumber) return;
    if (data[track.length + 2] & 0x06) throw new Error('laced WebM blocks are not supported');
    const packet = { data: data.slice(track.length + 3), samples: 0, discard: id === ID.Block ? this.groupDiscard : 0 };
    this.groupPacket = id === ID.Block ? packet : null;
    if (!packet.data.length) return; // nothing to decode, nothing to count
    packet.samples = opusPacketSamples(packet.data);
    if (!(packet.samples > 0)) throw new Error('a WebM block that is not an Opus packet');
    this.addPacket(packet, out);
  }

  private addPacket(packet: Packet, out: Uint8Array[]): void {
    const lacing = Math.floor(packet.data.length / 255) + 1;
    if (lacing > 255) throw new Error(`an Opus packet of ${packet.data.length} bytes, more than an Ogg page holds`);
    if (!this.headersWritten) this.writeHeaders(out, 0);
    if (this.page.length && (this.pageSamples >= PAGE_SAMPLES || this.pageLacing + lacing > 255)) this.writePage(out, 0, 0);
    this.page.push(packet);
    this.pageSamples += packet.samples;
    this.pageLacing += lacing;
  }

  /** The OpusHead page, then the OpusTags page with `tagsFlags`. */
  private writeHeaders(out: Uint8Array[], tagsFlags: number): void {
    this.headersWritten = true;
    out.push(this.oggPage([this.opusHead()], 0, OGG_BOS), this.oggPage([opusTags()], 0, tagsFlags));
  }

  /** Writes the page being filled; `trim`: samples of its last packet left out of its granule position (RFC 7845 end trimming). */
  private writePage(out: Uint8Array[], trim: number, flags: number): void {
    this.granule += this.pageSamples;
    out.push(this.oggPage(this.page.map((packet) => packet.data), this.granule - trim, flags));
    [this.page, this.pageSamples, this.pageLacing] = [[], 0, 0];
  }

  private opusHead(): Uint8Array {
    if (this.codecPrivate) return this.codecPrivate;
    // Channel mapping family 0, the only one that needs no table, holds one or two channels.
    if (this.channels < 1 || this.channels > 2) throw new Error(`the WebM Opus track of ${this.channels} channels has no OpusHead (CodecPrivate)`);
    const preSkip = this.codecDelayNs === null ? DEFAULT_PRE_SKIP : Math.round((this.codecDelayNs * OPUS_RATE) / 1e9);
    const head = new Uint8Array(19);
    const view = new DataView(head.buffer);
    head.set(bytesOf('OpusHead'));
    head[8] = 1; // version
    head[9] = this.channels;
    view.setUint16(10, preSkip, true);
    view.setUint32(12, this.inputRate, true);
    return head; // output gain 0, mapping family 0
  }

  /** One Ogg page (RFC 3533) holding `packets` whole. */
  private oggPage(packets: Uint8Array[], granule: number, flags: number): Uint8Array {
    const lacing = packets.flatMap((packet) => [...new Array<number>(Math.floor(packet.length / 255)).fill(255), packet.length % 255]);
    const page = concat([new Uint8Array(27), Uint8Array.from(lacing), ...packets]);
    const view = new DataView(page.buffer);
    page.set(bytesOf('OggS'));
    page[5] = flags;
    view.setUint32(6, granule % 2 ** 32, true);
    view.setUint32(10, Math.floor(granule / 2 ** 32), true);
    view.setUint32(14, this.serial, true);
    view.setUint32(18, this.sequence++, true);
    page[26] = lacing.length;
    view.setUint32(22, oggCrc(page), true);
    return page;
  }
}

/** Whole-file convenience: `new WebmToOgg(serial).push(bytes)` + `end()`, concatenated. */
export function webmToOgg(bytes: Uint8Array, serial?: number): Uint8Array {
  const remuxer = new WebmToOgg(serial);
  return concat([remuxer.push(bytes), remuxer.end()]);
}

/** The OpusTags packet: a vendor string and no comments. */
function opusTags(): Uint8Array {
  const vendor = bytesOf('media-recorder-button');
  const tags = new Uint8Array(8 + 4 + vendor.length + 4);
  tags.set(bytesOf('OpusTags'));
  new DataView(tags.buffer).setUint32(8, vendor.length, true);
  tags.set(vendor, 12);
  return tags;
}

const bytesOf = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));
const ascii = (bytes: Uint8Array) => String.fromCharCode(...bytes);
const uint = (bytes: Uint8Array) => bytes.reduce((value, byte) => value * 256 + byte, 0);

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  parts.reduce((at, part) => (out.set(part, at), at + part.length), 0);
  return out;
}

let crcTable: Uint32Array | undefined;

/** Ogg's CRC-32: polynomial 0x04c11db7, not reflected, starting at 0, over the page with its CRC field zero. */
function oggCrc(bytes: Uint8Array): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let r = n << 24;
    for (let i = 0; i < 8; i++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    return r >>> 0;
  });
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) ^ crcTable[((crc >>> 24) ^ byte) & 0xff]) >>> 0;
  return crc;
}
