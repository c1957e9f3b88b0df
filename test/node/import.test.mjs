// Importing the package in Node (server rendering in Next.js, Nuxt, Angular SSR, Astro) does not
// throw and touches no browser global. Imports the built package by its own name, through `exports`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs `code` as an ES module in a fresh Node without DOM globals, where code of the package (dist/)
 * that reads `window`, `document` or `navigator` throws. Lit's own guarded checks are let through.
 */
function runInPlainNode(code) {
  const traps = ['window', 'document', 'navigator']
    .map(
      (name) => `Object.defineProperty(globalThis, '${name}', { configurable: true, get() {
        const caller = new Error().stack.split('\\n')[2] ?? '';
        if (caller.includes(${JSON.stringify(`${root}dist/`)})) throw new Error('read ${name} ' + caller.trim());
      } });`,
    )
    .join('\n');
  return execFileSync(process.execPath, ['--input-type=module', '-e', `${traps}\n${code}`], { cwd: root, encoding: 'utf8' });
}

const entries = ['', '/element', '/react', '/react-jsx', '/vue', '/svelte'].map((subpath) => `media-recorder-button${subpath}`);
for (const entry of entries) {
  test(`import '${entry}' in plain Node`, () => {
    const output = runInPlainNode(`const m = await import('${entry}'); console.log(Object.keys(m).join(','));`);
    const typesOnly = /\/(react-jsx|vue|svelte)$/.test(entry);
    assert.equal(output.trim(), typesOnly ? '' : 'MediaRecorderButton');
  });
}

test('the main entry registers the tag (in Lit\'s server-side registry); /element does not', () => {
  const registered = `console.log(String(customElements.get('media-recorder-button')?.name));`;
  assert.equal(runInPlainNode(`await import('media-recorder-button');\n${registered}`).trim(), 'MediaRecorderButton');
  assert.equal(runInPlainNode(`await import('media-recorder-button/element');\n${registered}`).trim(), 'undefined');
});
