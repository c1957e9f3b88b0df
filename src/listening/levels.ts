/**
 * What a recording's input level says, window by window of audio (the audio clock): no timer decides
 * anything here, so a busy or hidden page changes nothing. The measuring itself is done on the audio
 * thread (see `levelGraph` in ./index.ts): each window comes here as two numbers.
 */

/** What the level tells, as it happens: a warning begins or clears, or silence has lasted long enough. */
export type LevelChange = 'no-signal' | 'signal' | 'clipping' | 'clipping-cleared' | 'silence';

export interface LevelSettings {
  /** dBFS under which the input counts as silence (`silence-threshold`). */
  silenceThreshold: number;
  /** Seconds of silence after speech that end the recording (`stop-after-silence`); none: never. */
  stopAfterSilence?: number;
}

/** Nothing louder than this (dBFS, RMS over a window) in the first seconds: no signal. A working microphone's room noise is above it. */
export const NOISE_FLOOR_DB = -70;
/** The first seconds of a recording in which some signal must show. */
export const NO_SIGNAL_SECONDS = 3;
/** A sample this close to full scale counts as clipped. */
export const FULL_SCALE = 0.999;
/**
 * A window clips with this share of its samples at full scale (over the tenth of a second the level
 * remembers): a distorting voice does; a click's few samples over full scale do not.
 */
const CLIPPED_SHARE = 0.01;
/** Clipping is said once windows clipped this long in total within the last `CLIPPING_SPAN` seconds… */
const CLIPPING_SECONDS = 0.75;
const CLIPPING_SPAN = 2;
/** …and clears after this long without a clipped window. */
const CLIPPING_CLEARS_AFTER = 3;
/** Speech is heard once the level stays above the threshold this long (a click or a knock is not speech). */
const SPEECH_SECONDS = 0.5;

/** One window of input, as measured on the audio thread. */
export interface Level {
  /** Mean of the squared samples (0 to 1). */
  meanSquare: number;
  /** Share of the samples at full scale (0 to 1). */
  clipped: number;
}

/** A mean square in dBFS (RMS). */
export const dbfs = (meanSquare: number): number => (meanSquare > 0 ? 10 * Math.log10(meanSquare) : -Infinity);

/**
 * Follows a recording's level window by window (fed in order, paused time left out) and says what
 * changes: `no-signal` when the first seconds hold nothing above the noise floor (`signal` once
 * something does), `clipping` when the input keeps hitting full scale (`clipping-cleared` after a
 * while without), and `silence` once, when `stopAfterSilence` seconds under the threshold follow speech.
 */
export class LevelWatch {
  /** Seconds of input seen. */
  private seconds = 0;
  private signal = false;
  private noSignalSaid = false;
  /** End times and lengths (seconds) of the recent clipped windows. */
  private clippedWindows: Array<{ end: number; length: number }> = [];
  private clipping = false;
  private loudFor = 0;
  private speechHeard = false;
  private quietFor = 0;
  private silenceSaid = false;

  constructor(private readonly settings: LevelSettings) {}

  /** Takes the level of the next `seconds` of input; returns what changed with it, in order. */
  feed(level: Level, seconds: number): LevelChange[] {
    if (seconds <= 0) return [];
    const changes: LevelChange[] = [];
    const rmsDb = dbfs(level.meanSquare);
    this.seconds += seconds;
    const end = this.seconds;

    if (!this.signal && rmsDb > NOISE_FLOOR_DB) {
      this.signal = true;
      if (this.noSignalSaid) changes.push('signal');
    } else if (!this.signal && !this.noSignalSaid && end >= NO_SIGNAL_SECONDS) {
      this.noSignalSaid = true;
      changes.push('no-signal');
    }

    if (level.clipped >= CLIPPED_SHARE) this.clippedWindows.push({ end, length: seconds });
    this.clippedWindows = this.clippedWindows.filter((window) => window.end > end - Math.max(CLIPPING_SPAN, CLIPPING_CLEARS_AFTER));
    const clippedLately = this.clippedWindows.filter((window) => window.end > end - CLIPPING_SPAN).reduce((sum, window) => sum + window.length, 0);
    if (!this.clipping && clippedLately >= CLIPPING_SECONDS) {
      this.clipping = true;
      changes.push('clipping');
    } else if (this.clipping && this.clippedWindows.length === 0) {
      this.clipping = false;
      changes.push('clipping-cleared');
    }

    const { stopAfterSilence, silenceThreshold } = this.settings;
    if (rmsDb > silenceThreshold) {
      this.loudFor += seconds;
      this.quietFor = 0;
      if (this.loudFor >= SPEECH_SECONDS) this.speechHeard = true;
    } else {
      // The first quiet window may have held the end of the sound (the level forgets it within a fifth
      // of a second): silence is counted from the end of that window, never before the sound ended.
      this.quietFor = this.loudFor > 0 ? 0 : this.quietFor + seconds;
      this.loudFor = 0;
      if (stopAfterSilence && this.speechHeard && !this.silenceSaid && this.quietFor >= stopAfterSilence) {
        this.silenceSaid = true;
        changes.push('silence');
      }
    }
    return changes;
  }
}
