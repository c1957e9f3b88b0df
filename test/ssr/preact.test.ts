// Preact: the element used like in React 19 (properties, lowercase `on<event>` props) rendered by
// preact-render-to-string, then hydrated by Preact's `hydrate`.
import { expect, waitUntil } from '@open-wc/testing';
import { h, hydrate, render } from 'preact';
import { sleep } from '../helpers.js';
import { App } from './preact-app.js';
import { hydrationPage, loadServerHtml, serverRender } from './ssr-helpers.js';

describe('Preact server rendering and hydration', () => {
  const page = hydrationPage((container) => render(null, container));

  it('hydrates: no microphone before a click, onstart and onstop reached, no warning', async () => {
    const html = await serverRender('preact', 'test/ssr/preact-app.ts');
    expect(html).to.contain('<media-recorder-button max-duration="60">');
    const el = await loadServerHtml(page.container, html);

    const recorded: Blob[] = [];
    let hydrated = false;
    hydrate(h(App, { onRecorded: (blob: Blob) => recorded.push(blob), onHydrated: () => (hydrated = true) }), page.container);
    await waitUntil(() => hydrated, 'not hydrated');
    expect(page.container.querySelector('media-recorder-button'), 'the server-rendered element is kept').to.equal(el);
    await sleep(300);
    expect(page.microphone.calls, 'getUserMedia before a click').to.equal(0);

    await page.recordsTwiceByClicks(el, recorded, 'Preact');
  });

  it('renders on the client alone: recording={true} starts, onstop gets the Blob', async () => {
    const recorded: Blob[] = [];
    const Recorder = ({ recording }: { recording: boolean }) =>
      h('media-recorder-button', { recording, onstop: (event: CustomEvent<{ blob: Blob }>) => recorded.push(event.detail.blob) });
    render(h(Recorder, { recording: true }), page.container);
    const el = page.container.querySelector('media-recorder-button')!;
    await waitUntil(() => el.state === 'recording', 'recording={true} did not start', { timeout: 5000 });
    await sleep(800);
    render(h(Recorder, { recording: false }), page.container);
    await waitUntil(() => recorded.length === 1, 'onstop not reached', { timeout: 5000 });
    expect(recorded[0].size).to.be.greaterThan(1000);
  });
});
