// The level of the input: measured on the audio thread (levelTaps, src/listening/index.ts), and what the
// level watch says of it window by window (src/listening/levels.ts).
import { expect } from '@open-wc/testing';
import { levelTaps } from '../src/listening/index.js';
import { LevelWatch, type Level, type LevelChange } from '../src/listening/levels.js';

const RATE = 48000;

/** Renders `signal` (one value a sample) through the level taps; resolves with what they hold at its end. */
async function measureOffline(signal: (t: number) => number, seconds = 1): Promise<Level> {
  const context = new OfflineAudioContext(1, RATE * seconds, RATE);
  const buffer = context.createBuffer(1, RATE * seconds, RATE);
  buffer.copyToChannel(Float32Array.from({ length: RATE * seconds }, (_, i) => signal(i / RATE)), 0);
  const source = context.createBufferSource();
  source.buffer = buffer;
  const taps = levelTaps(context, source);
  source.connect(context.destination);
  source.start();
  await context.startRendering();
  const last = (tap: AnalyserNode) => {
    const values = new Float32Array(tap.fftSize);
    tap.getFloatTimeDomainData(values);
    // The filter may ring a little below 0 after a sound ends, as the element reads it: never below 0.
    return Math.max(0, values.reduce((sum, value) => sum + value, 0) / values.length);
  };
  return { meanSquare: last(taps.meanSquare), clipped: last(taps.clipped) };
}

const sine = (amplitude: number, frequency = 440) => (t: number) => amplitude * Math.sin(2 * Math.PI * frequency * t);
const db = (meanSquare: number) => 10 * Math.log10(meanSquare);

describe('level measured on the audio thread', () => {
  it('gives the mean square of a tone (RMS within 0.5 dB) and no clipping', async () => {
    const loud = await measureOffline(sine(0.5));
    expect(db(loud.meanSquare)).to.be.closeTo(-9.03, 0.5);
    expect(loud.clipped).to.be.below(0.001);
    const quiet = await measureOffline(sine(0.01, 200));
    expect(db(quiet.meanSquare)).to.be.closeTo(-43.01, 0.5);
  });

  it('gives nothing for digital silence, and the level of faint noise above −70 dBFS', async () => {
    expect((await measureOffline(() => 0)).meanSquare).to.be.below(1e-9);
    const faint = await measureOffline(sine(0.001, 300));
    expect(db(faint.meanSquare)).to.be.within(-66, -60);
  });

  it('gives the share of samples at full scale', async () => {
    const square = await measureOffline((t) => (Math.floor(t * 400) % 2 ? -1 : 1));
    expect(square.clipped).to.be.closeTo(1, 0.05);
    // A sine that reaches full scale clips only at its tops: a small share, more than a single peak.
    const topped = await measureOffline((t) => Math.max(-1, Math.min(1, 1.2 * Math.sin(2 * Math.PI * 300 * t))));
    expect(topped.clipped).to.be.within(0.2, 0.5);
  });

  it('forgets a sound within a fifth of a second of its end', async () => {
    const ended = await measureOffline((t) => (t < 0.8 ? 0.5 * Math.sin(2 * Math.PI * 440 * t) : 0));
    expect(db(ended.meanSquare)).to.be.below(-50);
  });
});

/** Feeds `levels` in turn, a quarter second each; returns each change with the second (of input) it came at. */
function run(watch: LevelWatch, levels: Level[]): Array<[number, LevelChange]> {
  const heard: Array<[number, LevelChange]> = [];
  levels.forEach((level, i) => watch.feed(level, 0.25).forEach((change) => heard.push([(i + 1) / 4, change])));
  return heard;
}

/** A window at `rmsDb` (−Infinity: digital silence), with `clipped` of its samples at full scale. */
const at = (rmsDb: number, clipped = 0): Level => ({ meanSquare: rmsDb === -Infinity ? 0 : 10 ** (rmsDb / 10), clipped });
const repeat = (count: number, level: Level) => Array.from({ length: count }, () => level);
const settings = { silenceThreshold: -50 };
const silence = at(-Infinity);

describe('level watch', () => {
  it('says no-signal at 3 s of silence, not before, and signal when sound comes', () => {
    expect(run(new LevelWatch(settings), [...repeat(16, silence), at(-23)])).to.deep.equal([
      [3, 'no-signal'],
      [4.25, 'signal'],
    ]);
  });

  it('counts noise under −70 dBFS as no signal, and room noise above it as a signal', () => {
    expect(run(new LevelWatch(settings), repeat(12, at(-77)))).to.deep.equal([[3, 'no-signal']]);
    expect(run(new LevelWatch(settings), repeat(12, at(-63)))).to.deep.equal([]);
  });

  it('says clipping once the input keeps hitting full scale, not for a stray peak, and clears it after 3 s without', () => {
    // A click: 16 samples over full scale (as Chromium's fake microphone beeps), 0.3 % of the tenth of a second remembered.
    expect(run(new LevelWatch(settings), repeat(20, at(-9, 0.003))), 'a few samples at full scale').to.deep.equal([]);
    expect(run(new LevelWatch(settings), [...repeat(2, at(-3, 0.5)), ...repeat(6, at(-9))]), 'half a second of clipping').to.deep.equal([]);
    expect(run(new LevelWatch(settings), [...repeat(8, at(-3, 0.5)), ...repeat(16, at(-9))])).to.deep.equal([
      [0.75, 'clipping'],
      [5, 'clipping-cleared'],
    ]);
  });

  it('says silence once, N s after speech ends, and never without speech first', () => {
    const heard = run(new LevelWatch({ ...settings, stopAfterSilence: 1.5 }), [...repeat(4, at(-13)), ...repeat(12, silence)]);
    // Counted from the end of the first quiet window, which may still have held the end of the sound.
    expect(heard).to.deep.equal([[2.75, 'silence']]);
    expect(run(new LevelWatch({ ...settings, stopAfterSilence: 1.5 }), repeat(40, silence))).to.deep.equal([[3, 'no-signal']]);
  });

  it('does not take a click for speech, and starts the silence over when sound comes back', () => {
    // Louder than the threshold for one window only: not speech…
    expect(run(new LevelWatch({ ...settings, stopAfterSilence: 1 }), [at(-20), ...repeat(8, silence)])).to.deep.equal([]);
    // …speech, a pause shorter than N, speech again, then N of silence.
    const heard = run(new LevelWatch({ ...settings, stopAfterSilence: 1 }), [
      ...repeat(2, at(-13)),
      ...repeat(3, silence),
      ...repeat(2, at(-13)),
      ...repeat(5, silence),
    ]);
    expect(heard).to.deep.equal([[3, 'silence']]);
  });

  it('takes the threshold as set: at −20 dBFS, a tone at −23 dBFS is silence', () => {
    const watch = new LevelWatch({ silenceThreshold: -20, stopAfterSilence: 1 });
    expect(run(watch, [...repeat(4, at(-23)), ...repeat(8, silence)])).to.deep.equal([]);
  });
});
