/**
 * The chunks of a recording, kept so that the final Blob is made of few parts.
 *
 * Building a Blob costs time for every part it is made of (in Chromium about 0.1 ms each, paid
 * again on its first read), so joining 6,000 chunks, 10 minutes at a 100 ms timeslice, took most
 * of a second when the recording ended. Here chunks are joined `fanIn` at a time as they arrive,
 * and those joins `fanIn` at a time in turn: at most `fanIn` parts per level remain, and the work
 * at the end no longer grows with the length of the recording.
 */
export class BlobParts {
  /** `levels[0]` holds single chunks; each Blob in `levels[n + 1]` joins `fanIn` of `levels[n]`. */
  private readonly levels: Blob[][] = [];
  /** The type of the first chunk, if it had one. */
  firstType = '';
  count = 0;

  constructor(private readonly fanIn = 32) {}

  add(chunk: Blob): void {
    if (this.count++ === 0) this.firstType = chunk.type;
    this.push(chunk, 0);
  }

  /** Everything added so far, oldest first, in at most `fanIn` Blobs per level. */
  parts(): Blob[] {
    // A higher level only ever holds data older than every lower level's.
    return this.levels.slice().reverse().flat();
  }

  toBlob(type: string): Blob {
    return new Blob(this.parts(), { type });
  }

  private push(blob: Blob, level: number): void {
    const parts = (this.levels[level] ??= []);
    parts.push(blob);
    if (parts.length >= this.fanIn) this.push(new Blob(parts.splice(0)), level + 1);
  }
}
