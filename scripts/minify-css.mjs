// Lit's css`` literals reach the browser as written, whitespace and comments included: bundlers do
// not minify the text of a template literal. `npm run build` minifies them in what it ships
// (dist/*.styles.js and the no-build bundle); the size test measures the same.
//   node scripts/minify-css.mjs dist/media-recorder-button.styles.js …  rewrites those files.
import { readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';

/** Minifies the text of every css`` literal in `code` (JavaScript or TypeScript). */
export function minifyCssLiterals(code) {
  return code.replace(/\bcss\s*`([^`]*)`/g, (literal, text) => {
    // An interpolation or an escape would need a real parser: say so rather than break it.
    if (/\$\{|\\/.test(text)) throw new Error(`minify-css: a css literal with \${…} or \\ is not supported: ${literal.slice(0, 60)}…`);
    const minified = transformSync(text, { loader: 'css', minify: true }).code.trim();
    if (/`|\$\{|\\/.test(minified)) throw new Error(`minify-css: the minified CSS does not fit in a template literal: ${minified.slice(0, 60)}…`);
    return `css\`${minified}\``;
  });
}

/** The same for esbuild, on the element's `*.styles.ts` sources. */
export const minifyCssPlugin = {
  name: 'minify-css-literals',
  setup(build) {
    build.onLoad({ filter: /\.styles\.ts$/ }, async ({ path }) => ({ contents: minifyCssLiterals(await readFile(path, 'utf8')), loader: 'ts' }));
  },
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const file of process.argv.slice(2)) writeFileSync(file, minifyCssLiterals(readFileSync(file, 'utf8')));
}
