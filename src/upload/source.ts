/**
 * A recording as tus-js-client's file source while it is being made: `slice` hands over what has
 * been recorded from an offset (at once when there is some, otherwise when the next chunk comes),
 * so each PATCH carries what is there instead of waiting for a full chunk. Every chunk is kept:
 * the client may resume from any offset the server reports.
 */
export class RecordingSource {
  #chunks: Blob[] = [];
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

  async slice(start: number, end: number): Promise<{ value: Blob; done: boolean }> {
    while (start >= this.#size && !this.#ended) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    const value = this.blob().slice(start, Math.min(end, this.#size));
    const done = this.#ended && start + value.size >= this.#size;
    if (done) this.declaredLength = Math.max(start, this.#size);
    return { value, done };
  }

  close(): void {}

  #wake(): void {
    this.#waiting.splice(0).forEach((resolve) => resolve());
  }
}
