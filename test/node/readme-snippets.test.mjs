// The framework snippets of the docs (docs/frameworks.md) are type-checked as they are (npm run test:types): these files
// must stay the README's code, character for character.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('docs/frameworks.md', root), 'utf8');

for (const [file, language] of [
  ['test/types/next-voice-memo.tsx', 'tsx'],
  ['test/types/vue/VoiceMemo.vue', 'vue'],
  ['test/types/svelte/VoiceMemo.svelte', 'svelte'],
]) {
  test(`${file} is the README's ${language} snippet`, () => {
    const code = readFileSync(new URL(file, root), 'utf8');
    assert.ok(readme.includes('```' + language + '\n' + code + '```\n'), `README has no ${language} block equal to ${file}`);
  });
}
