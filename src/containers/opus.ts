/**
 * An Opus packet's length in samples at 48 kHz, from its TOC byte (RFC 6716, section 3.1); NaN for
 * an empty packet. It uses nothing from outside its body: the review's worker runs it from its source text.
 */
export function opusPacketSamples(packet: Uint8Array): number {
  if (!packet.length) return NaN;
  const config = packet[0] >> 3;
  const frameMs = config < 12 ? [10, 20, 40, 60][config & 3] : config < 16 ? [10, 20][config & 1] : [2.5, 5, 10, 20][config & 3];
  const code = packet[0] & 3;
  const frames = code === 0 ? 1 : code < 3 ? 2 : packet[1] & 0x3f;
  return (frames * frameMs * 48_000) / 1000;
}
