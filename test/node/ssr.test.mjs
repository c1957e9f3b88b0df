// Server rendering with @lit-labs/ssr: the built element renders to declarative shadow DOM with
// its parts (the browser suite hydrates such markup: test/frameworks/ssr-hydration.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadElement, renderMarkup } from '../../scripts/ssr-render.mjs';

await loadElement();

test('renders a declarative shadow root with every part', async () => {
  const markup = await renderMarkup('<media-recorder-button name="memo" max-duration="30"></media-recorder-button>');
  assert.match(markup, /<media-recorder-button\s+name="memo" max-duration="30" permission="unknown"><template shadowroot="open" shadowrootmode="open" shadowrootdelegatesfocus>/);
  assert.match(markup, /<style>[^<]*--mrb-waveform-color/);
  for (const part of ['button', 'icon', 'label', 'waveform', 'time']) assert.match(markup, new RegExp(`part="${part}"`));
  assert.match(markup, /<button\s+part="button"\s+type="button"\s+aria-pressed="false"/);
  assert.match(markup, /Start recording/);
  assert.match(markup, /0:00/);
});

test('renders disabled as a disabled button', async () => {
  const markup = await renderMarkup('<media-recorder-button disabled></media-recorder-button>');
  assert.match(markup, /<button[^>]*\sdisabled[\s>]/);
});

test('renders with the recording attribute (nothing to record on the server)', async () => {
  const markup = await renderMarkup('<media-recorder-button recording></media-recorder-button>');
  assert.match(markup, /<media-recorder-button\s+recording[\s>]/);
  assert.match(markup, /Start recording/);
});
