// The README's "Video and the screen" examples, run as written.
import { expect } from '@open-wc/testing';
import '../../src/index.js';
import type { MediaRecorderButton } from '../../src/index.js';
import { nextEvent, sleep, until } from '../helpers.js';
import { clickButton, readmeExample, runExample, skipWhereWebKitRecordsNoVideo } from './video-helpers.js';

describe('README: Video and the screen', () => {
  it('a video message from the camera: records and plays the clip', async function () {
    await skipWhereWebKitRecordsNoVideo(this);
    const container = await runExample(await readmeExample('### A video message from the camera'));
    try {
      const recorder = container.querySelector<MediaRecorderButton>('media-recorder-button')!;
      await recorder.updateComplete;
      const started = nextEvent(recorder, 'start');
      await clickButton(recorder);
      await started;
      await sleep(800);
      const stopped = nextEvent(recorder, 'stop');
      await clickButton(recorder);
      await stopped;
      const clip = container.querySelector<HTMLVideoElement>('#clip')!;
      expect(clip.hidden).to.be.false;
      await until(() => clip.readyState >= 1);
      expect(clip.videoWidth).to.equal(640);
    } finally {
      container.remove();
    }
  });
});
