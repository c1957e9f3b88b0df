#!/usr/bin/env node
// Renders a test app on the server with its framework's own server renderer and prints the HTML.
//   node scripts/framework-ssr.mjs react test/ssr/react-app.tsx   (exports App, a React component)
//   node scripts/framework-ssr.mjs vue test/ssr/vue-app.ts        (exports App, a Vue component)
//   node scripts/framework-ssr.mjs svelte test/ssr/App.svelte     (a Svelte component)
//   node scripts/framework-ssr.mjs preact test/ssr/preact-app.ts  (exports App, a Preact component)
// The app is bundled for Node with the sources of the element; the frameworks, Lit and React
// stay external, loaded by Node as the framework's server would load them.
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const cache = `${root}node_modules/.cache/media-recorder-button`;

/** Compiles `.svelte` files for the server. */
const svelteServer = {
  name: 'svelte-server',
  setup(esbuild) {
    esbuild.onLoad({ filter: /\.svelte$/ }, async ({ path }) => {
      const { readFile } = await import('node:fs/promises');
      const { compile } = await import('svelte/compiler');
      const { js } = compile(await readFile(path, 'utf8'), { filename: path, generate: 'server' });
      return { contents: js.code, loader: 'js' };
    });
  },
};

async function loadApp(module) {
  mkdirSync(cache, { recursive: true });
  const outfile = `${cache}/ssr-app-${process.pid}.mjs`;
  await build({
    absWorkingDir: root,
    entryPoints: [module],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    jsx: 'automatic',
    external: ['react', 'react/*', 'react-dom', 'react-dom/*', 'vue', 'vue/*', 'svelte', 'svelte/*', 'preact', 'preact/*', 'preact-render-to-string', 'lit', 'lit/*', '@lit/*'],
    conditions: ['svelte'],
    plugins: [svelteServer],
    // package.json's sideEffects names the built files; src/define.ts must be kept too.
    ignoreAnnotations: true,
    logLevel: 'warning',
  });
  try {
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(outfile, { force: true });
  }
}

const renderers = {
  async react(app) {
    const { createElement } = await import('react');
    const { renderToString } = await import('react-dom/server');
    return renderToString(createElement(app.App));
  },
  async vue(app) {
    const { createSSRApp } = await import('vue');
    const { renderToString } = await import('vue/server-renderer');
    const vueApp = createSSRApp(app.App);
    vueApp.config.compilerOptions.isCustomElement = (tag) => tag === 'media-recorder-button';
    return renderToString(vueApp);
  },
  async preact(app) {
    const { h } = await import('preact');
    const { renderToString } = await import('preact-render-to-string');
    return renderToString(h(app.App, {}));
  },
  async svelte(app) {
    const { render } = await import('svelte/server');
    return render(app.default).body;
  },
};

const [framework, module] = process.argv.slice(2);
if (!renderers[framework] || !module) {
  console.error('usage: node scripts/framework-ssr.mjs react|vue|svelte|preact <module>');
  process.exit(1);
}
process.stdout.write(await renderers[framework](await loadApp(module)));
