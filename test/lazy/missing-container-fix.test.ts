// The duration fixes (WebM, MP4) are files of their own next to the bundle. When the one a
// recording needs cannot be loaded, the recording is still delivered (as the browser wrote it),
// with one console warning, and the element goes on working.
import { expect, oneEvent } from '@open-wc/testing';
import type { MediaRecorderButtonEventMap } from '../../src/index.js';
import { addRecorder, captureWarnings, fetched, loadServedBundle } from './served-bundle.js';

describe('when the duration fix cannot be loaded', () => {
  // Both fixes, and not the chunk that spells durations in words (bundle-spoken-duration.js).
  before(() => loadServedBundle('missing', 'webm-duration+mp4-duration'));

  it('delivers every recording unfixed, warns, and stays usable', async () => {
    const console = captureWarnings();
    try {
      // WebM where the browser records it (Firefox would choose Ogg, which needs no fix); WebKit records MP4.
      const el = await addRecorder('<media-recorder-button timeslice="250" mime-type="audio/webm;codecs=opus"></media-recorder-button>');
      for (let take = 1; take <= 2; take++) {
        const chunks: Blob[] = [];
        const collect = (event: MediaRecorderButtonEventMap['dataavailable']) => chunks.push(event.detail.data);
        el.addEventListener('dataavailable', collect);
        const stopped = oneEvent(el, 'stop') as Promise<MediaRecorderButtonEventMap['stop']>;
        await el.start();
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const blob = await el.stop();
        const { detail } = await stopped;
        el.removeEventListener('dataavailable', collect);
        expect(blob, `take ${take}`).to.equal(detail.blob);
        expect(detail.mimeType).to.match(/^audio\/(webm|mp4)/);
        expect(detail.reason).to.equal('user');
        // Unfixed: exactly the bytes the browser wrote.
        expect(blob!.size).to.equal(chunks.reduce((total, chunk) => total + chunk.size, 0));
        expect(blob!.size).to.be.greaterThan(1000);
        expect(el.blob).to.equal(blob);
        await el.updateComplete;
        expect(el.state).to.equal('inactive');
      }
      expect(fetched('media-recorder-button.bundle-webm-duration.js') || fetched('media-recorder-button.bundle-mp4-duration.js')).to.be.true;
      const fixWarnings = console.warnings.filter((warning) => warning.includes('duration fix'));
      expect(fixWarnings).to.have.length(1);
    } finally {
      console.restore();
    }
  });
});
