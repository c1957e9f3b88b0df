// A recording code file that fails to load once (a network hiccup) is not given up on: the next
// start loads it again and records.
import { expect, oneEvent } from '@open-wc/testing';
import type { MediaRecorderButtonEventMap } from '../../src/index.js';
import { addRecorder, inWebKit, loadServedBundle } from './served-bundle.js';

describe('when the recording code fails to load once', () => {
  // A folder of this page's own: the server refuses each path once, whichever browser asks.
  before(() => loadServedBundle('once', 'bundle-recording', `page-${Date.now()}-${Math.random().toString(36).slice(2)}`));

  it('loads it again on the next start, and records', async function () {
    // Chromium and Firefox keep a failed module fetch in their module map: import() of the same URL
    // fails again without a request until the page is reloaded, which the error message asks for.
    if (!inWebKit) this.skip();
    const el = await addRecorder();
    const failed = oneEvent(el, 'error') as Promise<MediaRecorderButtonEventMap['error']>;
    const first = await el.start().then(
      () => null,
      (error: DOMException) => error,
    );
    expect(first?.name).to.equal('NetworkError');
    expect((await failed).detail.error).to.equal(first);
    const stopped = oneEvent(el, 'stop') as Promise<MediaRecorderButtonEventMap['stop']>;
    await el.start();
    expect(el.state).to.equal('recording');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const blob = await el.stop();
    expect(blob!.size).to.be.greaterThan(0);
    expect((await stopped).detail.reason).to.equal('user');
  });
});
