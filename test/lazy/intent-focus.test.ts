// Moving the keyboard focus to the button loads the recording code, before Enter or Space.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { recorderFixture, until } from '../helpers.js';

const recordingCodeLoaded = () =>
  performance.getEntriesByType('resource').some((entry) => entry.name.includes('/src/recording/recorder-controller'));

describe('loading the recording code on focus', () => {
  it('loads when the button gets the keyboard focus', async () => {
    const el = await recorderFixture();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(recordingCodeLoaded(), 'loaded while idle').to.be.false;
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('button');
    await until(recordingCodeLoaded);
    expect(el.state).to.equal('inactive');
  });
});
