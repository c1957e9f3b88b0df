import { opusPacketSamples } from './opus.js';
import { readElementId, readVint } from './webm-duration.js';

// Element IDs read here (Matroska).
const SEGMENT = 0x18538067;
const CLUSTER = 0x1f43b675;
const TRACKS = 0x1654ae6b;
const TRACK_ENTRY = 0xae;
const AUDIO = 0xe1;
const BLOCK_GROUP = 0xa0;
const SIMPLE_BLOCK = 0xa3;
const BLOCK = 0xa1;
const DISCARD_PADDING = 0x75a2;
const CODEC_ID = 0x86;
const CODEC_PRIVATE = 0x63a2;
const CODEC_DELAY = 0x56aa;
const CHANNELS = 0x9f;
const TRACK_TYPE = 0x83;
/** Containers read into (their children come next), whatever their size says. */
const ENTERED = new Set([SEGMENT, CLUSTER, TRACKS, TRACK_ENTRY, AUDIO, BLOCK_GROUP]);

/** Opus pre-skip when the file says none (libopus' usual encoder delay, 6.5 ms). */
const DEFAULT_PRE_SKIP = 312;
/** Audio on one page at most, in 48 kHz samples: a second. */
const PAGE_SAMPLES = 48_000;

/** Remuxes a WebM file of one Opus audio track into Ogg Opus (RFC 7845), as its bytes arrive. */
export class WebmToOgg {
  private pending: Uint8Array = new Uint8Array(0);
  private codecPrivate: Uint8Array | null = null;
  private channels = 1;
  private codecDelayNs = 0;
  private headersWritten = false;
  /** The last packet read: held back so that the page that carries it can say end-of-stream. */
  private held: Uint8Array | null = null;
  private discardSamples = 0;
  private granule = 0;
  private sequence = 0;
  private readonly serial: number;

  constructor(serial = (Math.random() * 2 ** 32) >>> 0) {
    this.serial = serial >>> 0;
  }

  /** Feeds the next bytes of the WebM file (split anywhere); returns the Ogg pages complete so far. */
  push(bytes: Uint8Array): Uint8Array {
    const joined = new Uint8Array(this.pending.length + bytes.length);
    joined.set(this.pending);
    joined.set(bytes, this.pending.length);
    const packets: Uint8Array[] = [];
    let at = 0;
    for (;;) {
      const id = readElementId(joined, at);
      const size = id && readVint(joined, at + id.length);
      if (!id || !size) break;
      const start = at + id.length + size.length;
      if (ENTERED.has(id.id) || size.value === null) {
        at = start;
        continue;
      }
      const end = start + size.value;
      if (end > joined.length) break;
      this.read(id.id, joined.subarray(start, end), packets);
      at = end;
    }
    this.pending = joined.slice(at);
    return this.pages(packets, false);
  }

  /** The file has ended: the remaining pages, the last flagged end-of-stream (empty if no track was read). */
  end(): Uint8Array {
    return this.pages([], true);
  }

  private read(id: number, data: Uint8Array, packets: Uint8Array[]): void {
    switch (id) {
      case TRACK_TYPE:
        if (data[data.length - 1] !== 2) throw new Error('not an audio-only WebM file: only Opus sound can be remuxed to Ogg');
        break;
      case CODEC_ID: {
        const codec = new TextDecoder().decode(data).replace(/\0+$/, '');
        if (codec !== 'A_OPUS') throw new Error(`the WebM holds ${codec}, not Opus: only Opus can be remuxed to Ogg`);
        break;
      }
      case CODEC_PRIVATE:
        this.codecPrivate = data.slice();
        break;
      case CODEC_DELAY:
        this.codecDelayNs = data.reduce((value, byte) => value * 256 + byte, 0);
        break;
      case CHANNELS:
        this.channels = data.reduce((value, byte) => value * 256 + byte, 0) || 1;
        break;
      case SIMPLE_BLOCK:
      case BLOCK: {
        const track = readVint(data, 0);
        if (!track) throw new Error('a WebM block without a track number');
        if (data[track.length + 2] & 0x06) throw new Error('laced WebM blocks are not supported');
        packets.push(data.slice(track.length + 3));
        break;
      }
      case DISCARD_PADDING: {
        // Signed nanoseconds of the block it follows to leave out at its end.
        let value = data.length && data[0] & 0x80 ? -1 : 0;
        for (const byte of data) value = value * 256 + byte;
        this.discardSamples = Math.max(0, Math.round((value * 48_000) / 1e9));
        break;
      }
    }
  }

