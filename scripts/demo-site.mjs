// The demo site built as `npm run build:demo` builds it, served from loopback, and headless
// Chromium with fake devices to look at it: shared by `npm run screenshots` and the demo test.
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import puppeteer from 'puppeteer-core';
import { build } from 'vite';
import { findChrome, quietChromiumFlags } from './browsers.mjs';
import { wav } from './wav.mjs';

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

/** Builds the demo into a temporary folder and serves it under `/some/folder/` (it must work from any folder). */
export async function serveDemo() {
  const outDir = await mkdtemp(join(tmpdir(), 'mrb-demo-'));
  await build({ configFile: new URL('../vite.config.ts', import.meta.url).pathname, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const prefix = '/some/folder/';
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, 'http://localhost').pathname;
    if (!path.startsWith(prefix)) return response.writeHead(404).end();
    const file = normalize(join(outDir, path.slice(prefix.length) || 'index.html'));
    try {
      const body = await readFile(file.endsWith('/') ? join(file, 'index.html') : file);
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: (page = '') => `http://127.0.0.1:${server.address().port}${prefix}${page}`,
    async close() {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

/**
 * A WAV file of a voice-like sound (three harmonics, swelling and fading three times a second), to
 * play as the fake microphone: the fake device's own beep is silent most of the time.
 */
export async function voiceLikeWav(seconds = 10) {
  const voice = wav(seconds, (t) => {
    const envelope = 0.7 + 0.3 * Math.sin(2 * Math.PI * 3 * t);
    return envelope * 0.55 * (Math.sin(2 * Math.PI * 180 * t) + 0.5 * Math.sin(2 * Math.PI * 360 * t) + 0.25 * Math.sin(2 * Math.PI * 540 * t));
  });
  const path = join(await mkdtemp(join(tmpdir(), 'mrb-voice-')), 'voice.wav');
  await writeFile(path, voice);
  return path;
}

/** A WAV file of digital silence, for a fake microphone that gives no sound. */
export async function silentWav(seconds = 2) {
  const path = join(await mkdtemp(join(tmpdir(), 'mrb-silence-')), 'silence.wav');
  await writeFile(path, wav(seconds, () => 0));
  return path;
}

/** Headless Chromium with a fake microphone (playing `audioFile` if given), camera and screen that need no prompt. */
export function launchChromium({ microphone = 'granted', audioFile } = {}) {
  const executablePath = findChrome();
  if (!executablePath) throw new Error('No Chromium or Chrome found: install chromium or set CHROME_PATH.');
  const args = [
    microphone === 'denied' ? '--use-fake-ui-for-media-stream=deny' : '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    ...(audioFile ? [`--use-file-for-fake-audio-capture=${audioFile}`] : []),
    '--auto-accept-this-tab-capture',
    '--autoplay-policy=no-user-gesture-required',
    ...quietChromiumFlags,
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return puppeteer.launch({ executablePath, headless: true, args, defaultViewport: null });
}
