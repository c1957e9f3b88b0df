import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { MediaRecorderButton } from '../../src/index.js';
import { spyOnGetUserMedia } from '../helpers.js';

/** The HTML that `framework`'s own server renderer makes of the app in `module` (run in Node). */
export function serverRender(framework: 'react' | 'vue' | 'svelte' | 'preact', module: string): Promise<string> {
  return executeServerCommand<string, { framework: string; module: string }>('framework-ssr', { framework, module });
}

/** Collects every console error and warning until `restore()`. */
export function watchConsole() {
  const messages: string[] = [];
  const { error, warn } = console;
  console.error = (...args: unknown[]) => void messages.push(`error: ${args.map(String).join(' ')}`);
  console.warn = (...args: unknown[]) => void messages.push(`warn: ${args.map(String).join(' ')}`);
  const onError = (event: ErrorEvent) => void messages.push(`uncaught: ${event.message}`);
  window.addEventListener('error', onError);
  return {
    messages,
    restore() {
      Object.assign(console, { error, warn });
      window.removeEventListener('error', onError);
    },
  };
}

/** Puts server HTML in the page, the way a browser parses it, and waits until the element has upgraded and settled. */
export async function loadServerHtml(container: HTMLElement, markup: string): Promise<MediaRecorderButton> {
  container.setHTMLUnsafe(markup);
  const el = container.querySelector('media-recorder-button')!;
  await el.updateComplete;
  // Let the permission query answer too (its reflected attribute changes), as it may before a page hydrates.
  await new Promise((resolve) => setTimeout(resolve, 100));
  return el;
}

/** Clicks the element's own button, as a user does. */
export function clickRecordButton(el: MediaRecorderButton): void {
  el.shadowRoot!.querySelector('button')!.click();
}

/**
 * Records twice by clicking the element's button, as a user does, and checks that each take
 * reached the app: its status paragraph shows `Recording…` (the start handler) and then `Ready`,
 * and `recorded` (filled by the stop handler) grows by exactly one non-empty Blob per take.
 */
export async function recordTwiceByClicks(el: MediaRecorderButton, status: HTMLElement, recorded: Blob[], binding: string): Promise<void> {
  for (const take of [1, 2]) {
    clickRecordButton(el);
    await waitUntil(() => status.textContent === 'Recording…', `take ${take}: the start binding (${binding}) did not run`, { timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 800));
    clickRecordButton(el);
    await waitUntil(() => recorded.length === take, `take ${take}: the stop binding (${binding}) did not run`, { timeout: 5000 });
    await waitUntil(() => status.textContent === 'Ready', `take ${take}: the stop binding did not set the state`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(recorded.length, 'the stop binding ran once').to.equal(take);
    expect(recorded[take - 1].size).to.be.greaterThan(1000);
  }
}

/**
 * The page of a hydration test, made afresh around each test of the suite that calls this: a
 * container in the document, a spy on getUserMedia and a watch on the console. `unmount` lets the
 * framework take down what it hydrated, before the container goes.
 */
export function hydrationPage(unmount: (container: HTMLElement) => void) {
  const page = {
    container: null as unknown as HTMLElement,
    microphone: null as unknown as ReturnType<typeof spyOnGetUserMedia>,
    consoleWatch: null as unknown as ReturnType<typeof watchConsole>,
    /**
     * Records twice by clicks through the hydrated app (see `recordTwiceByClicks`), then checks that
     * the microphone was asked once a take and released, and that nothing was written to the console.
     */
    async recordsTwiceByClicks(el: MediaRecorderButton, recorded: Blob[], binding: string): Promise<void> {
      await recordTwiceByClicks(el, page.container.querySelector('p')!, recorded, binding);
      expect(page.microphone.calls).to.equal(2);
      expect(page.microphone.liveTracks()).to.deep.equal([]);
      expect(page.consoleWatch.messages).to.deep.equal([]);
    },
  };
  beforeEach(() => {
    page.container = document.createElement('div');
    document.body.append(page.container);
    page.microphone = spyOnGetUserMedia();
    page.consoleWatch = watchConsole();
  });
  afterEach(() => {
    page.consoleWatch.restore();
    page.microphone.restore();
    unmount(page.container);
    page.container.remove();
  });
  return page;
}
