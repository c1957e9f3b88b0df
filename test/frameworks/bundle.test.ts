// The single-file build for pages without a build step: one <script type="module">, then the tag.
// Needs `npm run build` first (`npm test` builds).
import { expect, oneEvent } from '@open-wc/testing';
import type { MediaRecorderButton, MediaRecorderButtonEventMap } from '../../src/index.js';

// Not from ../helpers.js, which registers the element from the sources.
const inWebKit = /AppleWebKit\//.test(navigator.userAgent) && !/Chrome\/|Chromium\/|Firefox\//.test(navigator.userAgent);

function loadScript(src: string): Promise<void> {
  const script = Object.assign(document.createElement('script'), { type: 'module', src });
  return new Promise((resolve, reject) => {
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`cannot load ${src}: run \`npm run build\` first`));
    document.head.append(script);
  });
}

describe('dist/media-recorder-button.bundle.js', () => {
  it('registers the element from one script tag; attributes work and it records', async function () {
    // WebKit: its recorder ignores timeslice (a chunk after about 0.25 s, then about one a second),
    // until the element requests the data on its own clock.
    if (inWebKit) this.skip();
    document.body.insertAdjacentHTML('beforeend', '<media-recorder-button max-duration="1" timeslice="250"></media-recorder-button>');
    const el = document.body.lastElementChild as MediaRecorderButton;
    await loadScript('/dist/media-recorder-button.bundle.js');
    expect(customElements.get('media-recorder-button')).to.exist;
    await el.updateComplete;
    expect(el.maxDuration, 'number attribute converted').to.equal(1);

    const chunks: Blob[] = [];
    el.addEventListener('dataavailable', (event) => chunks.push(event.detail.data));
    const stopped = oneEvent(el, 'stop') as Promise<MediaRecorderButtonEventMap['stop']>;
    el.shadowRoot!.querySelector('button')!.click();
    const { detail } = await stopped;
    expect(detail.reason).to.equal('max-duration');
    expect(detail.duration).to.be.within(0.9, 1.3);
    expect(detail.blob.size).to.be.greaterThan(1000);
    expect(chunks.length).to.be.greaterThan(2);
    expect(el.hasAttribute('recording')).to.be.false;
    el.remove();
  });
});
