/**
 * A recording as tus-js-client's file source while it is being made: `slice` hands over what has
 * been recorded from an offset (at once when there is some, otherwise when the next chunk comes),
 * so each PATCH carries what is there instead of waiting for a full chunk. Every chunk is kept:
 * the client may resume from any offset the server reports.
 */
export class RecordingSource {
  #chunks: Blob[] = [];
  /** Where each chunk starts in the recording. */
  #starts: number[] = [];
  #size = 0;
  #ended = false;
  #waiting: Array<() => void> = [];
  /** The upload's length once the client has declared it (the recording ended and was all sent). */
  declaredLength: number | null = null;

  constructor(chunks: Blob[] = [], ended = false) {
    chunks.forEach((chunk) => this.add(chunk));
    this.#ended = ended;
  }

  /** Bytes recorded so far. */
  get recorded(): number {
    return this.#size;
  }

  /** The recording so far, as one Blob. */
  blob(type?: string): Blob {
    return new Blob(this.#chunks, { type });
  }

  add(chunk: Blob): void {
    if (this.#ended || chunk.size === 0) return;
    this.#chunks.push(chunk);
    this.#starts.push(this.#size);
    this.#size += chunk.size;
    this.#wake();
  }

  /** The recording ended: the client sends the rest and declares the length. */
  end(): void {
    this.#ended = true;
    this.#wake();
  }

  /** What tus-js-client asks of a file source (`size` stays unknown: the length is deferred). */
  readonly size = null as unknown as number;

  async slice(start: number, end: number): Promise<{ value: Uint8Array & { size: number }; done: boolean }> {
    while (start >= this.#size && !this.#ended) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    // Bytes rather than a Blob: XHR's send() of a Blob costs the main thread about a millisecond in Chromium.
    const bytes = new Uint8Array(await this.#bytes(start, Math.min(end, this.#size)).arrayBuffer());
    const value = Object.assign(bytes, { size: bytes.byteLength }); // tus-js-client reads `size`
    const done = this.#ended && start + value.size >= this.#size;
    if (done) this.declaredLength = Math.max(start, this.#size);
    return { value, done };
  }

  close(): void {}

  /**
   * The recording's bytes from `start` to `end`. Usually one whole chunk, handed over as it is:
   * building a Blob of Blobs costs the main thread about a millisecond in Chromium.
   */
  #bytes(start: number, end: number): Blob {
    let first = this.#starts.length - 1;
    while (first >= 0 && this.#starts[first] > start) first--;
    if (first < 0) return new Blob([]);
    const parts: Blob[] = [];
    for (let at = start; at < end && first < this.#chunks.length; first++) {
      const chunk = this.#chunks[first];
      const chunkStart = this.#starts[first];
      parts.push(at === chunkStart && chunkStart + chunk.size <= end ? chunk : chunk.slice(at - chunkStart, end - chunkStart));
      at = chunkStart + chunk.size;
    }
    return parts.length === 1 ? parts[0] : new Blob(parts);
  }

  #wake(): void {
    this.#waiting.splice(0).forEach((resolve) => resolve());
  }
}
