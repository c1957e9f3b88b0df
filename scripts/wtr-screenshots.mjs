// `executeServerCommand('match-screenshot', { name, box, engine })` from a test: takes a picture of the
// box an element measured in the page (through puppeteer in Chromium and Firefox, WebDriver in WebKit) and
// compares it with test/screenshots/<engine>/<name>.png, the reference image for that engine (fonts
// and antialiasing differ between engines). Answers { ok, message }.
//
// Reference images change only on purpose: `npm run test:screenshots:update` (UPDATE_SCREENSHOTS=1)
// writes them. Without it a missing reference fails, so CI never makes its own. A failed comparison
// writes the picture and a diff next to the reference, in test/screenshots/failed/ (not committed).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

const folder = fileURLToPath(new URL('../test/screenshots/', import.meta.url));
/** How different a pixel may be (pixelmatch's YIQ distance, 0–1) before it counts as changed. */
const PIXEL_THRESHOLD = 0.1;
/** The share of changed pixels allowed: antialiasing that moves, not a label that disappears. */
const MAX_CHANGED = 0.003;
/**
 * A busy machine can hand over a frame from before the last change (WebKitGTK's screenshots come from its
 * compositor, which lags behind the page under load): a picture that differs is taken again, a few
 * times over this long, before the difference counts. A page that really looks wrong still fails.
 */
const SETTLE_MS = 3000;
const RETAKE_AFTER_MS = 250;

async function picture(session, box) {
  const { browser } = session;
  if (browser.driver) {
    // WebDriver (WebKit): its element screenshots come out black here; the viewport's, cut to the box, do not.
    const viewport = PNG.sync.read(Buffer.from(await browser.driver.takeScreenshot(), 'base64'));
    const scale = viewport.width / box.viewportWidth;
    const cut = new PNG({ width: Math.round(box.width * scale), height: Math.round(box.height * scale) });
    PNG.bitblt(viewport, cut, Math.round(box.left * scale), Math.round(box.top * scale), cut.width, cut.height, 0, 0);
    return PNG.sync.write(cut);
  }
  // Puppeteer (Chromium, Firefox): the box in CSS pixels of the page.
  const page = browser.getPage(session.id);
  await page.bringToFront(); // a page in the background draws no frame to take
  return Buffer.from(await page.screenshot({ type: 'png', clip: { x: box.left + box.scrollX, y: box.top + box.scrollY, width: box.width, height: box.height } }));
}

/** Compares `actual` (PNG bytes) with the reference; the message says how they differ. */
export function compare(actual, reference) {
  const a = PNG.sync.read(actual);
  const b = PNG.sync.read(reference);
  if (a.width !== b.width || a.height !== b.height) {
    return { ok: false, message: `size ${a.width}×${a.height}, reference ${b.width}×${b.height}` };
  }
  const diff = new PNG({ width: a.width, height: a.height });
  const changed = pixelmatch(a.data, b.data, diff.data, a.width, a.height, { threshold: PIXEL_THRESHOLD });
  const share = changed / (a.width * a.height);
  return {
    ok: share <= MAX_CHANGED,
    message: `${changed} of ${a.width * a.height} pixels changed (${(share * 100).toFixed(2)} %, at most ${MAX_CHANGED * 100} %)`,
    diff: PNG.sync.write(diff),
  };
}

export function screenshotPlugin() {
  return {
    name: 'match-screenshot',
    async executeCommand({ command, payload, session }) {
      if (command !== 'match-screenshot') return undefined;
      const { name, box, engine } = payload;
      const reference = join(folder, engine, `${name}.png`);
      let actual = await picture(session, box);
      if (process.env.UPDATE_SCREENSHOTS) {
        mkdirSync(dirname(reference), { recursive: true });
        writeFileSync(reference, actual);
        return { ok: true, message: `updated ${engine}/${name}.png` };
      }
      const failed = (suffix, bytes) => {
        const file = join(folder, 'failed', engine, `${name}${suffix}.png`);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, bytes);
        return file.slice(folder.length - 'test/screenshots/'.length);
      };
      if (!existsSync(reference)) {
        return { ok: false, message: `no reference image ${engine}/${name}.png (run npm run test:screenshots:update; picture in ${failed('', actual)})` };
      }
      const expected = readFileSync(reference);
      let result = compare(actual, expected);
      for (const deadline = Date.now() + SETTLE_MS; !result.ok && Date.now() < deadline; ) {
        await new Promise((resolve) => setTimeout(resolve, RETAKE_AFTER_MS));
        actual = await picture(session, box);
        result = compare(actual, expected);
      }
      if (result.ok) return { ok: true, message: result.message };
      failed('', actual);
      return { ok: false, message: `${engine}/${name}.png: ${result.message}; see ${result.diff ? failed('.diff', result.diff) : 'the picture'}` };
    },
  };
}
