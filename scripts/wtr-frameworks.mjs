// Test-runner plugins for the framework tests: React (published as CommonJS only) served as
// ES modules, React 19 by default and React 18 or React's development build in groups whose page
// has an import map; Svelte components compiled for the browser; and server rendering (with
// @lit-labs/ssr, or a framework's own server renderer) run in Node on request of a browser test.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The names a CommonJS module exports, read in a separate Node process (React logs when loaded). */
function exportNames(specifier, alias) {
  const script = `
    const Module = require('node:module');
    const resolve = Module._resolveFilename;
    const alias = ${JSON.stringify(alias)};
    Module._resolveFilename = (request, ...rest) => resolve(request.replace(/^[\\w-]+/, (name) => alias[name] ?? name), ...rest);
    console.log(Object.keys(require(${JSON.stringify(specifier)})).join(' '));`;
  const names = execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' }).trim().split(' ');
  return names.filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
}

/** The package names each React major is installed under (React 18 through npm aliases). */
const reactPackages = {
  19: { react: 'react', 'react-dom': 'react-dom' },
  18: { react: 'react18', 'react-dom': 'react-dom18' },
};
const reactModules = ['react', 'react-dom/client', 'react/jsx-runtime'];
const fileName = (specifier) => `${specifier.replace('/', '-')}.js`;

/** One esbuild run per React major and build: every module as an ES module sharing a single copy of React. */
async function bundleReact(major, mode) {
  const alias = reactPackages[major];
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(reactModules.map((specifier) => [fileName(specifier).slice(0, -3), `entry:${specifier}`])),
    bundle: true,
    splitting: true,
    format: 'esm',
    write: false,
    outdir: 'out',
    alias,
    define: { 'process.env.NODE_ENV': JSON.stringify(mode) },
    logLevel: 'silent',
    plugins: [
      {
        name: 'named-exports',
        setup(esbuild) {
          esbuild.onResolve({ filter: /^entry:/ }, ({ path }) => ({ path: path.slice(6), namespace: 'entry' }));
          esbuild.onLoad({ filter: /.*/, namespace: 'entry' }, ({ path }) => {
            const names = exportNames(path, alias);
            return {
              contents: `import m from '${path}'; export default m; export const { ${names.join(', ')} } = m;`,
              resolveDir: root,
            };
          });
        },
      },
    ],
  });
  return new Map(result.outputFiles.map((file) => [file.path.slice(file.path.lastIndexOf('/') + 1), file.text]));
}

/** Where the browser loads each framework module from: React 19 by default. */
const modulePaths = {
  ...Object.fromEntries(reactModules.map((specifier) => [specifier, `/__react19/${fileName(specifier)}`])),
  // Vue's browser build: runtime and template compiler, the development build so that it warns.
  vue: '/node_modules/vue/dist/vue.esm-browser.js',
  // Svelte's runtime in development mode, so that it warns (the tests resolve the `production` condition).
  'esm-env/development': '/node_modules/esm-env/true.js',
};

/**
 * The default page with an import map, for a group's `testRunnerHtml`. No <head> tag: the runner
 * injects its module scripts after <head> or <body>, and the import map must come before any
 * module (Firefox ignores it otherwise).
 */
const importMapPage = (imports) => (testFramework) =>
  `<!DOCTYPE html><html><script type="importmap">${JSON.stringify({ imports })}</script>` +
  `<body><script type="module" src="${testFramework}"></script></body></html>`;

/** `testRunnerHtml` for a React 18 group: React 19 mapped to 18. */
export const react18Page = importMapPage({ '/__react19/': '/__react18/' });

/** `testRunnerHtml` for a group on React 19's development build, which reports hydration mismatches. */
export const reactDevelopmentPage = importMapPage({ '/__react19/': '/__react19dev/' });

export function frameworksPlugin() {
  const bundles = new Map();
  return {
    name: 'frameworks',
    resolveImport({ source }) {
      return modulePaths[source];
    },
    async serve({ path }) {
      const match = /^\/__react(\d+)(dev)?\/([\w.-]+)$/.exec(path);
      if (!match || !reactPackages[match[1]]) return;
      const key = match[1] + (match[2] ?? '');
      if (!bundles.has(key)) bundles.set(key, bundleReact(match[1], match[2] ? 'development' : 'production'));
      const body = (await bundles.get(key)).get(match[3]);
      if (body !== undefined) return { body, type: 'js' };
    },
    resolveMimeType({ path }) {
      if (path.endsWith('.svelte')) return 'js';
    },
    // Svelte components, compiled for the browser in development mode (with its warnings).
    async transform({ path, body }) {
      if (!path.endsWith('.svelte')) return;
      const { compile } = await import('svelte/compiler');
      return { body: compile(body, { filename: path, generate: 'client', dev: true }).js.code };
    },
    // `executeServerCommand('ssr-render', { html })`: the markup @lit-labs/ssr renders for `html`.
    // `executeServerCommand('framework-ssr', { framework, module })`: the HTML the framework's own
    // server renderer makes of the app in `module` (see scripts/framework-ssr.mjs).
    async executeCommand({ command, payload }) {
      if (command === 'ssr-render') {
        const { stdout } = await promisify(execFile)(process.execPath, ['scripts/ssr-render.mjs', '--source', payload.html], { cwd: root });
        return stdout;
      }
      if (command === 'framework-ssr') {
        const args = ['scripts/framework-ssr.mjs', payload.framework, payload.module];
        const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: root });
        return stdout;
      }
    },
  };
}
