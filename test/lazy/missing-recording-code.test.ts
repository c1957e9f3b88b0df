// The recording code is a file of its own next to the bundle. When it cannot be loaded (not
// copied, a network or CDN failure, a Content-Security-Policy), starting fails with an error that
// names the file, nothing hangs, and the element is ready to try again.
import { expect, oneEvent } from '@open-wc/testing';
import type { MediaRecorderButtonEventMap } from '../../src/index.js';
import { addRecorder, fetched, inWebKit, loadServedBundle } from './served-bundle.js';

describe('when the recording code cannot be loaded', () => {
  before(() => loadServedBundle('missing', 'bundle-recording'));

  it('start() rejects with a NetworkError naming the file, an error event says so, and the element is inactive again', async () => {
    const el = await addRecorder();
    const failed = oneEvent(el, 'error') as Promise<MediaRecorderButtonEventMap['error']>;
    const starts: Event[] = [];
    el.addEventListener('start', (event) => starts.push(event));
    el.addEventListener('stop', (event) => starts.push(event));

    const error = await el.start().then(
      () => null,
      (error: DOMException) => error,
    );
    expect(error?.name).to.equal('NetworkError');
    expect(error?.message).to.contain('The recording code could not be loaded');
    // WebKit's own error for a failed import does not name the file ("Importing a module script failed.").
    if (!inWebKit) expect(error?.message).to.contain('media-recorder-button.bundle-recording.js');
    const { detail } = await failed;
    expect(detail.error).to.equal(error);
    await el.updateComplete;
    expect(el.state).to.equal('inactive');
    expect(el.recording).to.be.false;
    expect(el.hasAttribute('recording')).to.be.false;
    expect(el.getAttribute('state')).to.equal('inactive');
    expect(starts).to.deep.equal([]);
    expect(el.shadowRoot!.querySelector('[part=message]')!.textContent).to.contain('could not be loaded');
    expect(fetched('media-recorder-button.bundle-recording.js')).to.be.true;
  });

  it('tries again on the next start, and the button and attribute paths fail the same way', async () => {
    const el = await addRecorder();
    const errors: string[] = [];
    el.addEventListener('error', (event) => errors.push(event.detail.error.name));
    el.shadowRoot!.querySelector('button')!.click();
    await oneEvent(el, 'error');
    el.recording = true;
    await oneEvent(el, 'error');
    expect(errors).to.deep.equal(['NetworkError', 'NetworkError']);
    await el.updateComplete;
    expect(el.state).to.equal('inactive');
    expect(await el.stop()).to.be.null;
  });
});
