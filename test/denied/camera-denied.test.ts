import { expect, html } from '@open-wc/testing';
import { nextEvent, recorderFixture } from '../helpers.js';
import { preview, spyOnCapture } from '../video/video-helpers.js';

describe('camera permission denied (real browser prompt, answered no)', () => {
  it('reports NotAllowedError that says to allow the camera and the microphone, with nothing left open', async () => {
    const capture = spyOnCapture();
    try {
      const el = await recorderFixture(html`<media-recorder-button source="camera"></media-recorder-button>`);
      let events = 0;
      el.addEventListener('start', () => events++);
      el.addEventListener('stop', () => events++);
      const failed = nextEvent(el, 'error');
      const rejection = await el.start().catch((error: DOMException) => error);
      const { error } = (await failed).detail;
      expect(error.name).to.equal('NotAllowedError');
      expect(error.message).to.match(/^Camera or microphone access was denied\. Allow the camera and the microphone/);
      expect(rejection).to.equal(error);
      expect(events).to.equal(0);
      expect(capture.liveTracks()).to.have.length(0);
      await el.updateComplete;
      expect(el.state).to.equal('inactive');
      expect(preview(el)).to.be.null;
      expect(el.shadowRoot!.querySelector('[part=message]')!.textContent).to.match(/camera/i);
    } finally {
      capture.restore();
    }
  });
});
