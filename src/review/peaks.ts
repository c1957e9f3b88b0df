/** Pure functions of the review: the recording's levels over its length, how they are drawn, where a point falls. */

/** How many levels are kept of a recording, whatever its length: more than any canvas shows bars. */
export const LEVEL_COUNT = 1024;

/** The quietest level shown, as in the live bars: about one step of 8-bit samples. */
const FLOOR_DB = -48;

/**
 * The loudness of `count` equal stretches of `channels` (decoded samples, −1…1), each from 0
 * (silence, or quieter than −48 dBFS) to 1 (full scale) on a decibel scale, as the live bars show it:
 * the root mean square of the loudest channel.
 */
export function levelsOf(channels: Float32Array[], count = LEVEL_COUNT): Float32Array {
  const levels = new Float32Array(count);
  const length = channels[0]?.length ?? 0;
  if (!length) return levels;
  for (let i = 0; i < count; i++) {
    const start = Math.floor((i * length) / count);
    const end = Math.max(start + 1, Math.floor(((i + 1) * length) / count));
    let loudest = 0;
    for (const samples of channels) loudest = Math.max(loudest, meanSquare(samples, start, Math.min(end, length)));
    levels[i] = levelOf(loudest);
  }
  return levels;
}

/** A stretch's level from the mean square of its samples: 0 at −48 dBFS and under, 1 at full scale. */
export function levelOf(meanSquare: number): number {
  const rms = Math.sqrt(meanSquare);
  return rms === 0 ? 0 : Math.min(1, Math.max(0, 1 - (20 * Math.log10(rms)) / FLOOR_DB));
}

/** The mean of the squares of `samples` from `start` to `end`; four sums at once, which runs twice as fast. */
function meanSquare(samples: Float32Array, start: number, end: number): number {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  let s = start;
  for (; s + 3 < end; s += 4) {
    a += samples[s] * samples[s];
    b += samples[s + 1] * samples[s + 1];
    c += samples[s + 2] * samples[s + 2];
    d += samples[s + 3] * samples[s + 3];
  }
  for (; s < end; s++) a += samples[s] * samples[s];
  return (a + b + c + d) / (end - start);
}

export interface PeaksStyle {
  color: string;
  /** The bars already played. */
  playedColor: string;
  /** Width of a bar and of the gap after it, in device pixels. */
  barWidth: number;
  barGap: number;
  /** Right-to-left: the start of the recording at the right. */
  rtl?: boolean;
}

/** How strongly the bars cut away by `trim` are drawn. */
const CUT_AWAY_ALPHA = 0.3;

/**
 * Draws the whole recording as bars from the inline start (its beginning) to the inline end, each the
 * loudest of the `levels` it covers; bars before `played` (0–1 of the length) in `playedColor`, bars
 * outside `kept` (0–1, what `trim` keeps) faint in `color`. Silence is a dot as high as a gap is wide, as in
 * the live bars.
 */
export function drawPeaks(
  context: CanvasRenderingContext2D,
  levels: Float32Array,
  played: number,
  width: number,
  height: number,
  style: PeaksStyle,
  kept: readonly [number, number] = [0, 1],
): void {
  context.clearRect(0, 0, width, height);
  const { barWidth, barGap, rtl } = style;
  const step = barWidth + barGap;
  const bars = Math.max(1, Math.floor((width + barGap) / step));
  for (let bar = 0; bar < bars; bar++) {
    const from = Math.floor((bar * levels.length) / bars);
    const to = Math.max(from + 1, Math.floor(((bar + 1) * levels.length) / bars));
    let level = 0;
    for (let i = from; i < to && i < levels.length; i++) level = Math.max(level, levels[i]);
    const barHeight = Math.max(barGap, Math.round(level * height));
    const x = rtl ? width - bar * step - barWidth : bar * step;
    const middle = (bar + 0.5) / bars;
    const cutAway = middle < kept[0] || middle > kept[1];
    context.fillStyle = middle <= played && !cutAway ? style.playedColor : style.color;
    context.globalAlpha = cutAway ? CUT_AWAY_ALPHA : 1;
    context.fillRect(x, Math.round((height - barHeight) / 2), barWidth, barHeight);
  }
  context.globalAlpha = 1;
}

/** Where `x` (CSS pixels from the left of a box `width` wide) falls in the recording, 0–1; mirrored right-to-left. */
export function fractionAt(x: number, width: number, rtl: boolean): number {
  const fraction = width > 0 ? Math.min(1, Math.max(0, x / width)) : 0;
  return rtl ? 1 - fraction : fraction;
}

/** Seconds in a range, for a slider's keys: the position after `key`, or `null` for a key that does not move it. */
export function positionAfterKey(key: string, position: number, length: number, rtl: boolean, step = 1, bigStep = 10): number | null {
  const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
  const back = rtl ? 'ArrowRight' : 'ArrowLeft';
  let next: number;
  if (key === forward || key === 'ArrowUp') next = position + step;
  else if (key === back || key === 'ArrowDown') next = position - step;
  else if (key === 'PageUp') next = position + bigStep;
  else if (key === 'PageDown') next = position - bigStep;
  else if (key === 'Home') next = 0;
  else if (key === 'End') next = length;
  else return null;
  return Math.min(length, Math.max(0, next));
}
