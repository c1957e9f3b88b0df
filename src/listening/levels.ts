/**
 * What a recording's input level says, measured over the samples themselves and counted in them
 * (the audio clock): no timer decides anything here, so a busy or hidden page changes nothing.
 */

/** What the level tells, as it happens: a warning begins or clears, or silence has lasted long enough. */
export type LevelChange = 'no-signal' | 'signal' | 'clipping' | 'clipping-cleared' | 'silence';

export interface LevelSettings {
  sampleRate: number;
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
const FULL_SCALE = 0.999;
/** A window with this share of clipped samples (or more) clips; a single peak does not. */
const CLIPPED_SHARE = 0.001;
/** Clipping is said once windows clipped this long in total within the last `CLIPPING_SPAN` seconds… */
const CLIPPING_SECONDS = 0.75;
const CLIPPING_SPAN = 2;
/** …and clears after this long without a clipped window. */
const CLIPPING_CLEARS_AFTER = 3;
/** Speech is heard once the level stays above the threshold this long (a click or a knock is not speech). */
const SPEECH_SECONDS = 0.5;

export const dbfs = (amplitude: number): number => (amplitude > 0 ? 20 * Math.log10(amplitude) : -Infinity);

/** The loudness of a window (RMS, dBFS) and how many of its samples are at full scale. */
export function measure(samples: Float32Array, from = 0, to = samples.length): { rmsDb: number; clipped: number } {
  let sum = 0;
  let clipped = 0;
  for (let i = from; i < to; i++) {
    const sample = samples[i];
    sum += sample * sample;
    if (sample >= FULL_SCALE || sample <= -FULL_SCALE) clipped++;
  }
  return { rmsDb: to > from ? dbfs(Math.sqrt(sum / (to - from))) : -Infinity, clipped };
}

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

  /** Takes the next window of input (`to - from` samples); returns what changed with it, in order. */
  feed(samples: Float32Array, from = 0, to = samples.length): LevelChange[] {
    if (to <= from) return [];
    const changes: LevelChange[] = [];
    const length = (to - from) / this.settings.sampleRate;
    const { rmsDb, clipped } = measure(samples, from, to);
    this.seconds += length;
    const end = this.seconds;

    if (!this.signal && rmsDb > NOISE_FLOOR_DB) {
      this.signal = true;
      if (this.noSignalSaid) changes.push('signal');
    } else if (!this.signal && !this.noSignalSaid && end >= NO_SIGNAL_SECONDS) {
      this.noSignalSaid = true;
      changes.push('no-signal');
    }

    if (clipped >= Math.max(1, CLIPPED_SHARE * (to - from))) this.clippedWindows.push({ end, length });
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
      this.loudFor += length;
      this.quietFor = 0;
      if (this.loudFor >= SPEECH_SECONDS) this.speechHeard = true;
    } else {
      this.loudFor = 0;
      this.quietFor += length;
      if (stopAfterSilence && this.speechHeard && !this.silenceSaid && this.quietFor >= stopAfterSilence) {
        this.silenceSaid = true;
        changes.push('silence');
      }
    }
    return changes;
  }
}
