// The README's screen example, run as written (Chromium: its fake screen needs no picker).
import { expect } from '@open-wc/testing';
import type { MediaRecorderButton } from '../../src/index.js';
import { nextEvent, sleep } from '../helpers.js';
import { clickButton, loadVideo, readmeExample, runExample } from '../video/video-helpers.js';

describe('README: a screen walkthrough with narration', () => {
  it('records the screen from a click', async () => {
    const container = await runExample(await readmeExample('### A screen walkthrough with narration'));
    try {
      const recorder = container.querySelector<MediaRecorderButton>('media-recorder-button')!;
      await recorder.updateComplete;
      expect(recorder.source).to.equal('screen');
      const started = nextEvent(recorder, 'start');
      await clickButton(recorder);
      await started;
      await sleep(800);
      const stopped = nextEvent(recorder, 'stop');
      await clickButton(recorder);
      const { video, done } = await loadVideo((await stopped).detail.blob);
      expect(video.videoWidth).to.be.greaterThan(0);
      done();
    } finally {
      container.remove();
    }
  });
});
