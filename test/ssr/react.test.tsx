// React 19: the README's component rendered by react-dom/server, then hydrated by hydrateRoot with
// React's development build, which reports every hydration mismatch.
import { expect, waitUntil } from '@open-wc/testing';
import { version } from 'react';
import { hydrateRoot, type Root } from 'react-dom/client';
import { sleep } from '../helpers.js';
import { App } from './react-app.js';
import { hydrationPage, loadServerHtml, serverRender } from './ssr-helpers.js';

describe('React 19 server rendering and hydration', () => {
  let root: Root | undefined;
  const page = hydrationPage(() => root?.unmount());

  it("is React 19's development build, which reports an attribute that differs from the server's", async () => {
    expect(version).to.match(/^19\./);
    page.container.innerHTML = '<p title="server">Hello</p>';
    root = hydrateRoot(page.container, <p title="client">Hello</p>);
    await waitUntil(() => page.consoleWatch.messages.length > 0, 'no hydration warning');
    expect(page.consoleWatch.messages[0]).to.contain("didn't match the client properties");
  });

  it('hydrates the README component: no microphone before a click, onstart and onstop reached, no warning', async () => {
    const html = await serverRender('react', 'test/ssr/react-app.tsx');
    expect(html).to.contain('<media-recorder-button max-duration="120">');
    const el = await loadServerHtml(page.container, html);

    const recorded: Blob[] = [];
    let hydrated = false;
    root = hydrateRoot(page.container, <App onRecorded={(blob) => recorded.push(blob)} onHydrated={() => (hydrated = true)} />, {
      onRecoverableError: (error) => page.consoleWatch.messages.push(`recoverable: ${error}`),
    });
    await waitUntil(() => hydrated, 'not hydrated');
    expect(page.container.querySelector('media-recorder-button'), 'the server-rendered element is kept').to.equal(el);
    await sleep(300);
    expect(page.microphone.calls, 'getUserMedia before a click').to.equal(0);

    await page.recordsTwiceByClicks(el, recorded, 'React');
  });
});

