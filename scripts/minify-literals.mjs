// Lit's css`` and html`` literals reach the browser as written, whitespace and comments included:
// bundlers do not minify the text of a template literal. `npm run build` minifies them in what it
// ships (dist/ and the no-build bundle); the size test and the bench measure the same.
//   node scripts/minify-literals.mjs dist  rewrites every .js file under dist/.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';
import ts from 'typescript';

/** Minifies the text of every css`` literal in `code` (JavaScript or TypeScript). */
export function minifyCssLiterals(code) {
  return code.replace(/\bcss\s*`([^`]*)`/g, (literal, text) => {
    // An interpolation or an escape would need a real parser: say so rather than break it.
    if (/\$\{|\\/.test(text)) throw new Error(`minify-literals: a css literal with \${…} or \\ is not supported: ${literal.slice(0, 60)}…`);
    const minified = transformSync(text, { loader: 'css', minify: true }).code.trim();
    if (/`|\$\{|\\/.test(minified)) throw new Error(`minify-literals: the minified CSS does not fit in a template literal: ${minified.slice(0, 60)}…`);
    return `css\`${minified}\``;
  });
}

/**
 * Takes out the indentation of every html`` literal in `code`: a run of white space that holds a
 * line break goes where it touches a tag (`>` before it or `<` after it) and becomes one space
 * elsewhere (between attributes, next to an expression, inside text). The templates' elements and
 * text read the same.
 */
export function minifyHtmlLiterals(code) {
  const source = ts.createSourceFile('code.ts', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const edits = [];
  const visit = (node) => {
    if (ts.isTaggedTemplateExpression(node) && node.tag.getText(source) === 'html') {
      const template = node.template;
      const pieces = ts.isNoSubstitutionTemplateLiteral(template)
        ? [template]
        : [template.head, ...template.templateSpans.map((span) => span.literal)];
      for (const piece of pieces) {
        // The raw text sits between the piece's delimiters: ` or } before, ` or ${ after.
        const start = piece.getStart(source) + 1;
        const end = piece.getEnd() - (piece.kind === ts.SyntaxKind.TemplateHead || piece.kind === ts.SyntaxKind.TemplateMiddle ? 2 : 1);
        const before = code.slice(start, end);
        const after = before.replace(/\s*\n\s*/g, (space, offset) => {
          const previous = before[offset - 1];
          const next = before[offset + space.length];
          return previous === '>' || next === '<' ? '' : ' ';
        });
        if (after !== before) edits.push({ start, end, text: after });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  edits.sort((a, b) => a.start - b.start);
  return edits.reduceRight((text, { start, end, text: replacement }) => text.slice(0, start) + replacement + text.slice(end), code);
}

export const minifyLiterals = (code) => minifyHtmlLiterals(minifyCssLiterals(code));

/** The same for esbuild, on the element's sources. */
export const minifyLiteralsPlugin = {
  name: 'minify-literals',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async ({ path }) => ({ contents: minifyLiterals(await readFile(path, 'utf8')), loader: 'ts' }));
  },
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const files = process.argv.slice(2).flatMap((path) =>
    statSync(path).isDirectory() ? readdirSync(path, { recursive: true }).map((file) => `${path}/${file}`) : [path],
  );
  for (const file of files.filter((file) => file.endsWith('.js'))) {
    const code = readFileSync(file, 'utf8');
    const minified = minifyLiterals(code);
    if (minified !== code) writeFileSync(file, minified);
  }
}
