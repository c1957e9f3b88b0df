/**
 * A streaming resampler from `fromRate` to `toRate` (a copy when they are equal): windowed-sinc
 * interpolation whose low-pass keeps what the new rate can carry and stops what would fold back as
 * aliases (Blackman window, stopband from the lower Nyquist frequency, better than −58 dB).
 *
 * Call it with each block of input; `flush()` (the input has ended) gives what the last block still
 * owed. The output starts at the input's first sample: the filter's delay is taken out.
 *
 * Self-contained (no outside names): its source text runs in the audio worklet.
 */
export function createResampler(fromRate: number, toRate: number): { resample(input: Float32Array): Float32Array; flush(): Float32Array } {
  const step = fromRate / toRate;
  if (step === 1) return { resample: (input) => input.slice(), flush: () => new Float32Array(0) };
  // Zero crossings of the sinc on each side: more is a sharper cut at the new Nyquist frequency.
  const zeroCrossings = 24;
  // Cut off (in cycles per input sample) so that the window's transition band ends at the lower of the two
  // Nyquist frequencies.
  const cutoff = 0.5 / Math.max(step, 1) / (1 + 2.75 / zeroCrossings);
  const halfWidth = Math.ceil(zeroCrossings / (2 * cutoff));
  // The kernel at `tableSteps` points per input sample, read with linear interpolation.
  const tableSteps = 64;
  const kernel = new Float32Array(halfWidth * tableSteps + 2);
  for (let i = 0; i < kernel.length; i++) {
    const t = i / tableSteps;
    if (t >= halfWidth) continue;
    const x = 2 * cutoff * t;
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    const window = 0.42 + 0.5 * Math.cos((Math.PI * t) / halfWidth) + 0.08 * Math.cos((2 * Math.PI * t) / halfWidth);
    kernel[i] = 2 * cutoff * sinc * window;
  }

  // Input not yet used up, led by `halfWidth` zeros so that the first output sample is the input's first.
  let pending = new Float32Array(halfWidth);
  // Input samples dropped from `pending` so far, and output samples made: output sample n falls at input
  // sample n · fromRate / toRate, counted exactly (summing `step` would drift by a sample in a minute).
  let dropped = 0;
  let made = 0;
  const position = () => halfWidth + (made * fromRate) / toRate - dropped;

  const resample = (input: Float32Array): Float32Array => {
    const joined = new Float32Array(pending.length + input.length);
    joined.set(pending);
    joined.set(input, pending.length);
    const available = joined.length - halfWidth - position();
    const output = new Float32Array(available > 0 ? Math.ceil(available / step) : 0);
    let written = 0;
    for (let next = position(); next + halfWidth < joined.length && written < output.length; next = position()) {
      const base = Math.floor(next);
      let sum = 0;
      for (let k = base - halfWidth + 1; k <= base + halfWidth; k++) {
        const at = Math.abs(k - next) * tableSteps;
        const i = at | 0;
        sum += joined[k] * (kernel[i] + (kernel[i + 1] - kernel[i]) * (at - i));
      }
      output[written++] = sum;
      made++;
    }
    const used = Math.floor(position()) - halfWidth;
    pending = joined.slice(used);
    dropped += used;
    return output.subarray(0, written);
  };
  return { resample, flush: () => resample(new Float32Array(halfWidth)) };
}
