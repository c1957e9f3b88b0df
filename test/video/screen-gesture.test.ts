// Chromium and Firefox: the screen picker needs a user gesture. (Chromium's fake picker would
// open without one; real browsers refuse.)
import { expect, html } from '@open-wc/testing';
import { nextEvent, recorderFixture, until } from '../helpers.js';
import { preview, spyOnCapture } from './video-helpers.js';

describe('source="screen" without a user gesture', () => {
  it('fails with a clear error when started without a user gesture, leaving nothing open', async () => {
    // No click for a while: the page has no user activation.
    const activation = (navigator as Navigator & { userActivation?: { isActive: boolean } }).userActivation;
    await until(() => !activation?.isActive, 10000);
    const spy = spyOnCapture();
    const el = await recorderFixture(html`<media-recorder-button source="screen"></media-recorder-button>`);
    let events = 0;
    el.addEventListener('start', () => events++);
    el.addEventListener('stop', () => events++);
    const failed = nextEvent(el, 'error');
    const error = await el.start().then(
      () => null,
      (reason: DOMException) => reason,
    );
    expect(error?.name).to.equal('InvalidStateError');
    expect(error?.message).to.match(/click/);
    expect((await failed).detail.error).to.equal(error);
    expect(events).to.equal(0);
    expect(spy.userMedia, 'no microphone asked for').to.have.length(0);
    expect(spy.displayMedia, 'no picker opened').to.have.length(0);
    expect(spy.liveTracks()).to.have.length(0);
    spy.restore();
    await el.updateComplete;
    expect(el.state).to.equal('inactive');
    expect(preview(el)).to.be.null;
    expect(el.shadowRoot!.querySelector('[part=message]')!.textContent).to.match(/click/);
  });
});
