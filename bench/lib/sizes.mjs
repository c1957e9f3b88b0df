// Shipped size: each candidate bundled the way an application would ship it (esbuild, ESM,
// minified, production), then compressed with gzip -9 and brotli at its highest quality.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

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
    code: `export * from './src/index.ts';`,
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

export async function bundle({ code, dir, external = [] }) {
  const result = await esbuild.build({
    stdin: { contents: code, resolveDir: dir, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2021',
    define: { 'process.env.NODE_ENV': '"production"' },
    tsconfig: fileURLToPath(new URL('tsconfig.json', `file://${rootDir}/`)),
    external,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
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

export async function measureSizes() {
  const rows = [];
  for (const candidate of candidates) {
    rows.push({ name: candidate.name, ...compressedSizes(await bundle(candidate)) });
  }
  return rows;
}
