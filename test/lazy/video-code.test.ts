// The camera and screen code loads only for an element whose source asks for it: never for the
// microphone, and on intent (before the click) for a camera or screen element.
import { expect, html } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import { recorderFixture, sleep, until } from '../helpers.js';

const videoCodeLoaded = () => performance.getEntriesByType('resource').some((entry) => entry.name.includes('/src/recording/video/'));

describe('loading the camera and screen code', () => {
  it('loads none of it for a microphone recording, and loads it on intent for a camera element', async () => {
    const microphone = await recorderFixture(html`<media-recorder-button></media-recorder-button>`);
    await microphone.start();
    await sleep(300);
    await microphone.stop();
    await sleep(100);
    expect(videoCodeLoaded(), 'loaded for the microphone').to.be.false;

    const camera = await recorderFixture(html`<media-recorder-button source="camera"></media-recorder-button>`);
    expect(videoCodeLoaded(), 'loaded while idle').to.be.false;
    const box = camera.getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(box.x + 5), Math.round(box.y + box.height / 2)] });
    await until(videoCodeLoaded);
    expect(camera.state, 'loading is not recording').to.equal('inactive');
  });
});
