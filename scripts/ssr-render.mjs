#!/usr/bin/env node
// Prints the markup @lit-labs/ssr renders for an HTML snippet containing <media-recorder-button>.
//   node scripts/ssr-render.mjs [--source] '<media-recorder-button name="memo"></media-recorder-button>'
// Renders the built package (dist/index.js), or with --source the sources compiled on the fly.
import { mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { render } from '@lit-labs/ssr';
import { collectResult } from '@lit-labs/ssr/lib/render-result.js';
import { html } from 'lit';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Imports the element into Node (registering it with Lit's server-side custom element registry). */
export async function loadElement({ source = false } = {}) {
  if (!source) return import(pathToFileURL(`${root}dist/index.js`).href);
  const { build } = await import('esbuild');
  const outfile = `${root}node_modules/.cache/media-recorder-button/index.mjs`;
  mkdirSync(`${root}node_modules/.cache/media-recorder-button`, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: ['src/index.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    external: ['lit', 'lit/*', '@lit/*'],
    // package.json's sideEffects names the built files; src/define.ts must be kept too.
    ignoreAnnotations: true,
    logLevel: 'warning',
  });
  return import(`${pathToFileURL(outfile).href}?${Date.now()}`);
}

/** Server-renders a static HTML snippet: custom elements in it get declarative shadow roots. */
export function renderMarkup(markup) {
  const strings = Object.assign([markup], { raw: [markup] });
  return collectResult(render(html(strings)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  await loadElement({ source: args.includes('--source') });
  process.stdout.write(await renderMarkup(args.filter((arg) => arg !== '--source').join(' ')));
}
