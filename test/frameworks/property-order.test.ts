// Frameworks set properties in the order they appear in a template: `recording` may come first.
import { expect } from '@open-wc/testing';
import { inWebKit, nextEvent, recorderFixture } from '../helpers.js';

describe('properties set in the same task as recording', () => {
  it('apply to that recording whatever their order', async function () {
    // WebKit: its recorder ignores timeslice (a chunk after about 0.25 s, then about one a second),
    // until the element requests the data on its own clock.
    if (inWebKit) this.skip();
    const el = await recorderFixture();
    const chunks: Blob[] = [];
    el.addEventListener('dataavailable', (event) => chunks.push(event.detail.data));
    const stopped = nextEvent(el, 'stop');
    el.recording = true;
    el.timeslice = 200;
    el.maxDuration = 1;
    const { detail } = await stopped;
    expect(detail.reason).to.equal('max-duration');
    expect(chunks.length).to.be.greaterThan(2);
  });
});
