// `persist` against the real thing: a renderer that crashes mid-recording, a reload, a closed page.
// Driven from Node through puppeteer-core: Chromium and Firefox with their fake microphones and
// their own IndexedDB; a new page with the same key must receive `recover` with what was recorded.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { puppeteerCore as puppeteer } from '@web/test-runner-chrome';
import { findChrome, findFirefox, quietChromiumFlags } from '../../scripts/browsers.mjs';
import { startTusServers } from '../../scripts/wtr-tus.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));


let server;
let outdir;
let origin;
/** A tus server (and its proxy) for the uploads of recovered recordings. */
let tus;

before(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'mrb-persist-'));
  await build({
    entryPoints: [join(root, 'test/persist/crash-page.ts')],
    outdir,
    bundle: true,
    splitting: true, // the persistence code is its own chunk, loaded with `persist`, as in an app
    format: 'esm',
    target: 'es2022',
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'error',
  });
  server = createServer(async (request, response) => {
    const path = new URL(request.url, 'http://localhost').pathname;
    if (path === '/page.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><html lang="en"><meta charset="utf-8"><body><script type="module" src="/crash-page.js"></script></body></html>');
      return;
    }
    try {
      const body = await readFile(join(outdir, path.slice(1).replace(/[^\w.-]/g, '')));
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  tus = await startTusServers();
});

after(async () => {
  tus?.close();
  server?.closeAllConnections?.();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  if (outdir) await rm(outdir, { recursive: true, force: true });
});

let keys = 0;
const url = (key) => `${origin}/page.html?key=${key}`;

/**
 * Opens the page with `key` and records about 3 s: until 3.2 s are recorded, so that 3 chunks (one a
 * second) are saved; what is under way when the page dies is lost.
 */
async function recordOn(browser, key) {
  const page = await browser.newPage();
  await page.goto(url(key));
  await page.waitForFunction(() => 'test' in window);
  assert.equal(await page.evaluate(() => test.start()), 'recording');
  await page.waitForFunction(() => test.chunks() >= 3 && test.duration() >= 3.2, { polling: 50 });
  return page;
}

/** The first recovered recording on a new page with `key` (the same page after a reload: `page`). */
async function recoveredOn(browser, key, page) {
  if (!page) {
    page = await browser.newPage();
    await page.goto(url(key));
  }
  await page.waitForFunction(() => 'test' in window);
  // Headless Firefox does not always finish seeking its own WebM: there, the player's duration only.
  const seekTo = /firefox/i.test(await browser.version()) ? undefined : 2;
  const result = await page.evaluate((seekTo) => test.recovered(seekTo ?? undefined), seekTo ?? null);
  await page.close();
  return result;
}

function assertRecovered(result) {
  const seen = JSON.stringify(result);
  assert.equal(result.count, 1, seen);
  assert.match(result.mimeType, /^audio\//);
  // At least the chunks saved before the last second, which may be lost. The length saved is the recorded
  // time when the last chunk saved was handed over: on a busy machine chunks come late, so it may be more
  // than the sound in them (Firefox: 4.5 s for 3 s), never less.
  assert.ok(result.duration >= 2, seen);
  assert.ok(result.decoded >= 1.5 && result.decoded <= result.duration + 0.35, seen);
  assert.ok(Number.isFinite(result.player.duration) && result.player.duration >= 2, seen);
  if ('currentTime' in result.player) assert.ok(Math.abs(result.player.currentTime - 2) <= 0.5, seen);
  assert.equal(result.value, result.size, 'the recovered recording becomes the value');
}

/**
 * With `upload-url`: records until the server holds some of it, ends the page with `end`, then
 * checks that the next page finishes the upload of the recovered recording from where the server
 * was (a HEAD on the upload the saved chunks went to), and that the server holds its exact bytes.
 */
async function uploadRecovered(browser, end) {
  const key = `upload-${keys++}`;
  const page = await browser.newPage();
  await page.goto(`${url(key)}&upload=${encodeURIComponent(tus.endpoint)}`);
  await page.waitForFunction(() => 'test' in window);
  assert.equal(await page.evaluate(() => test.start()), 'recording');
  await page.waitForFunction(() => test.chunks() >= 3 && test.duration() >= 3.2, { polling: 50 });
  const live = tus.state.log.findLast((entry) => entry.method === 'POST' && entry.status === 201)?.location;
  assert.ok(live, 'an upload was created while recording');
  const livePath = new URL(live).pathname;
  assert.ok(tus.state.log.some((entry) => entry.method === 'PATCH' && entry.path === livePath && entry.status === 204), 'the server got data while recording');
  const before = tus.state.log.length;
  const next = await end(page);
  await next.waitForFunction(() => 'test' in window);
  const result = await next.evaluate(() => test.uploaded());
  await next.close();
  const seen = JSON.stringify(result);
  assert.equal(result.count, 1, seen);
  assert.equal(result.sha256, result.recovered, 'uploaded: the recovered recording');
  const after = tus.state.log.slice(before);
  assert.ok(after.some((entry) => entry.method === 'HEAD' && entry.path === livePath), 'the recovered recording went on with its upload');
  const id = new URL(result.url).pathname.split('/').pop();
  const stored = await readFile(join(tus.directory, id));
  assert.equal(stored.length, result.size);
  assert.equal(createHash('sha256').update(stored).digest('hex'), result.sha256, 'the server holds the exact bytes');
}

/** The tests both browsers run: a reload and a page closed mid-recording. */
function reloadAndClose(browser) {
  test('a reload mid-recording', async () => {
    const key = `reload-${keys++}`;
    const page = await recordOn(browser(), key);
    await page.reload();
    assertRecovered(await recoveredOn(browser(), key, page));
  });

  test('a reload mid-recording with upload-url: the recovered recording finishes its upload', async () => {
    await uploadRecovered(browser(), async (page) => {
      await page.reload();
      return page;
    });
  });

  test('a page closed mid-recording', async () => {
    const key = `close-${keys++}`;
    const page = await recordOn(browser(), key);
    await page.close();
    assertRecovered(await recoveredOn(browser(), key));
  });
}

const chromePath = findChrome();
describe('persist in Chromium', { skip: !chromePath && 'no Chromium' }, () => {
  let browser;
  before(async () => {
    const args = [
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
      ...quietChromiumFlags,
    ];
    if (process.getuid?.() === 0) args.push('--no-sandbox');
    browser = await puppeteer.launch({ executablePath: chromePath, headless: true, args, protocolTimeout: 60_000 });
  });
  after(() => browser?.close());

  test('a renderer that crashes mid-recording: the next page gets what was recorded', async () => {
    const key = `crash-${keys++}`;
    const page = await recordOn(browser, key);
    const crashed = new Promise((resolve) => page.once('error', resolve)); // puppeteer's "Page crashed!"
    await page.goto('chrome://crash').catch(() => {});
    await crashed;
    assertRecovered(await recoveredOn(browser, key));
  });

  reloadAndClose(() => browser);
});

const firefoxPath = findFirefox();
describe('persist in Firefox', { skip: !firefoxPath && 'no Firefox' }, () => {
  let browser;
  before(async () => {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: firefoxPath,
      headless: true,
      protocolTimeout: 60_000,
      extraPrefsFirefox: {
        'media.navigator.streams.fake': true,
        'media.navigator.permission.disabled': true,
        'media.cubeb.force_mock_context': true,
        'media.autoplay.default': 0,
      },
    });
  });
  after(() => browser?.close());

  reloadAndClose(() => browser);
});
