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
  it('registers the element from one script tag; attributes work and it records', async () => {
    // WebKit's recorder ignores timeslice: its header after about 0.25 s, then one fragment a second
    // at best. The time limit there is long enough for more than two chunks.
    const limit = inWebKit ? 2.5 : 1;
    document.body.insertAdjacentHTML('beforeend', `<media-recorder-button max-duration="${limit}" timeslice="250"></media-recorder-button>`);
    const el = document.body.lastElementChild as MediaRecorderButton;
    await loadScript('/dist/media-recorder-button.bundle.js');
    expect(customElements.get('media-recorder-button')).to.exist;
    await el.updateComplete;
    expect(el.maxDuration, 'number attribute converted').to.equal(limit);

    const chunks: Blob[] = [];
    el.addEventListener('dataavailable', (event) => chunks.push(event.detail.data));
    const stopped = oneEvent(el, 'stop') as Promise<MediaRecorderButtonEventMap['stop']>;
    el.shadowRoot!.querySelector('button')!.click();
    const { detail } = await stopped;
    expect(detail.reason).to.equal('max-duration');
    expect(detail.duration).to.be.within(limit - 0.1, limit + 0.3);
    expect(detail.blob.size).to.be.greaterThan(1000);
    // Without the timeslice there would be one chunk at the end. A busy machine slows Firefox's
    // timeslice timer (2 chunks in 1 s seen with two test runs at once), so no more is asked.
    expect(chunks.length, 'the timeslice attribute: chunks while recording').to.be.at.least(2);
    expect(el.hasAttribute('recording')).to.be.false;
    el.remove();
  });
});
