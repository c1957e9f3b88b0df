// Shipped size: each candidate bundled the way an application would ship it (esbuild, ESM,
// minified, production, code splitting), then compressed with gzip -9 and brotli at its highest
// quality. What a page loads up front is the figure; code loaded only when needed is given apart.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { minifyLiteralsPlugin } from '../../scripts/minify-literals.mjs';

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const rootDir = fileURLToPath(new URL('../..', import.meta.url));

const react = ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/client'];
/** What an app without React must add to render any React component. */
const reactRuntime = `import { createRoot } from 'react-dom/client'; import { createElement } from 'react'; export { createRoot, createElement };`;

/**
 * `code` is the entry an application would write; `dir` is where its imports resolve from.
 * `external` marks packages left out of the figure (already paid for by the app).
 */
export const candidates = [
  {
    name: 'media-recorder-button (with Lit)',
    dir: rootDir,
    // What `import 'media-recorder-button'` loads, as test/node/size.test.mjs measures it.
    code: `import './src/index.ts';`,
    ours: true,
  },
  {
    name: 'media-recorder-button, Lit excluded',
    dir: rootDir,
    code: `export * from './src/index.ts';`,
    external: ['lit', 'lit/*', 'lit-html', 'lit-html/*', 'lit-element', 'lit-element/*', '@lit/*'],
  },
  { name: 'Lit alone (the floor)', dir: rootDir, code: `export * from 'lit';` },
  {
    name: 'wavesurfer.js + Record plugin',
    dir: benchDir,
    code: `export { default as WaveSurfer } from 'wavesurfer.js'; export { default as RecordPlugin } from 'wavesurfer.js/dist/plugins/record.esm.js';`,
  },
  { name: 'RecordRTC', dir: benchDir, code: `import RecordRTC from 'recordrtc'; export default RecordRTC;` },
  {
    name: 'react-media-recorder, React excluded',
    dir: benchDir,
    code: `export * from 'react-media-recorder';`,
    external: react,
  },
  {
    name: 'react-media-recorder + React, ReactDOM',
    dir: benchDir,
    code: `export * from 'react-media-recorder'; ${reactRuntime}`,
  },
  {
    name: 'react-audio-voice-recorder, React excluded',
    dir: benchDir,
    code: `export * from 'react-audio-voice-recorder';`,
    external: react,
  },
  {
    name: 'react-audio-voice-recorder + React, ReactDOM',
    dir: benchDir,
    code: `export * from 'react-audio-voice-recorder'; ${reactRuntime}`,
  },
];

/**
 * Bundles a candidate with code splitting, as an application bundler would, and returns what a page
 * loads up front (the entry and every chunk it imports statically) apart from what it loads only
 * when needed (dynamic imports).
 */
export async function bundle({ code, dir, external = [] }) {
  const result = await esbuild.build({
    stdin: { contents: code, resolveDir: dir, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    tsconfig: fileURLToPath(new URL('tsconfig.json', `file://${rootDir}/`)),
    external,
    // The element's css`` and html`` literals minified as `npm run build` ships them (the size test measures the same way).
    plugins: [minifyLiteralsPlugin],
    outdir: 'out',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const outputs = result.metafile.outputs;
  const contents = (file) => result.outputFiles.find((output) => output.path.endsWith(file)).contents;
  const upFront = new Set();
  const visit = (file) => {
    if (upFront.has(file)) return;
    upFront.add(file);
    for (const { path, kind } of outputs[file].imports) if (kind === 'import-statement' && path in outputs) visit(path);
  };
  visit(Object.keys(outputs).find((file) => outputs[file].entryPoint?.endsWith('entry.ts'))); // the page's entry, not a lazily imported module's
  const scripts = Object.keys(outputs).filter((file) => file.endsWith('.js'));
  const shipped = {
    upFront: scripts.filter((file) => upFront.has(file)).map(contents),
    whenNeeded: scripts.filter((file) => !upFront.has(file)).map(contents),
  };
  // What a page that records audio loads: up front, then the recording code and the WebM fix, with what they import.
  const holding = (input) => Object.keys(outputs).find((file) => input in outputs[file].inputs);
  const recordingCode = holding('src/recording/index.ts');
  if (recordingCode) {
    [recordingCode, holding('src/containers/webm-duration.ts')].forEach(visit);
    shipped.recordingPage = scripts.filter((file) => upFront.has(file)).map(contents);
  }
  return shipped;
}

export function compressedSizes(bytes) {
  return {
    minified: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  };
}

/** Each file compressed on its own, as a server sends it, and the figures summed. */
function filesSizes(files) {
  const total = { minified: 0, gzip: 0, brotli: 0 };
  for (const file of files) {
    const sizes = compressedSizes(file);
    for (const key of Object.keys(total)) total[key] += sizes[key];
  }
  return total;
}

/**
 * The no-build bundle (`vite build -c vite.bundle.config.mjs`, as `npm run build` makes it), built
 * afresh into a temporary folder: each file's sizes, the one a page loads up front first.
 */
async function noBuildBundle() {
  const { build } = await import('vite'); // the package's own dev dependency
  const outDir = await mkdtemp(join(tmpdir(), 'mrb-bundle-'));
  try {
    await build({ root: rootDir, configFile: join(rootDir, 'vite.bundle.config.mjs'), logLevel: 'silent', build: { outDir } });
    const files = (await readdir(outDir)).filter((file) => file.endsWith('.js')).sort((a, b) => a.length - b.length);
    return Promise.all(files.map(async (file) => ({ file, ...compressedSizes(await readFile(join(outDir, file))) })));
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

export async function measureSizes() {
  const rows = [];
  for (const candidate of candidates) {
    const { upFront, whenNeeded, recordingPage } = await bundle(candidate);
    const row = { name: candidate.name, ...filesSizes(upFront), whenNeeded: filesSizes(whenNeeded) };
    if (candidate.ours && recordingPage) row.recordingPage = filesSizes(recordingPage);
    rows.push(row);
  }
  return { rows, noBuildBundle: await noBuildBundle() };
}
