// What `npm pack` ships, and that bundlers tree-shake the package as package.json declares.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { sep } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

function packedFiles() {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return JSON.parse(output)[0].files.map((file) => file.path).sort();
}

test('npm pack ships the built modules, their types, the bundle and the manifest: nothing else', () => {
  const modules = readdirSync(`${root}src`, { recursive: true })
    .map((file) => file.split(sep).join('/'))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .flatMap((file) => [`dist/${file.replace(/\.ts$/, '.js')}`, `dist/${file.replace(/\.ts$/, '.d.ts')}`]);
  const expected = [
    ...modules,
    'dist/media-recorder-button.bundle.js',
    'dist/media-recorder-button.bundle-mp4-duration.js',
    'dist/media-recorder-button.bundle-recording.js',
    // Shared by the recording code and the camera and screen code.
    'dist/media-recorder-button.bundle-errors.js',
    'dist/media-recorder-button.bundle-camera-and-screen.js',
    'dist/media-recorder-button.bundle-video-inputs.js',
    'dist/media-recorder-button.bundle-webm-duration.js',
    'dist/media-recorder-button.bundle-persist.js',
    // Shared by the recording code and persistence (recovered recordings are fixed and named the same way).
    'dist/media-recorder-button.bundle-seekable.js',
    'dist/media-recorder-button.bundle-review.js',
    // Lit's `html` and `nothing` for the lazily loaded views (review, upload), without importing Lit.
    'dist/media-recorder-button.bundle-template.js',
    // Loaded when a long WebM recording is shown for review.
    'dist/media-recorder-button.bundle-levels-worker.js',
    // Shared by it and the WebM cutter: an Opus packet's length.
    'dist/media-recorder-button.bundle-opus.js',
    // Loaded when `trim` cuts a recording of each kind.
    'dist/media-recorder-button.bundle-cut-webm.js',
    'dist/media-recorder-button.bundle-cut-mp4.js',
    // Loaded when a recording with `format` starts: the choice of recorder, the WAV writer, the worklet.
    'dist/media-recorder-button.bundle-formats.js',
    'dist/media-recorder-button.bundle-wav.js',
    // Loaded when format="ogg" records in Chromium: the WebM to Ogg remuxer.
    'dist/media-recorder-button.bundle-ogg-recorder.js',
    // Loaded when format="mp3" records: LAME, as its worker's source text.
    'dist/media-recorder-button.bundle-mp3-encoder.js',
    // Loaded with a microphone recording: warnings, stop on silence, changing microphone.
    'dist/media-recorder-button.bundle-listening.js',
    // The bundler's namespace-object helper, shared by the recording code and the WebM code.
    'dist/media-recorder-button.bundle-rolldown-runtime.js',
    // Shared by the recording code, persistence and review (events for React, durations in words).
    'dist/media-recorder-button.bundle-spoken-duration.js',
    // Loaded when `upload-url` is set: the tus client and the upload's controller.
    'dist/media-recorder-button.bundle-upload.js',
    // Shared by those and the upload (file names, events for React).
    'dist/media-recorder-button.bundle-mime-type.js',
    'dist/media-recorder-button.bundle-react-listeners.js',
    'custom-elements.json',
    'package.json',
    ...['README.md', 'LICENSE'].filter((file) => existsSync(root + file)),
  ].sort();
  assert.deepEqual(packedFiles(), expected);
});

test('every exports target, sideEffects file and the customElements manifest is in the package', () => {
  const files = new Set(packedFiles());
  const targets = Object.values(pkg.exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)));
  for (const target of targets) assert.ok(files.has(target.slice(2)), `exports → ${target} is not packed`);
  for (const key of ['types', 'default']) {
    for (const [entry, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'object') assert.ok(target[key], `exports["${entry}"] has no ${key}`);
    }
  }
  for (const file of pkg.sideEffects.filter((file) => file.startsWith('./dist/'))) assert.ok(files.has(file.slice(2)), `${file} is not packed`);
  assert.ok(files.has(pkg.customElements));
});

/** Bundles `code` (importing the package by its name) the way an application bundler would. */
async function bundle(code) {
  const result = await build({
    stdin: { contents: code, resolveDir: root },
    bundle: true,
    write: false,
    format: 'esm',
    metafile: true,
    logLevel: 'error',
  });
  return { text: result.outputFiles[0].text, inputs: Object.keys(result.metafile.inputs) };
}

const defines = /customElements\.define\(\s*"media-recorder-button"/;

test('sideEffects: the main entry keeps the registration', async () => {
  assert.match((await bundle(`import 'media-recorder-button';`)).text, defines);
});

test('sideEffects: the class-only entry registers nothing, and is dropped entirely when unused', async () => {
  const used = await bundle(`import { MediaRecorderButton } from 'media-recorder-button/element'; customElements.define('my-recorder', MediaRecorderButton);`);
  assert.doesNotMatch(used.text, defines);
  assert.match(used.text, /customElements\.define\("my-recorder"/);
  assert.equal((await bundle(`import 'media-recorder-button/element';`)).text.trim(), '');
});

test('the React wrapper stays out of the main entry', async () => {
  const { inputs } = await bundle(`import 'media-recorder-button';`);
  assert.ok(!inputs.some((input) => /node_modules\/(@lit\/react|react|react-dom)\//.test(input)), inputs.join('\n'));
});
