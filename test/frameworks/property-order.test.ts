// Frameworks set properties in the order they appear in a template: `recording` may come first.
import { expect } from '@open-wc/testing';
import { inWebKit, nextEvent, recorderFixture } from '../helpers.js';

describe('properties set in the same task as recording', () => {
  it('apply to that recording whatever their order', async () => {
    // WebKit's recorder ignores timeslice: its header after about 0.25 s, then one fragment a second
    // at best. The time limit there is long enough for more than two chunks.
    const limit = inWebKit ? 2.5 : 1;
    const el = await recorderFixture();
    const chunks: Blob[] = [];
    el.addEventListener('dataavailable', (event) => chunks.push(event.detail.data));
    const stopped = nextEvent(el, 'stop');
    el.recording = true;
    el.timeslice = 200;
    el.maxDuration = limit;
    const { detail } = await stopped;
    expect(detail.reason).to.equal('max-duration');
    // A timer: it may fire late on a busy machine, never early.
    expect(detail.duration).to.be.within(limit - 0.05, limit + 1);
    // More than the one chunk at the end of a recording without timeslice (Firefox under load hands them over late).
    expect(chunks.length).to.be.greaterThan(1);
  });
});
