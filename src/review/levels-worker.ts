/**
 * A long WebM/Opus recording's levels, measured in a worker: the worker reads the file, takes the
 * Opus packets out of it and decodes them with WebCodecs, so the page's main thread neither copies
 * the file nor holds its decoded sound. Anything else (another container or codec, no WebCodecs, a
 * page whose Content-Security-Policy or Trusted Types refuse a worker) resolves null, and the
 * review decodes on the main thread as before.
 */
import { opusPacketSamples } from '../containers/opus.js';

export interface MeasuredRecording {
  /** Per stretch, the mean square of the loudest channel's samples (−1…1). */
  meanSquares: Float32Array;
  /** Seconds heard: the samples decoded, less the pre-skip and what the file says to discard. */
  duration: number;
}

/** The fewest packets a decoder of the worker is given (a minute of Chromium's, 20 s of Firefox's). */
const MIN_PART_PACKETS = 1000;

/** Set once a worker could not be started, so that a page that refuses them is asked once. */
let workersRefused = false;

/**
 * Measures `blob` (WebM with Opus sound) in `count` equal stretches; null when the worker cannot.
 * Aborting `signal` ends the worker and rejects with its reason. A long file is decoded in up to four
 * stretches at once, each of at least `minPartPackets` Opus packets.
 */
export function measureInWorker(blob: Blob, count: number, signal?: AbortSignal, minPartPackets = MIN_PART_PACKETS): Promise<MeasuredRecording | null> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (workersRefused || typeof Worker !== 'function' || typeof AudioDecoder !== 'function') return Promise.resolve(null);
  const url = URL.createObjectURL(new Blob([`(${levelsWorker})(${opusPacketSamples})`], { type: 'text/javascript' }));
  let worker: Worker;
  try {
    worker = new Worker(url);
  } catch {
    // Trusted Types enforced: a plain string is no script URL.
    URL.revokeObjectURL(url);
    workersRefused = true;
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const end = () => {
      worker.terminate();
      URL.revokeObjectURL(url);
      signal?.removeEventListener('abort', abort);
    };
    const finish = (result: MeasuredRecording | null) => {
      end();
      resolve(result);
    };
    const abort = () => {
      end();
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', abort, { once: true });
    worker.onmessage = ({ data }: MessageEvent<MeasuredRecording | { error: string }>) => finish('meanSquares' in data ? data : null);
    worker.onerror = (event) => {
      // The worker did not start (a policy refused its script): not again in this page.
      event.preventDefault();
      workersRefused = true;
      finish(null);
    };
    worker.postMessage({ blob, count, minPartPackets });
  });
}

/**
 * The worker. It runs from its own source text (a `blob:` URL), so it uses nothing from outside its
 * body but `samplesOf`, whose source text is handed to it. It follows the WebM layouts browsers'
 * MediaRecorder writes (Clusters of known or unknown size, SimpleBlocks, BlockGroups with a
 * DiscardPadding) and answers `{ error }` for anything else.
 */
