// What the level watch says of windows of input, counted in samples (src/listening/levels.ts).
import { expect } from '@open-wc/testing';
import { LevelWatch, measure, type LevelChange } from '../src/listening/levels.js';

const RATE = 8000;
const WINDOW = RATE / 4;

/** A quarter second of a sine at `amplitude` (0 gives digital silence). */
const window = (amplitude: number) => Float32Array.from({ length: WINDOW }, (_, i) => amplitude * Math.sin((2 * Math.PI * 440 * i) / RATE));
/** A quarter second of a square wave at full scale. */
const clipped = () => Float32Array.from({ length: WINDOW }, (_, i) => (Math.floor(i / 10) % 2 ? -1 : 1));

/** Feeds `windows` in turn; returns each change with the second (of input) it came at. */
function run(watch: LevelWatch, windows: Float32Array[]): Array<[number, LevelChange]> {
  const heard: Array<[number, LevelChange]> = [];
  windows.forEach((samples, i) => watch.feed(samples).forEach((change) => heard.push([(i + 1) / 4, change])));
  return heard;
}

const repeat = (count: number, make: () => Float32Array) => Array.from({ length: count }, make);
const settings = { sampleRate: RATE, silenceThreshold: -50 };

describe('level watch', () => {
  it('measures RMS in dBFS and counts samples at full scale', () => {
    expect(measure(window(1)).rmsDb).to.be.closeTo(-3.01, 0.05);
    expect(measure(window(0.1)).rmsDb).to.be.closeTo(-23.01, 0.05);
    expect(measure(window(0)).rmsDb).to.equal(-Infinity);
    expect(measure(clipped()).clipped).to.equal(WINDOW);
    expect(measure(window(0.5)).clipped).to.equal(0);
  });

  it('says no-signal at 3 s of silence, not before, and signal when sound comes', () => {
    const heard = run(new LevelWatch(settings), [...repeat(16, () => window(0)), window(0.1)]);
    expect(heard).to.deep.equal([
      [3, 'no-signal'],
      [4.25, 'signal'],
    ]);
  });

  it('counts noise under −70 dBFS as no signal, and room noise above it as a signal', () => {
    expect(run(new LevelWatch(settings), repeat(12, () => window(0.0002)))).to.deep.equal([[3, 'no-signal']]);
    expect(run(new LevelWatch(settings), repeat(12, () => window(0.001)))).to.deep.equal([]);
  });

  it('says clipping once the input keeps hitting full scale, not for a single peak, and clears it after 3 s without', () => {
    const peak = window(0.5);
    peak[100] = 1;
    expect(run(new LevelWatch(settings), repeat(20, () => peak)), 'one sample at full scale a window').to.deep.equal([]);
    const heard = run(new LevelWatch(settings), [...repeat(8, clipped), ...repeat(16, () => window(0.5))]);
    expect(heard).to.deep.equal([
      [0.75, 'clipping'],
      [5, 'clipping-cleared'],
    ]);
  });

  it('says silence once, N s after speech ends, and never without speech first', () => {
    const watch = new LevelWatch({ ...settings, stopAfterSilence: 1.5 });
    const heard = run(watch, [...repeat(4, () => window(0.3)), ...repeat(12, () => window(0))]);
    expect(heard).to.deep.equal([[2.5, 'silence']]);
    expect(run(new LevelWatch({ ...settings, stopAfterSilence: 1.5 }), repeat(40, () => window(0)))).to.deep.equal([[3, 'no-signal']]);
  });

  it('does not take a click for speech, and starts the silence over when sound comes back', () => {
    const watch = new LevelWatch({ ...settings, stopAfterSilence: 1 });
    const click = Float32Array.from({ length: WINDOW }, (_, i) => (i < 40 ? 0.9 : 0));
    // A click louder than the threshold over a quarter second (−26 dBFS), but only one window: not speech…
    expect(run(watch, [click, ...repeat(8, () => window(0))])).to.deep.equal([]);
    // …speech, a pause shorter than N, speech again, then N of silence.
    const heard = run(new LevelWatch({ ...settings, stopAfterSilence: 1 }), [
      ...repeat(2, () => window(0.3)),
      ...repeat(3, () => window(0)),
      ...repeat(2, () => window(0.3)),
      ...repeat(5, () => window(0)),
    ]);
    expect(heard).to.deep.equal([[2.75, 'silence']]);
  });

  it('takes the threshold as set: at −20 dBFS, a tone at −23 dBFS is silence', () => {
    const watch = new LevelWatch({ sampleRate: RATE, silenceThreshold: -20, stopAfterSilence: 1 });
    expect(run(watch, [...repeat(4, () => window(0.1)), ...repeat(8, () => window(0))])).to.deep.equal([]);
  });
});
