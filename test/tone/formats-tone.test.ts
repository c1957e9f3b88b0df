// The microphone here plays a continuous 1 kHz tone (see the chromium-tone group): a WAV at any rate
// keeps it at 1 kHz.
import { expect, html } from '@open-wc/testing';
import { dominantFrequency } from '../audio-analysis.js';
import { nextEvent, recorderFixture, sleep } from '../helpers.js';

describe('format="wav" with a 1 kHz tone at the microphone', () => {
  for (const rate of [8000, 16000, 44100, 48000]) {
    it(`keeps it at 1 kHz at sample-rate="${rate}"`, async () => {
      const el = await recorderFixture(html`<media-recorder-button format="wav" sample-rate=${rate}></media-recorder-button>`);
      const stopped = nextEvent(el, 'stop');
      await el.start();
      await sleep(1500);
      await el.stop();
      const { blob } = (await stopped).detail;
      const samples = new Int16Array(await blob.slice(44).arrayBuffer());
      const sound = Float32Array.from(samples, (sample) => sample / 32768);
      expect(new DataView(await blob.slice(24, 28).arrayBuffer()).getUint32(0, true)).to.equal(rate);
      // From a quarter second in: the start of a fake microphone's file may be cut anywhere.
      expect(dominantFrequency(sound.subarray(rate / 4), rate)).to.be.closeTo(1000, 2);
    });
  }
});
