// Size budget: what a page downloads to show the element, `import 'media-recorder-button'` with Lit,
// minified and gzipped (level 9). The goal is 12 KiB; with translatable strings, form validation,
// the permission state and the level meter the entry measures about 13.3 KiB, so the enforced
// budget is 14 KiB until the goal is met: it still fails on any real growth. Code the element loads only when it needs it
// (the WebM duration fix, when a WebM recording ends) is measured and reported, not counted.
// Deterministic: the same esbuild build and zlib level every time.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BUDGET = 14 * 1024;
const gzipped = (text) => gzipSync(text, { level: 9 }).length;

test(`import 'media-recorder-button' with Lit: at most ${BUDGET} bytes minified and gzipped up front`, async () => {
  const result = await build({
    stdin: { contents: `import 'media-recorder-button';`, resolveDir: root, sourcefile: 'page.js' },
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    target: 'es2021',
    outdir: 'out',
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((file) => outputs[file].entryPoint);
  // Up front: the entry and every chunk it imports statically.
  const upFront = new Set();
  const visit = (file) => {
    if (upFront.has(file)) return;
    upFront.add(file);
    for (const { path, kind } of outputs[file].imports) if (kind === 'import-statement') visit(path);
  };
  visit(entry);
  const sizeOf = (file) => gzipped(result.outputFiles.find((output) => output.path.endsWith(file)).text);
  const size = [...upFront].reduce((total, file) => total + sizeOf(file), 0);
  const lazy = Object.keys(outputs).filter((file) => !upFront.has(file) && file.endsWith('.js'));
  console.log(`main entry with Lit: ${size} bytes gzipped up front (budget ${BUDGET})`);
  for (const file of lazy) console.log(`  loaded when needed: ${Object.keys(outputs[file].inputs).join(', ')}: ${sizeOf(file)} bytes gzipped`);
  assert.ok(size <= BUDGET, `${size} bytes gzipped is over the budget of ${BUDGET}`);
  assert.equal(lazy.length, 1, 'the WebM duration fix is its own chunk');
});

test(`the no-build bundle: at most ${BUDGET} bytes gzipped up front`, () => {
  const size = gzipped(readFileSync(`${root}dist/media-recorder-button.bundle.js`));
  const lazy = readdirSync(`${root}dist`).filter((file) => file.startsWith('media-recorder-button.bundle-'));
  console.log(`dist/media-recorder-button.bundle.js: ${size} bytes gzipped; loaded when needed: ${lazy.join(', ')}`);
  assert.ok(size <= BUDGET, `${size} bytes gzipped is over the budget of ${BUDGET}`);
});
