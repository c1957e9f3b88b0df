// The upload code (and tus-js-client) is a file of its own next to the bundle. When it cannot be
// loaded, the recording is made and delivered as always, and an `error` says it is not uploaded.
import { expect, oneEvent } from '@open-wc/testing';
import type { MediaRecorderButtonEventMap } from '../../src/index.js';
import { addRecorder, fetched, loadServedBundle } from './served-bundle.js';

describe('when the upload code cannot be loaded', () => {
  before(() => loadServedBundle('missing', 'bundle-upload'));

  it('records and delivers the recording, and reports that it is not uploaded', async () => {
    const el = await addRecorder('<media-recorder-button upload-url="http://127.0.0.1:9/files/"></media-recorder-button>');
    const failed = oneEvent(el, 'error') as Promise<MediaRecorderButtonEventMap['error']>;
    const stopped = oneEvent(el, 'stop') as Promise<MediaRecorderButtonEventMap['stop']>;
    await el.start();
    const { detail } = await failed;
    expect(detail.error.name).to.equal('NetworkError');
    expect(detail.error.message).to.match(/upload code could not be loaded/);
    expect(el.state).to.equal('recording');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const blob = await el.stop();
    expect((await stopped).detail.blob).to.equal(blob);
    expect(blob!.size).to.be.greaterThan(0);
    expect(fetched('media-recorder-button.bundle-upload.js')).to.be.true;
    el.remove();
  });
});
