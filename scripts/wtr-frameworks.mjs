// Test-runner plugins for the framework tests: React (published as CommonJS only) served as
// ES modules, React 19 by default and React 18 in a group whose page has an import map, and
// server rendering with @lit-labs/ssr run in Node on request of a browser test.
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

/** One esbuild run per React major: every module as an ES module sharing a single copy of React. */
async function bundleReact(major) {
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
    define: { 'process.env.NODE_ENV': '"production"' },
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
};

/**
 * `testRunnerHtml` for a React 18 group: the default page with an import map from React 19 to 18.
 * No <head> tag: the runner injects its module scripts after <head> or <body>, and the import map
 * must come before any module (Firefox ignores it otherwise).
 */
export function react18Page(testFramework) {
  const importMap = { imports: { '/__react19/': '/__react18/' } };
  return (
    `<!DOCTYPE html><html><script type="importmap">${JSON.stringify(importMap)}</script>` +
    `<body><script type="module" src="${testFramework}"></script></body></html>`
  );
}

export function frameworksPlugin() {
  const bundles = new Map();
  return {
    name: 'frameworks',
    resolveImport({ source }) {
      return modulePaths[source];
    },
    async serve({ path }) {
      const match = /^\/__react(\d+)\/([\w.-]+)$/.exec(path);
      if (!match || !reactPackages[match[1]]) return;
      if (!bundles.has(match[1])) bundles.set(match[1], bundleReact(match[1]));
      const body = (await bundles.get(match[1])).get(match[2]);
      if (body !== undefined) return { body, type: 'js' };
    },
    // `executeServerCommand('ssr-render', { html })`: the markup @lit-labs/ssr renders for `html`.
    async executeCommand({ command, payload }) {
      if (command !== 'ssr-render') return;
      const { stdout } = await promisify(execFile)(process.execPath, ['scripts/ssr-render.mjs', '--source', payload.html], { cwd: root });
      return stdout;
    },
  };
}