function levelsWorker(samplesOf: typeof opusPacketSamples): void {
  const ID = { EBML: 0x1a45dfa3, Segment: 0x18538067, Info: 0x1549a966, TimecodeScale: 0x2ad7b1, Tracks: 0x1654ae6b, TrackEntry: 0xae };
  const TRACK = { Number: 0xd7, Type: 0x83, CodecID: 0x86, CodecPrivate: 0x63a2 };
  const CLUSTER = { Cluster: 0x1f43b675, Timecode: 0xe7, SimpleBlock: 0xa3, BlockGroup: 0xa0, Block: 0xa1, DiscardPadding: 0x75a2 };
  const RATE = 48_000;
  /** How many decoders at once, at most, and the sound each but the first decodes before its stretch. */
  const PARTS = 4;
  const PRE_ROLL = RATE * 0.08;

  interface Element {
    id: number;
    dataStart: number;
    end: number;
  }
  interface Packet {
    data: Uint8Array;
    timeNs: number;
    samples: number;
    discard: number;
  }

  const fail = (why: string): never => {
    throw new Error(why);
  };

  function elementAt(bytes: Uint8Array, at: number): Element {
    const idLength = Math.clz32(bytes[at] ?? 0) - 23;
    if (idLength < 1 || idLength > 4) fail('bad element ID');
    let id = 0;
    for (let i = 0; i < idLength; i++) id = id * 256 + bytes[at + i];
    const sizeAt = at + idLength;
    const sizeLength = Math.clz32(bytes[sizeAt] ?? 0) - 23;
    if (sizeLength < 1 || sizeLength > 8 || sizeAt + sizeLength > bytes.length) fail('bad element size');
    let size = bytes[sizeAt] & (0xff >> sizeLength);
    let unknown = size === 0xff >> sizeLength;
    for (let i = 1; i < sizeLength; i++) {
      size = size * 256 + bytes[sizeAt + i];
      unknown &&= bytes[sizeAt + i] === 0xff;
    }
    const dataStart = sizeAt + sizeLength;
    return { id, dataStart, end: unknown ? Infinity : dataStart + size };
  }

  function childrenOf(bytes: Uint8Array, parent: Element): Element[] {
    const children: Element[] = [];
    for (let at = parent.dataStart; at < parent.end; ) {
      const child = elementAt(bytes, at);
      if (child.end > parent.end) fail('child past its parent');
      children.push(child);
      at = child.end;
    }
    return children;
  }

  const uintOf = (bytes: Uint8Array, element: Element) => bytes.subarray(element.dataStart, element.end).reduce((value, byte) => value * 256 + byte, 0);

  /** The Opus track's OpusHead and packets, in file order. */
  function readWebm(bytes: Uint8Array) {
    const header = elementAt(bytes, 0);
    if (header.id !== ID.EBML || header.end === Infinity) fail('not EBML');
    const segment = elementAt(bytes, header.end);
    if (segment.id !== ID.Segment) fail('no Segment');
    const end = Math.min(segment.end, bytes.length);
    let scaleNs = 1_000_000;
    let track = -1;
    let opusHead: Uint8Array | null = null;
    let clusterTime = 0;
    const packets: Packet[] = [];
    const addBlock = (block: Element, discardNs: number) => {
      let at = block.dataStart;
      const trackLength = Math.clz32(bytes[at]) - 23;
      const number = bytes[at] & (0xff >> trackLength);
      at += trackLength;
      if (trackLength !== 1 || number !== track) return;
      const relative = (bytes[at] << 24) >> 16 | bytes[at + 1];
      if (bytes[at + 2] & 0x06) fail('laced block');
      const data = bytes.subarray(at + 3, block.end);
      const samples = samplesOf(data);
      if (!(samples > 0)) fail('empty block');
      packets.push({ data, timeNs: (clusterTime + relative) * scaleNs, samples, discard: Math.round((discardNs * RATE) / 1e9) });
    };
    // Clusters are walked into, not over: their children follow in the same loop, whatever their size.
    for (let at = segment.dataStart; at < end; ) {
      const element = elementAt(bytes, at);
      if (element.id === CLUSTER.Cluster) {
        at = element.dataStart;
        continue;
      }
      if (element.end === Infinity || element.end > end) fail('element of unknown size or cut short');
      if (element.id === ID.Info) {
        const scale = childrenOf(bytes, element).find((child) => child.id === ID.TimecodeScale);
        if (scale) scaleNs = uintOf(bytes, scale);
      } else if (element.id === ID.Tracks) {
        for (const entry of childrenOf(bytes, element).filter((child) => child.id === ID.TrackEntry)) {
          const fields = childrenOf(bytes, entry);
          const field = (id: number) => fields.find((child) => child.id === id);
          const type = field(TRACK.Type);
          if (!type || uintOf(bytes, type) !== 2 || track !== -1) continue;
          const codec = field(TRACK.CodecID);
          const head = field(TRACK.CodecPrivate);
          const number = field(TRACK.Number);
          if (!codec || !head || !number || new TextDecoder().decode(bytes.subarray(codec.dataStart, codec.end)) !== 'A_OPUS') fail('not Opus');
          track = uintOf(bytes, number!);
          opusHead = bytes.slice(head!.dataStart, head!.end);
        }
      } else if (element.id === CLUSTER.Timecode) {
        clusterTime = uintOf(bytes, element);
      } else if (element.id === CLUSTER.SimpleBlock) {
        addBlock(element, 0);
      } else if (element.id === CLUSTER.BlockGroup) {
        const fields = childrenOf(bytes, element);
        const block = fields.find((child) => child.id === CLUSTER.Block);
        const padding = fields.find((child) => child.id === CLUSTER.DiscardPadding);
        // DiscardPadding is signed; a negative one discards nothing.
        const discardNs = padding && !(bytes[padding.dataStart] & 0x80) ? uintOf(bytes, padding) : 0;
        if (block) addBlock(block, discardNs);
      }
      at = element.end;
    }
    if (!opusHead || opusHead.length < 19 || new TextDecoder().decode(opusHead.subarray(0, 8)) !== 'OpusHead') fail('no Opus track');
    if (!packets.length) fail('no sound');
    return { opusHead: opusHead!, packets };
  }

  async function measure(blob: Blob, count: number, minPartPackets: number) {
    const { opusHead, packets } = readWebm(new Uint8Array(await blob.arrayBuffer()));
    const channels = opusHead[9];
    // Mono or stereo (mapping family 0) decodes without the OpusHead; more channels would need it.
    if (channels > 2 || opusHead[18] !== 0) fail('more than two channels');
    const preSkip = opusHead[10] | (opusHead[11] << 8);
    const heard = packets.reduce((total, packet) => total + packet.samples - packet.discard, 0) - preSkip;
    if (!(heard > 0)) fail('nothing heard');
    /** Where each stretch starts, in samples heard. */
    const startOf = (stretch: number) => Math.floor((stretch * heard) / count);
    const sums = new Float64Array(count * channels);
    let samples = new Float32Array(0);

    /**
     * Decodes `part` (packets in a row) with a decoder of its own, adding its samples' squares to
     * `sums` from `position` (samples heard before it) on, less `skip` samples at its start.
     * Resolves with the number of samples it added.
     */
    async function decodePart(part: Packet[], position: number, skip: number): Promise<number> {
      const start = position;
      let index = 0;
      let decodeError: unknown = null;
      const decoder = new AudioDecoder({
        output: (data) => {
          const packet = part[index++];
          const frames = data.numberOfFrames;
          if (!packet || data.sampleRate !== RATE) {
            decodeError ??= new Error('unexpected output');
            data.close();
            return;
          }
          const from = Math.min(skip, frames);
          skip -= from;
          const to = Math.max(from, frames - packet.discard);
          if (samples.length < frames) samples = new Float32Array(frames);
          for (let channel = 0; channel < channels; channel++) {
            data.copyTo(samples, { planeIndex: channel, format: 'f32-planar' });
            let stretch = Math.min(count - 1, Math.floor((position * count) / heard));
            let next = startOf(stretch + 1);
            // Stretch by stretch: the samples of this output that fall in it, summed in one loop.
            for (let i = from, at = position; i < to; ) {
              while (at >= next && stretch < count - 1) next = startOf(++stretch + 1);
              const stop = stretch < count - 1 ? Math.min(to, i + next - at) : to;
              let sum = 0;
              for (let k = i; k < stop; k++) sum += samples[k] * samples[k];
              sums[stretch * channels + channel] += sum;
              at += stop - i;
              i = stop;
            }
          }
          position += to - from;
          data.close();
        },
        error: (error) => (decodeError = error),
      });
      // No OpusHead for the decoder, so that none drops the pre-skip: it is dropped here, with the rest.
      decoder.configure({ codec: 'opus', sampleRate: RATE, numberOfChannels: channels });
      for (const packet of part) decoder.decode(new EncodedAudioChunk({ type: 'key', timestamp: Math.round(packet.timeNs / 1000), data: packet.data }));
      await decoder.flush();
      decoder.close();
      if (decodeError) throw decodeError;
      return position - start;
    }

    // Decoders in turn pass each packet between threads: several at once, each on a stretch of the
    // file, finish sooner. Each but the first starts on the packets of the 80 ms before its stretch,
    // heard by nobody, so that its decoder has settled where its stretch begins (RFC 7845's pre-roll).
    const size = Math.max(minPartPackets, Math.ceil(packets.length / PARTS));
    const runs: Array<Promise<number>> = [];
    for (let first = 0, before = -preSkip; first < packets.length; first += size) {
      let preRoll = first;
      let skip = first === 0 ? preSkip : 0;
      while (preRoll > 0 && skip < PRE_ROLL) skip += packets[--preRoll].samples;
      runs.push(decodePart(packets.slice(preRoll, first + size), Math.max(0, before), skip));
      before += packets.slice(first, first + size).reduce((total, packet) => total + packet.samples - packet.discard, 0);
    }
    const position = (await Promise.all(runs)).reduce((total, added) => total + added, 0);
    const meanSquares = new Float32Array(count);
    for (let stretch = 0; stretch < count; stretch++) {
      const length = startOf(stretch + 1) - startOf(stretch);
      for (let channel = 0; channel < channels; channel++) {
        meanSquares[stretch] = Math.max(meanSquares[stretch], length ? sums[stretch * channels + channel] / length : 0);
      }
    }
    return { meanSquares, duration: position / RATE };
  }

  self.onmessage = async ({ data }: MessageEvent<{ blob: Blob; count: number; minPartPackets: number }>) => {
    try {
      const measured = await measure(data.blob, data.count, data.minPartPackets);
      self.postMessage(measured, { transfer: [measured.meanSquares.buffer] });
    } catch (error) {
      self.postMessage({ error: String(error) });
    }
  };
}
