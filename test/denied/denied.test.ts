import { expect } from '@open-wc/testing';
import { recorderFixture } from '../helpers.js';

describe('denied smoke', () => {
  it('rejects', async () => {
    const el = await recorderFixture();
    let error: unknown;
    try { await el.start(); } catch (e) { error = e; }
    expect((error as DOMException).name).to.equal('NotAllowedError');
  });
});
