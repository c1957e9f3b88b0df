// Size budget: the main entry with Lit, minified and gzipped (level 9), at most 12 KiB.
// Deterministic: the same esbuild build and zlib level every time.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BUDGET = 12 * 1024;
const gzipped = (text) => gzipSync(text, { level: 9 }).length;

test(`import 'media-recorder-button' with Lit: at most ${BUDGET} bytes minified and gzipped`, async () => {
  const result = await build({
    stdin: { contents: `import 'media-recorder-button';`, resolveDir: root },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2021',
    write: false,
    logLevel: 'error',
  });
  const size = gzipped(result.outputFiles[0].text);
  console.log(`main entry with Lit: ${size} bytes gzipped (budget ${BUDGET})`);
  assert.ok(size <= BUDGET, `${size} bytes gzipped is over the budget of ${BUDGET}`);
});

test(`the no-build bundle: at most ${BUDGET} bytes gzipped`, () => {
  const size = gzipped(readFileSync(`${root}dist/media-recorder-button.bundle.js`));
  console.log(`dist/media-recorder-button.bundle.js: ${size} bytes gzipped`);
  assert.ok(size <= BUDGET, `${size} bytes gzipped is over the budget of ${BUDGET}`);
});
