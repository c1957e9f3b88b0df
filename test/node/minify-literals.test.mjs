// The build's minifier of Lit literals: what it takes out of html`` must not change a template's
// elements, attributes or text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { minifyHtmlLiterals, minifyLiterals } from '../../scripts/minify-literals.mjs';

test('html``: indentation out, a space kept between attributes, next to an expression and inside text', () => {
  const code = `render() {
    return html\`
      <div class="bar">
        <button
          part="pause"
          aria-pressed=\${String(paused)}
          aria-label=\${label}
          @click=\${this.toggle}
        >
          Pause
          now
        </button>
        \${this.on ? html\`<canvas
              part="waveform"></canvas>\` : nothing}
        \${this.time}
      </div>
    \`;
  }`;
  assert.equal(
    minifyHtmlLiterals(code),
    `render() {
    return html\`<div class="bar"><button part="pause" aria-pressed=\${String(paused)} aria-label=\${label} @click=\${this.toggle} >Pause now</button>\${this.on ? html\`<canvas part="waveform"></canvas>\` : nothing} \${this.time}</div>\`;
  }`,
  );
});

test('white space on one line, other templates and strings are left as written', () => {
  const code = "const a = html`<b>one  two</b> <i>x</i>`;\nconst b = `\n  <b>\n</b>`;\nconst c = svg`\n  <g>\n</g>`;";
  assert.equal(minifyHtmlLiterals(code), code);
});

test('css``: minified; an interpolation is refused rather than broken', () => {
  assert.equal(minifyLiterals('const s = css`\n  :host {\n    display: block;\n  }\n`;'), 'const s = css`:host{display:block}`;');
  assert.throws(() => minifyLiterals('const s = css`:host { width: ${w}; }`;'), /not supported/);
});
