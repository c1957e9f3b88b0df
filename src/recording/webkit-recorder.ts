/**
 * Making up for WebKit's MediaRecorder (measured in WebKitGTK; its MP4 comes in fragments of
 * 43 AAC frames, about a second each):
 *
 * - It ignores `timeslice` and hands over data only when a fragment is complete: asking for the
 *   data every 250 ms gets each fragment as soon as it is done. Its muxer is set to 1 s fragments;
 *   asking more often (every 100 ms) only adds empty chunks.
 * - When the input track ends, it hands over nothing more (a 0-byte chunk) and never fires `stop`:
 *   the fragments already asked for are all there is, and the controller finalizes without `stop`.
 * - Paused, it hands over nothing, and the paused time still ends up in the file.
 * - At `stop()`, it often leaves out the last, unfinished fragment: short recordings come out
 *   empty or header-only, longer ones miss up to their last second. Recording on until the
 *   fragments handed over hold everything up to the stop point, and only then calling `stop()`,
 *   kept every take; the media past the stop point is cut off when the file is finalized.
 */

/** How often the data is asked for while recording. */
const FLUSH_MS = 250;

/** Stop anyway if the fragments have not caught up with the stop point by then (a fragment is about 1 s). */
const CATCH_UP_TIMEOUT_MS = 2500;

type Mp4Module = typeof import('../containers/mp4-duration.js');

export class WebKitRecorder {
  private flushTimer = 0;
  /** Each track's timescale, from the header, and the ticks of its samples handed over so far. */
  private timescales = new Map<number, number>();
  private readonly ticks = new Map<number, number>();
  private reading: Promise<void> = Promise.resolve();
  private caughtUp: (() => void) | null = null;
  private stopTimer = 0;
  /** Reads the fragments' lengths; if it cannot load, stopping waits for the time-out instead. */
  private readonly mp4: Promise<Mp4Module | null> = import('../containers/mp4-duration.js').catch(() => null);

  constructor(private readonly recorder: MediaRecorder) {}

  /**
   * Milliseconds of media in the fragments handed over so far: of the track that is furthest
   * behind (a video recording's audio and video come in fragments of their own).
   */
  get mediaMs(): number {
    if (!this.timescales.size) return 0;
    return Math.min(...[...this.timescales].map(([track, timescale]) => ((this.ticks.get(track) ?? 0) * 1000) / timescale));
  }

  /** Call on the recorder's `start`: asks for the data on the element's own clock. */
  start(): void {
    this.flushTimer = window.setInterval(() => {
      if (this.recorder.state !== 'inactive') this.recorder.requestData();
    }, FLUSH_MS);
  }

  /** Call with every non-empty chunk, in order. */
  collected(data: Blob): void {
    this.reading = this.reading.then(async () => {
      const mp4 = await this.mp4;
      if (!mp4) return;
      const { timescales, ticks } = mp4.mediaInPiece(new Uint8Array(await data.arrayBuffer()));
      if (timescales.size) this.timescales = timescales;
      for (const [track, count] of ticks) this.ticks.set(track, (this.ticks.get(track) ?? 0) + count);
      this.caughtUp?.();
    });
  }

  /**
   * Keeps recording until the fragments handed over hold `mediaMs` of media (or a time-out), then
   * calls `stop`, once.
   */
  stopAfter(mediaMs: number, stop: () => void): void {
    // Paused, it hands over nothing. Its file keeps the paused time anyway, and is cut at `mediaMs`.
    if (this.recorder.state === 'paused') this.recorder.resume();
    const done = () => {
      this.release();
      stop();
    };
    this.stopTimer = window.setTimeout(done, CATCH_UP_TIMEOUT_MS);
    this.caughtUp = () => {
      // At least one sample of every track, however short the take.
      if (this.mediaMs > 0 && this.mediaMs >= mediaMs) done();
    };
    this.caughtUp();
  }

  /** Stops asking for data and waiting. */
  release(): void {
    clearInterval(this.flushTimer);
    clearTimeout(this.stopTimer);
    this.caughtUp = null;
  }
}
