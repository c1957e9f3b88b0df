// The bench pages, bundled once and served from loopback only for the length of the run.
import { createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const pagesDir = fileURLToPath(new URL('../pages/', import.meta.url));
const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));

/** Each page: a blank document plus, optionally, one module. */
const pages = { element: 'element.js', wavesurfer: 'wavesurfer.js', empty: null };

const common = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2021',
  // Readable function names, so heap samples can be traced to the drawing callback.
  minify: false,
  keepNames: false,
  define: { 'process.env.NODE_ENV': '"production"' },
  tsconfig,
  logLevel: 'warning',
};

/**
 * Bundles the pages. The element's page is split as an application bundler splits it, so the code
 * the element loads when needed is a file of its own that the page fetches then, as users get it.
 * Returns the files that hold the recording code (src/recording/).
 */
async function buildPages(outdir) {
  const { metafile } = await esbuild.build({
    ...common,
    entryPoints: [join(pagesDir, 'element.ts')],
    outdir,
    splitting: true,
    chunkNames: 'chunk-[hash]',
    metafile: true,
  });
  await esbuild.build({ ...common, entryPoints: [join(pagesDir, 'wavesurfer.ts')], outdir });
  return Object.entries(metafile.outputs)
    .filter(([file, output]) => file.endsWith('.js') && Object.keys(output.inputs).some((input) => input.includes('src/recording/')))
    .map(([file]) => basename(file));
}

export async function startServer() {
  const outdir = await mkdtemp(join(tmpdir(), 'mrb-bench-'));
  const recordingFiles = await buildPages(outdir);
  /** Files the runner adds for the pages to fetch (recordings): name → path. */
  const files = new Map();

  // Cross-origin isolated, so performance.now() has microsecond resolution (not 100 µs).
  const isolated = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
  const server = createServer(async (request, response) => {
    const name = new URL(request.url, 'http://localhost').pathname.slice(1);
    const page = name.endsWith('.html') ? name.slice(0, -5) : null;
    if (page !== null && page in pages) {
      const script = pages[page] ? `<script type="module" src="/${pages[page]}"></script>` : '';
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...isolated });
      response.end(`<!doctype html><html lang="en"><meta charset="utf-8"><title>${page}</title><body style="margin:0">${script}</body></html>`);
      return;
    }
    if (/^[\w-]+\.js$/.test(name)) {
      const script = await readFile(join(outdir, name)).catch(() => null);
      if (script) {
        response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store', ...isolated });
        response.end(script);
        return;
      }
    }
    const file = files.get(name);
    if (file) {
      const { size } = await stat(file.path);
      response.writeHead(200, { 'content-type': file.type, 'content-length': size, 'cache-control': 'no-store', ...isolated });
      createReadStream(file.path).pipe(response);
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: (page) => `http://127.0.0.1:${port}/${page}.html`,
    /** The names of the files that hold the recording code (loaded on intent or on record). */
    recordingFiles,
    /** Serves the file at `path` as `/<name>` (a name of letters, digits, `-`, `.`); returns its URL path. */
    addFile(name, path, type) {
      files.set(name, { path, type });
      return `/${name}`;
    },
    async close() {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
      await rm(outdir, { recursive: true, force: true });
    },
  };
}

export const instrumentSource = () => readFile(join(pagesDir, 'instrument.js'), 'utf8');
