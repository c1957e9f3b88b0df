// The review code is a file of its own next to the bundle. When it cannot be loaded, recordings are
// made, delivered and held as always, without being shown for review, with one console warning.
import { expect, oneEvent } from '@open-wc/testing';
import type { MediaRecorderButtonEventMap } from '../../src/index.js';
import { captureWarnings, fetched, loadServedBundle } from './served-bundle.js';

describe('when the review code cannot be loaded', () => {
  before(() => loadServedBundle('missing', 'review'));

  it('records and holds the recording as without review, and warns once', async () => {
    const console = captureWarnings();
    try {
      const form = document.createElement('form');
      document.body.append(form);
      form.innerHTML = '<media-recorder-button review name="answer"></media-recorder-button>';
      const el = form.querySelector('media-recorder-button')!;
      await customElements.whenDefined('media-recorder-button');
      await el.updateComplete;
      const stopped = oneEvent(el, 'stop') as Promise<MediaRecorderButtonEventMap['stop']>;
      await el.start();
      await new Promise((resolve) => setTimeout(resolve, 800));
      const blob = await el.stop();
      expect((await stopped).detail.blob).to.equal(blob);
      expect(blob!.size).to.be.greaterThan(0);
      expect((new FormData(form).get('answer') as File).size).to.equal(blob!.size);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part=play]'), 'no review').to.equal(null);
      expect(el.shadowRoot!.querySelector('[part=label]')!.textContent).to.equal('Start recording');
      expect(fetched('media-recorder-button.bundle-review.js')).to.be.true;
      expect(console.warnings.filter((warning) => warning.includes('review: the code that shows a recording could not be loaded'))).to.have.length(1);
      form.remove();
    } finally {
      console.restore();
    }
  });
});
