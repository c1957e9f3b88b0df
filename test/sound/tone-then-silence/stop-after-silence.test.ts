// The microphone here plays 2 s of a 440 Hz tone, then 6 s of silence, in a loop (see the
// chromium-tone-then-silence group).
import { expect, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { MediaRecorderButton } from '../../../src/index.js';
import { nextEvent, recorderFixture, until } from '../../helpers.js';

/** Seconds from the start of `blob` to the end of its last stretch of sound louder than −40 dBFS. */
async function endOfSound(blob: Blob): Promise<number> {
  const context = new OfflineAudioContext(1, 1, 48000);
  const sound = (await context.decodeAudioData(await blob.arrayBuffer())).getChannelData(0);
  const step = 480; // 10 ms
  let end = 0;
  for (let from = 0; from + step <= sound.length; from += step) {
    let sum = 0;
    for (let i = from; i < from + step; i++) sum += sound[i] * sound[i];
    if (Math.sqrt(sum / step) > 0.01) end = (from + step) / 48000;
  }
  return end;
}

async function recordUntilSilence(el: MediaRecorderButton) {
  const stopped = nextEvent(el, 'stop');
  await el.start();
  const { detail } = await stopped;
  const soundEnds = await endOfSound(detail.blob);
  return { detail, soundEnds };
}

describe('stop-after-silence', function () {
  // The tone may be 6 s away when the recording starts.
  this.timeout(40000);

  it('stops with reason silence between N and N + 1 s after the tone ends, never during it', async () => {
    const el = await recorderFixture(html`<media-recorder-button stop-after-silence="1.5"></media-recorder-button>`);
    const { detail, soundEnds } = await recordUntilSilence(el);
    expect(detail.reason).to.equal('silence');
    expect(soundEnds, 'the tone is in the recording').to.be.greaterThan(0.2);
    expect(detail.duration - soundEnds).to.be.within(1.5, 2.5);
    await el.updateComplete;
    expect(el.recording).to.be.false;
  });

  it('counts from the last sound at its own silence-threshold', async () => {
    // −5 dBFS: the tone (−13.5 dBFS RMS) is silence too, so no speech is ever heard and nothing stops it.
    const el = await recorderFixture(html`<media-recorder-button stop-after-silence="1" silence-threshold="-5"></media-recorder-button>`);
    await el.start();
    await new Promise((resolve) => setTimeout(resolve, 9000));
    expect(el.state).to.equal('recording');
    const stopped = nextEvent(el, 'stop');
    await el.stop();
    expect((await stopped).detail.reason).to.equal('user');
  });

  it('does not listen while paused: the tone and silence of a paused stretch stop nothing', async () => {
    const el = await recorderFixture(html`<media-recorder-button stop-after-silence="1.5"></media-recorder-button>`);
    await el.start();
    el.pause();
    // A whole loop of the microphone's file (8 s): a tone, then more silence than stop-after-silence.
    await new Promise((resolve) => setTimeout(resolve, 9000));
    expect(el.state).to.equal('paused');
    const stopped = nextEvent(el, 'stop');
    await el.stop();
    expect((await stopped).detail.reason).to.equal('user');
  });

  it('stops on silence while the page is hidden (another tab in front), reading on the audio clock', async () => {
    const el = await recorderFixture(html`<media-recorder-button stop-after-silence="1.5"></media-recorder-button>`);
    const stopped = nextEvent(el, 'stop');
    let framesWhileHidden = 0;
    // A hidden page's timers are slowed to once a second, and after five minutes to once a minute, too
    // late for a test to see: what it sees is that the reads come from source nodes on the audio clock.
    const makeSource = AudioContext.prototype.createConstantSource;
    let sourcesWhileHidden = 0;
    AudioContext.prototype.createConstantSource = function (this: AudioContext) {
      if (document.visibilityState === 'hidden') sourcesWhileHidden++;
      return makeSource.call(this);
    };
    await el.start();
    const hidden = (await executeServerCommand('hide-page')) as boolean;
    try {
      expect(hidden, 'another tab was brought to the front').to.be.true;
      await until(() => document.visibilityState === 'hidden', 5000);
      const countFrames = () => {
        if (document.visibilityState !== 'hidden') return;
        framesWhileHidden++;
        requestAnimationFrame(countFrames);
      };
      requestAnimationFrame(countFrames);
      const { detail } = await stopped;
      expect(document.visibilityState, 'still hidden when it stopped').to.equal('hidden');
      expect(detail.reason).to.equal('silence');
      const soundEnds = await endOfSound(detail.blob);
      expect(detail.duration - soundEnds).to.be.within(1.5, 2.5);
      expect(framesWhileHidden, 'no animation frames while hidden').to.be.below(2);
      // At least 1.5 s hidden at four reads a second; at the slowed timers' pace there would be none.
      expect(sourcesWhileHidden, 'reads on the audio clock while hidden').to.be.at.least(5);
    } finally {
      AudioContext.prototype.createConstantSource = makeSource;
      await executeServerCommand('show-page');
    }
  });
});