  /** Ogg pages for `packets` (all but the newest, held for the end) and, first, the two header pages. */
  private pages(packets: Uint8Array[], last: boolean): Uint8Array {
    const out: Uint8Array[] = [];
    if (!this.headersWritten && (packets.length || this.held || this.codecPrivate)) {
      this.headersWritten = true;
      out.push(this.page([this.opusHead()], 0, 0x02), this.page([opusTags()], 0, 0));
    }
    const ready = this.held ? [this.held, ...packets] : packets;
    this.held = last ? null : (ready.pop() ?? null);
    // Pages of at most a second of sound and 255 lacing values.
    let onPage: Uint8Array[] = [];
    let lacing = 0;
    let samples = 0;
    const flush = (endOfStream: boolean) => {
      if (!onPage.length && !endOfStream) return;
      this.granule += samples;
      const granule = this.preSkip() + this.granule - (endOfStream ? this.discardSamples : 0);
      out.push(this.page(onPage, granule, endOfStream ? 0x04 : 0));
      [onPage, lacing, samples] = [[], 0, 0];
    };
    for (const packet of ready) {
      const values = Math.floor(packet.length / 255) + 1;
      if (lacing + values > 255 || samples >= PAGE_SAMPLES) flush(false);
      onPage.push(packet);
      lacing += values;
      samples += opusPacketSamples(packet) || 0;
    }
    if (last && this.headersWritten) flush(true);
    else flush(false);
    return concat(out);
  }

  private preSkip(): number {
    const head = this.codecPrivate;
    if (head && head.length >= 12) return head[10] | (head[11] << 8);
    return this.codecDelayNs ? Math.round((this.codecDelayNs * 48_000) / 1e9) : DEFAULT_PRE_SKIP;
  }

  private opusHead(): Uint8Array {
    if (this.codecPrivate && this.codecPrivate.length >= 19) return this.codecPrivate;
    const head = new Uint8Array(19);
    const view = new DataView(head.buffer);
    head.set(ascii('OpusHead'));
    head[8] = 1;
    head[9] = this.channels;
    view.setUint16(10, this.preSkip(), true);
    view.setUint32(12, 48_000, true);
    return head;
  }

  /** One Ogg page holding `packets` whole (RFC 3533). */
  private page(packets: Uint8Array[], granule: number, flags: number): Uint8Array {
    const lacing = packets.flatMap((packet) => [...Array(Math.floor(packet.length / 255)).fill(255), packet.length % 255]);
    const page = new Uint8Array(27 + lacing.length + packets.reduce((n, p) => n + p.length, 0));
    const view = new DataView(page.buffer);
    page.set(ascii('OggS'));
    page[5] = flags;
    view.setUint32(6, granule % 2 ** 32, true);
    view.setUint32(10, Math.floor(granule / 2 ** 32), true);
    view.setUint32(14, this.serial, true);
    view.setUint32(18, this.sequence++, true);
    page[26] = lacing.length;
    page.set(lacing, 27);
    let at = 27 + lacing.length;
    for (const packet of packets) {
      page.set(packet, at);
      at += packet.length;
    }
    view.setUint32(22, oggCrc(page), true);
    return page;
  }
}

/** Whole-file convenience: `new WebmToOgg(serial).push(bytes)` and `end()`, joined. */
export function webmToOgg(bytes: Uint8Array, serial?: number): Uint8Array {
  const remuxer = new WebmToOgg(serial);
  return concat([remuxer.push(bytes), remuxer.end()]);
}

const ascii = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));

function opusTags(): Uint8Array {
  const vendor = ascii('media-recorder-button');
  const tags = new Uint8Array(8 + 4 + vendor.length + 4);
  tags.set(ascii('OpusTags'));
  new DataView(tags.buffer).setUint32(8, vendor.length, true);
  tags.set(vendor, 12);
  return tags;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  parts.reduce((at, part) => (out.set(part, at), at + part.length), 0);
  return out;
}

let crcTable: Uint32Array | undefined;

/** Ogg's CRC-32: polynomial 0x04c11db7, not reflected, starting at 0. */
export function oggCrc(bytes: Uint8Array): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let r = n << 24;
    for (let i = 0; i < 8; i++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    return r >>> 0;
  });
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) ^ crcTable[((crc >>> 24) ^ byte) & 0xff]) >>> 0;
  return crc;
}
