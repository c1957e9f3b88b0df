// Svelte 5 (what SvelteKit does): the README's component rendered by svelte/server, written into the
// page as `recording="false"`, then hydrated by `hydrate` with a development build of the component.
import { expect } from '@open-wc/testing';
import { hydrate, unmount } from 'svelte';
import { sleep, spyOnGetUserMedia } from '../helpers.js';
import App from './App.svelte';
import { loadServerHtml, recordTwiceByClicks, serverRender, watchConsole } from './ssr-helpers.js';

describe('Svelte server rendering and hydration', () => {
  let container: HTMLElement;
  let app: ReturnType<typeof hydrate> | undefined;
  let microphone: ReturnType<typeof spyOnGetUserMedia>;
  let consoleWatch: ReturnType<typeof watchConsole>;

  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
    microphone = spyOnGetUserMedia();
    consoleWatch = watchConsole();
  });

  afterEach(() => {
    consoleWatch.restore();
    microphone.restore();
    if (app) unmount(app);
    container.remove();
  });

  it('warns when hydration fails (the console check below would see it)', async () => {
    container.innerHTML = '<!--[--><main><p>Server</p></main><!--]-->';
    app = hydrate(App, { target: container });
    expect(consoleWatch.messages.join('\n')).to.contain('Failed to hydrate');
  });

  it('hydrates recording="false": no microphone before a click, onstart and onstop reached, no warning', async () => {
    const html = await serverRender('svelte', 'test/ssr/App.svelte');
    expect(html).to.contain('<media-recorder-button recording="false" max-duration="60">');
    const el = await loadServerHtml(container, html);
    await sleep(300);
    expect(microphone.calls, 'getUserMedia before hydration').to.equal(0);

    const recorded: Blob[] = [];
    app = hydrate(App, { target: container, props: { onrecorded: (blob: Blob) => recorded.push(blob) } });
    expect(container.querySelector('media-recorder-button'), 'the server-rendered element is kept').to.equal(el);
    await sleep(300);
    expect(microphone.calls, 'getUserMedia before a click').to.equal(0);

    await recordTwiceByClicks(el, container.querySelector('p')!, recorded, 'Svelte');
    expect(microphone.calls).to.equal(2);
    expect(microphone.liveTracks()).to.deep.equal([]);
    expect(consoleWatch.messages).to.deep.equal([]);
  });
});
