// Markup rendered on the server by @lit-labs/ssr, put in the page, then hydrated: Lit adopts the
// declarative shadow root instead of rendering again, and the element records.
// The hydration support must load before Lit's LitElement: first import.
import '@lit-labs/ssr-client/lit-element-hydrate-support.js';
import { expect, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { MediaRecorderButton, MediaRecorderButtonEventMap } from '../../src/index.js';

// Not from ../helpers.js: that module defines the element on import.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const nextEvent = <K extends keyof MediaRecorderButtonEventMap>(target: EventTarget, type: K) =>
  oneEvent(target, type) as Promise<MediaRecorderButtonEventMap[K]>;

describe('server rendering and hydration', () => {
  it('hydrates @lit-labs/ssr markup in place and records', async () => {
    const markup = await executeServerCommand<string, { html: string }>('ssr-render', {
      html: '<form><media-recorder-button name="memo" timeslice="250"></media-recorder-button></form>',
    });
    expect(markup).to.contain('shadowrootmode="open"');
    for (const part of ['button', 'icon', 'label', 'waveform', 'time']) expect(markup).to.contain(`part="${part}"`);

    const container = document.createElement('div');
    container.setHTMLUnsafe(markup); // parses the declarative shadow roots
    document.body.append(container);
    const el = container.querySelector('media-recorder-button') as MediaRecorderButton;
    const button = el.shadowRoot!.querySelector('button')!;
    const label = el.shadowRoot!.querySelector('[part=label]')!;
    expect(customElements.get('media-recorder-button'), 'not defined before the script loads').to.be.undefined;
    expect(label.textContent).to.equal('Start recording');

    await import('../../src/index.js');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('button'), 'the server-rendered button is kept').to.equal(button);
    expect(el.timeslice).to.equal(250);

    const started = nextEvent(el, 'start');
    button.click();
    await started;
    await el.updateComplete;
    expect(label.textContent, 'bindings attached to the server-rendered nodes').to.equal('Stop recording');
    await sleep(1000);
    const stopped = nextEvent(el, 'stop');
    button.click();
    const { detail } = await stopped;
    expect(detail.reason).to.equal('user');
    expect(detail.blob.size).to.be.greaterThan(1000);
    expect(detail.duration).to.be.at.least(0.95);
    expect(new FormData(container.querySelector('form')!).get('memo')).to.be.instanceOf(File);
    container.remove();
  });
});
