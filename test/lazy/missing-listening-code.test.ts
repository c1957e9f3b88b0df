// The listening code (warnings, stop on silence, changing microphone) is a file of its own next to the
// bundle. When it cannot be loaded, recordings are made and delivered as always, with a console warning.
import { expect, oneEvent } from '@open-wc/testing';
import type { MediaRecorderButtonEventMap } from '../../src/index.js';
import { addRecorder, captureWarnings, fetched, loadServedBundle } from './served-bundle.js';

describe('when the listening code cannot be loaded', () => {
  before(() => loadServedBundle('missing', 'listening'));

  it('records and delivers the recording, and says why there are no warnings', async () => {
    const console = captureWarnings();
    try {
      const el = await addRecorder('<media-recorder-button stop-after-silence="0.5"></media-recorder-button>');
      const stopped = oneEvent(el, 'stop') as Promise<MediaRecorderButtonEventMap['stop']>;
      await el.start();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(el.state).to.equal('recording');
      const blob = await el.stop();
      const { detail } = await stopped;
      expect(detail.blob).to.equal(blob);
      expect(detail.reason).to.equal('user');
      expect(blob!.size).to.be.greaterThan(0);
      expect(fetched('media-recorder-button.bundle-listening.js')).to.be.true;
      expect(console.warnings.filter((warning) => warning.includes('the code that listens to the microphone could not be loaded'))).to.have.length(1);
      el.remove();
    } finally {
      console.restore();
    }
  });
});
