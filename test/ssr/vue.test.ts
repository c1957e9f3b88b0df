// Vue 3 (what Nuxt does): the README's template rendered by vue/server-renderer, written into the
// page as `recording="false"`, then hydrated by createSSRApp with Vue's development build.
import { expect, waitUntil } from '@open-wc/testing';
import { createSSRApp, type App as VueApp } from 'vue';
import { sleep } from '../helpers.js';
import { hydrationPage, loadServerHtml, serverRender } from './ssr-helpers.js';
import { App } from './vue-app.js';

describe('Vue server rendering and hydration', () => {
  let app: VueApp | undefined;
  const page = hydrationPage(() => app?.unmount());

  function hydrate(props: Record<string, unknown> = {}) {
    app = createSSRApp(App, props);
    app.config.compilerOptions.isCustomElement = (tag) => tag === 'media-recorder-button';
    app.mount(page.container);
  }

  it("is Vue's development build, which reports a hydration mismatch", async () => {
    page.container.innerHTML = '<main><media-recorder-button max-duration="60"></media-recorder-button><p>Recording…</p></main>';
    hydrate();
    await waitUntil(() => page.consoleWatch.messages.length > 0, 'no hydration warning');
    expect(page.consoleWatch.messages.join('\n')).to.contain('Hydration');
  });

  it('hydrates recording="false": no microphone before a click, @start and @stop reached, no warning', async () => {
    const html = await serverRender('vue', 'test/ssr/vue-app.ts');
    expect(html).to.contain('<media-recorder-button recording="false" max-duration="60">');
    const el = await loadServerHtml(page.container, html);
    await sleep(300);
    expect(page.microphone.calls, 'getUserMedia before hydration').to.equal(0);

    const recorded: Blob[] = [];
    hydrate({ onRecorded: (blob: Blob) => recorded.push(blob) });
    expect(page.container.querySelector('media-recorder-button'), 'the server-rendered element is kept').to.equal(el);
    await sleep(300);
    expect(page.microphone.calls, 'getUserMedia before a click').to.equal(0);

    await page.recordsTwiceByClicks(el, recorded, 'Vue');
  });
});
