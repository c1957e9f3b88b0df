// A touch on the element loads the recording code, before the click that follows it.
import { expect } from '@open-wc/testing';
import { recorderFixture, until } from '../helpers.js';

const recordingCodeLoaded = () =>
  performance.getEntriesByType('resource').some((entry) => entry.name.includes('/src/recording/recorder-controller'));

describe('loading the recording code on touch', () => {
  it('loads when a finger touches the element', async () => {
    const el = await recorderFixture();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(recordingCodeLoaded(), 'loaded while idle').to.be.false;
    el.shadowRoot!.querySelector('button')!.dispatchEvent(new Event('touchstart', { bubbles: true, composed: true }));
    await until(recordingCodeLoaded);
    expect(el.state).to.equal('inactive');
  });
});
