// Svelte 5 (what SvelteKit does): the README's component rendered by svelte/server, written into the
// page as `recording="false"`, then hydrated by `hydrate` with a development build of the component.
import { expect } from '@open-wc/testing';
import { hydrate, unmount } from 'svelte';
import { sleep } from '../helpers.js';
import App from './App.svelte';
import { hydrationPage, loadServerHtml, serverRender } from './ssr-helpers.js';

describe('Svelte server rendering and hydration', () => {
  let app: ReturnType<typeof hydrate> | undefined;
  const page = hydrationPage(() => app && unmount(app));

  it('warns when hydration fails (the console check below would see it)', async () => {
    page.container.innerHTML = '<!--[--><main><p>Server</p></main><!--]-->';
    app = hydrate(App, { target: page.container });
    expect(page.consoleWatch.messages.join('\n')).to.contain('Failed to hydrate');
  });

  it('hydrates recording="false": no microphone before a click, onstart and onstop reached, no warning', async () => {
    const html = await serverRender('svelte', 'test/ssr/App.svelte');
    expect(html).to.contain('<media-recorder-button recording="false" max-duration="60">');
    const el = await loadServerHtml(page.container, html);
    await sleep(300);
    expect(page.microphone.calls, 'getUserMedia before hydration').to.equal(0);

    const recorded: Blob[] = [];
    app = hydrate(App, { target: page.container, props: { onrecorded: (blob: Blob) => recorded.push(blob) } });
    expect(page.container.querySelector('media-recorder-button'), 'the server-rendered element is kept').to.equal(el);
    await sleep(300);
    expect(page.microphone.calls, 'getUserMedia before a click').to.equal(0);

    await page.recordsTwiceByClicks(el, recorded, 'Svelte');
  });
});
