// Measuring recorded sound: how strong a frequency is, which frequency is strongest.

/** Relative power of `frequency` in `samples` (Goertzel), per sample. */
export function power(samples: Float32Array, sampleRate: number, frequency: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
  let previous = 0;
  let beforePrevious = 0;
  for (const sample of samples) {
    const current = sample + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  return (previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious) / samples.length ** 2;
}

/**
 * The strongest frequency in `samples` between 50 Hz and the Nyquist frequency: found in 10 Hz steps
 * on a quarter second, then to 0.1 Hz on the whole (at most one second of) `samples`.
 */
export function dominantFrequency(samples: Float32Array, sampleRate: number): number {
  const strongest = (part: Float32Array, from: number, to: number, step: number) => {
    let best = from;
    let bestPower = -1;
    for (let frequency = from; frequency <= to; frequency += step) {
      const p = power(part, sampleRate, frequency);
      if (p > bestPower) [best, bestPower] = [frequency, p];
    }
    return best;
  };
  const coarse = strongest(samples.subarray(0, Math.round(sampleRate / 4)), 50, sampleRate / 2 - 10, 10);
  return strongest(samples.subarray(0, sampleRate), coarse - 10, coarse + 10, 0.1);
}

/** Root mean square of `samples`. */
export function rms(samples: Float32Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / samples.length);
}

/** `seconds` of a sine at `frequency`, amplitude `amplitude`. */
export function sine(frequency: number, sampleRate: number, seconds: number, amplitude = 0.5): Float32Array {
  return Float32Array.from({ length: Math.round(sampleRate * seconds) }, (_, i) => amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate));
}
