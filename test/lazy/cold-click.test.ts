// A click on an element whose recording code has not arrived yet still records: the code is
// fetched after the click (here it takes 500 ms), and the microphone is asked for while the
// click's user activation still holds, as Safari and getDisplayMedia require.
import { expect, oneEvent } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import type { MediaRecorderButtonEventMap } from '../../src/index.js';
import { addRecorder, fetched, loadServedBundle } from './served-bundle.js';

describe('a click before the recording code has loaded', () => {
  before(() => loadServedBundle('slow', 'bundle-recording'));

  it('records, asking for the microphone within the click’s activation', async () => {
    const el = await addRecorder('<media-recorder-button max-duration="1"></media-recorder-button>');
    expect(fetched('media-recorder-button.bundle-recording.js'), 'nothing loaded while idle').to.be.false;

    const activation = (navigator as Navigator & { userActivation?: { isActive: boolean } }).userActivation;
    const mediaDevices = navigator.mediaDevices;
    const getUserMedia = mediaDevices.getUserMedia;
    const activeWhenAsked: boolean[] = [];
    mediaDevices.getUserMedia = (constraints) => {
      activeWhenAsked.push(activation?.isActive ?? true);
      return getUserMedia.call(mediaDevices, constraints);
    };
    let loadedAtClick: boolean | undefined;
    document.addEventListener('click', () => (loadedAtClick = fetched('media-recorder-button.bundle-recording.js')), { capture: true, once: true });
    try {
      const stopped = oneEvent(el, 'stop') as Promise<MediaRecorderButtonEventMap['stop']>;
      const box = el.shadowRoot!.querySelector('button')!.getBoundingClientRect();
      await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
      const { detail } = await stopped;
      expect(loadedAtClick, 'the click came before the recording code').to.be.false;
      expect(activeWhenAsked).to.deep.equal([true]);
      expect(detail.reason).to.equal('max-duration');
      expect(detail.blob.size).to.be.greaterThan(1000);
    } finally {
      mediaDevices.getUserMedia = getUserMedia;
    }
  });
});
