// Frameworks set properties in the order they appear in a template: `recording` may come first.
import { expect } from '@open-wc/testing';
import { nextEvent, recorderFixture, sleep } from '../helpers.js';

describe('properties set in the same task as recording', () => {
  it('apply to that recording whatever their order', async () => {
    const el = await recorderFixture();
    const chunks: Blob[] = [];
    el.addEventListener('dataavailable', (event) => chunks.push(event.detail.data));
    const started = nextEvent(el, 'start');
    el.recording = true;
    el.timeslice = 200;
    el.mimeType = 'audio/webm';
    expect((await started).detail.mimeType).to.match(/^audio\/webm/);
    await sleep(900);
    await el.stop();
    expect(chunks.length).to.be.greaterThan(2);
  });
});
