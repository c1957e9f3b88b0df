// Idle elements load no recording code; the pointer over one loads it, before any click.
import { expect, html } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import { recorderFixture, until } from '../helpers.js';

const recordingCodeLoaded = () =>
  performance.getEntriesByType('resource').some((entry) => entry.name.includes('/src/recording/recorder-controller'));

describe('loading the recording code on intent', () => {
  it('loads nothing for idle elements, then loads on pointer over one', async () => {
    const el = await recorderFixture(html`<media-recorder-button></media-recorder-button>`);
    for (let i = 0; i < 9; i++) document.body.append(document.createElement('media-recorder-button'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(recordingCodeLoaded(), 'loaded while idle').to.be.false;
    expect(el.state).to.equal('inactive');

    const box = el.getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(box.x + 5), Math.round(box.y + box.height / 2)] });
    await until(recordingCodeLoaded);
    expect(el.state, 'loading is not recording').to.equal('inactive');
    expect(el.recording).to.be.false;
    document.querySelectorAll('media-recorder-button').forEach((other) => other !== el && other.remove());
  });
});
