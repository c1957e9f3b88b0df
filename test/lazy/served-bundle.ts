// Loads the no-build bundle as a page that self-hosts it would, with one of the files next to it
// missing or slow (see `distServed` in web-test-runner.config.mjs). Needs `npm run build` first.
// Test files that use it must not import the sources (test/helpers.ts does): the bundle registers the tag.
import type { MediaRecorderButton } from '../../src/index.js';

export function loadServedBundle(how: 'missing' | 'slow' | 'once', fragment: string, folder?: string): Promise<void> {
  const src = `/dist-served/${how}-${fragment}/${folder ? `${folder}/` : ''}media-recorder-button.bundle.js`;
  const script = Object.assign(document.createElement('script'), { type: 'module', src });
  return new Promise((resolve, reject) => {
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`cannot load ${src}: run \`npm run build\` first`));
    document.head.append(script);
  });
}

export const inWebKit = /AppleWebKit\//.test(navigator.userAgent) && !/Chrome\/|Chromium\/|Firefox\//.test(navigator.userAgent);

/** Whether the page has fetched a file whose URL contains `fragment`. */
export const fetched = (fragment: string) => performance.getEntriesByType('resource').some((entry) => entry.name.includes(fragment));

export async function addRecorder(html = '<media-recorder-button></media-recorder-button>'): Promise<MediaRecorderButton> {
  document.body.insertAdjacentHTML('beforeend', html);
  const el = document.body.lastElementChild as MediaRecorderButton;
  await customElements.whenDefined('media-recorder-button');
  await el.updateComplete;
  return el;
}

/** Collects console warnings until `restore()`. */
export function captureWarnings() {
  const warnings: string[] = [];
  const real = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
  return { warnings, restore: () => (console.warn = real) };
}
