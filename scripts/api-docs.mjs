#!/usr/bin/env node
// Writes the API reference generated from custom-elements.json between the markers
// <!-- api:start --> and <!-- api:end --> of docs/api.md.
//   node scripts/api-docs.mjs          rewrite the files
//   node scripts/api-docs.mjs --check  fail when a file does not match the manifest
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const START = '<!-- api:start -->';
export const END = '<!-- api:end -->';
export const targets = ['docs/api.md'];

const code = (text) => (text ? `\`${text.replaceAll('|', '\\|')}\`` : '');
const cell = (text = '') => text.replace(/\s*\n\s*/g, ' ').replaceAll('|', '\\|');
const table = (head, rows) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

/** The API section for every custom element in the manifest, as Markdown. */
export function apiMarkdown(manifest) {
  const sections = [];
  for (const module of manifest.modules) {
    for (const element of (module.declarations ?? []).filter((declaration) => declaration.customElement)) {
      const members = (element.members ?? []).filter((member) => !member.static && member.privacy !== 'private' && member.privacy !== 'protected');
      const fields = members.filter((member) => member.kind === 'field');
      const withAttribute = fields.filter((field) => field.attribute);
      const propertyOnly = fields.filter((field) => !field.attribute);
      const methods = members.filter((member) => member.kind === 'method');
      const signature = (method) =>
        `${method.name}(${(method.parameters ?? []).map((p) => `${p.name}: ${p.type?.text ?? 'unknown'}`).join(', ')}): ${method.return?.type?.text ?? 'void'}`;
      sections.push(
        [
          `### \`<${element.tagName}>\``,
          cell(element.description),
          '#### Attributes and properties',
          table(
            ['Attribute', 'Property', 'Type', 'Default', 'Reflected', 'Description'],
            withAttribute.map((field) => [
              code(field.attribute),
              code(field.name),
              code(field.type?.text),
              code(field.default),
              field.reflects ? 'yes' : '',
              cell(field.description),
            ]),
          ),
          '#### Read-only properties',
          table(
            ['Property', 'Type', 'Description'],
            propertyOnly.map((field) => [code(field.name), code(field.type?.text), cell(field.description)]),
          ),
          '#### Methods',
          table(['Method', 'Description'], methods.map((method) => [code(signature(method)), cell(method.description)])),
          '#### Events',
          table(
            ['Event', 'Type', 'Description'],
            (element.events ?? []).map((event) => [code(event.name), code(event.type?.text), cell(event.description)]),
          ),
          '#### CSS parts',
          table(['Part', 'Description'], (element.cssParts ?? []).map((part) => [code(part.name), cell(part.description)])),
          '#### CSS custom properties',
          table(
            ['Property', 'Default', 'Description'],
            (element.cssProperties ?? []).map((property) => [code(property.name), code(property.default), cell(property.description)]),
          ),
          '#### Slots',
          element.slots?.length
            ? table(['Slot', 'Description'], element.slots.map((slot) => [slot.name ? code(slot.name) : '(default)', cell(slot.description)]))
            : 'None.',
        ].join('\n\n'),
      );
    }
  }
  return `${START}\n\n<!-- Generated from custom-elements.json by scripts/api-docs.mjs: edit the JSDoc, then npm run build. -->\n\n${sections.join('\n\n')}\n\n${END}`;
}

/** `text` with the part between the markers replaced by `api`; null when the markers are missing. */
export function withApi(text, api) {
  const start = text.indexOf(START);
  const end = text.indexOf(END, start);
  if (start === -1 || end === -1) return null;
  return text.slice(0, start) + api + text.slice(end + END.length);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const api = apiMarkdown(JSON.parse(readFileSync(`${root}custom-elements.json`, 'utf8')));
  let stale = 0;
  for (const target of targets.filter((file) => existsSync(root + file))) {
    const text = readFileSync(root + target, 'utf8');
    const updated = withApi(text, api);
    if (updated === null || updated === text) continue;
    if (check) {
      console.error(`${target}: the API section does not match custom-elements.json (run npm run docs).`);
      stale++;
    } else {
      writeFileSync(root + target, updated);
      console.log(`${target}: API section updated.`);
    }
  }
  process.exitCode = stale ? 1 : 0;
}
