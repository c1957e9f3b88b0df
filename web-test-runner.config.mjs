import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { build } from 'esbuild';

import { chromeLauncher, puppeteerCore } from '@web/test-runner-chrome';
import { a11ySnapshotPlugin } from '@web/test-runner-commands/plugins';
import { findChrome, findFirefox, quietChromiumFlags } from './scripts/browsers.mjs';
import { wav } from './scripts/wav.mjs';
import { webkitLauncher, findWebKit, freePort } from './scripts/webkit.mjs';
import { screenshotPlugin } from './scripts/wtr-screenshots.mjs';
import { ffprobePlugin } from './scripts/wtr-ffprobe.mjs';
import { tusPlugin } from './scripts/wtr-tus.mjs';
import { failuresReporter } from './scripts/wtr-failures.mjs';
import { defaultReporter } from '@web/test-runner';
import { frameworksPlugin, react18Page, reactDevelopmentPage } from './scripts/wtr-frameworks.mjs';

const chromePath = findChrome();
const firefoxPath = findFirefox();
const webkitPaths = findWebKit();

/**
 * A WAV file of a continuous 1 kHz tone, for a microphone that is told apart from Chromium's fake
 * screen audio (which beeps like its fake microphone) in a mixed recording.
 */
function toneFile() {
  return soundFile('tone-1khz', wav(2, (t) => (8000 / 32767) * Math.sin(2 * Math.PI * 1000 * t)));
}

let soundFolder;

/** Writes a WAV for a fake microphone into a folder removed when the run ends. */
function soundFile(name, file) {
  if (!soundFolder) {
    soundFolder = mkdtempSync(join(tmpdir(), 'mrb-sound-'));
    process.on('exit', () => rmSync(soundFolder, { recursive: true, force: true }));
  }
  const path = join(soundFolder, `${name}.wav`);
  writeFileSync(path, file);
  return path;
}

/**
 * The sounds of test/sound/<name>/, each a fake microphone's file (it plays in a loop): digital
 * silence; a full-scale 200 Hz square wave; 2 s of a 440 Hz tone, then 6 s of silence.
 */
const sounds = {
  silence: () => wav(1, () => 0),
  square: () => wav(1, (t) => (Math.floor(t * 400) % 2 ? -1 : 1)),
  'tone-then-silence': () => wav(8, (t) => (t < 2 ? 0.3 * Math.sin(2 * Math.PI * 440 * t) : 0)),
};

/** Headless Chromium with a fake microphone; `microphone` picks what getUserMedia does. */
function chromium(microphone) {
  const media = {
    granted: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
    denied: ['--use-fake-ui-for-media-stream=deny', '--use-fake-device-for-media-stream'],
    tone: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${toneFile()}`],
  }[microphone] ?? ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${soundFile(microphone, sounds[microphone]())}`];
  return chromeLauncher({
    launchOptions: {
      executablePath: chromePath,
      headless: true,
      args: [
        ...media,
        // Tests start recordings without a click: let the AudioContext run anyway.
        '--autoplay-policy=no-user-gesture-required',
        '--no-sandbox',
        ...quietChromiumFlags,
      ],
    },
  });
}

/** Headless Firefox over WebDriver BiDi with a fake microphone. */
function firefox(microphone) {
  const media = {
    granted: { 'media.navigator.permission.disabled': true },
    denied: { 'media.navigator.permission.disabled': false, 'permissions.default.microphone': 2, 'permissions.default.camera': 2 },
  }[microphone];
  return chromeLauncher({
    puppeteer: puppeteerCore,
    launchOptions: {
      browser: 'firefox',
      executablePath: firefoxPath,
      headless: true,
      extraPrefsFirefox: {
        'media.navigator.streams.fake': true,
        // Without a sound card an AudioContext stays suspended: mock the audio backend.
        'media.cubeb.force_mock_context': true,
        'media.autoplay.default': 0,
        ...media,
      },
    },
  });
}

if (!firefoxPath) {
  if (process.env.CI) throw new Error('Firefox is required in CI: install firefox-esr or set FIREFOX_PATH.');
  console.warn('No Firefox found (set FIREFOX_PATH to use one): the Firefox test groups are skipped.');
}
if (!webkitPaths) {
  const missing = 'WebKitGTK MiniBrowser, WebKitWebDriver and Xvfb (Debian: webkit2gtk-driver xvfb gstreamer1.0-plugins-bad)';
  if (process.env.CI) throw new Error(`WebKit is required in CI: install ${missing}.`);
  console.warn(`No WebKit found (needs ${missing}; WEBKIT_BROWSER_PATH, WEBKIT_DRIVER_PATH, XVFB_PATH override the paths): the WebKit test group is skipped.`);
}

// `TEST_FILES=test/x.test.ts npm test` runs just those files (in the group whose folder they are in).
const only = process.env.TEST_FILES?.split(',');
const pick = (patterns) => {
  if (!only) return patterns;
  const folder = (pattern) => pattern.replace(/^!/, '').replace(/\*\*.*$/, '');
  const included = patterns.filter((pattern) => !pattern.startsWith('!')).map(folder);
  const excluded = patterns.filter((pattern) => pattern.startsWith('!')).map(folder);
  return only.filter(
    (file) => included.some((start) => file.startsWith(start)) && !excluded.some((start) => file.startsWith(start)),
  );
};

/** The strict policy that the CSP test page is served with; Lit's own Trusted Types policy is the only one allowed. */
const strictPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html',
].join('; ');

/**
 * `executeServerCommand('emulate-media-features', [{ name: 'forced-colors', value: 'active' }])` emulates
 * any CSS media feature through the DevTools protocol (puppeteer's own method refuses forced-colors).
 * Answers false where the browser has no DevTools protocol (Firefox, WebKit).
 */
function emulateMediaFeatures() {
  const sessions = new WeakMap();
  return {
    name: 'emulate-media-features',
    async executeCommand({ command, payload, session }) {
      if (command !== 'emulate-media-features') return undefined;
      if (typeof session.browser.getPage !== 'function') return false;
      const page = session.browser.getPage(session.id);
      if (page.browser().protocol !== 'cdp') return false;
      // Emulation lasts as long as the protocol session: keep one per page.
      if (!sessions.has(page)) sessions.set(page, await page.createCDPSession());
      await sessions.get(page).send('Emulation.setEmulatedMedia', { features: payload });
      return true;
    },
  };
}

/**
 * `executeServerCommand('hide-page')` brings a blank tab to the front, so that the test page is hidden
 * as in a background tab; `show-page` closes it. Answers false where the browser has no such control.
 */
function backgroundTab() {
  const blanks = new Map();
  return {
    name: 'background-tab',
    async executeCommand({ command, session }) {
      if (command !== 'hide-page' && command !== 'show-page') return undefined;
      if (typeof session.browser.getPage !== 'function') return false;
      const page = session.browser.getPage(session.id);
      if (command === 'hide-page') {
        const blank = await page.browser().newPage();
        blanks.set(session.id, blank);
        await blank.bringToFront();
        return true;
      }
      await blanks.get(session.id)?.close();
      blanks.delete(session.id);
      await page.bringToFront();
      return true;
    },
  };
}

/** POST /echo-form answers with what a server received from a form: each field, and each file's name, type and size. */
async function echoForm(context, next) {
  if (context.method !== 'POST' || context.path !== '/echo-form') return next();
  const chunks = [];
  for await (const chunk of context.req) chunks.push(chunk);
  const body = new Response(Buffer.concat(chunks), { headers: { 'content-type': context.get('content-type') } });
  const received = {};
  for (const [name, value] of await body.formData()) {
    received[name] = typeof value === 'string' ? value : { name: value.name, type: value.type, size: value.size };
  }
  context.type = 'text/plain';
  context.body = JSON.stringify(received);
}

let tusClient;

/**
 * tus-js-client's browser build imports url-parse, a CommonJS module (bundlers convert it, the dev
 * server does not): served as one ES module that esbuild made, as an application's bundler would.
 */
async function tusClientBundled(context, next) {
  if (!context.path.endsWith('/node_modules/tus-js-client/lib/browser/index.js')) return next();
  tusClient ??= build({
    entryPoints: [fileURLToPath(new URL('./node_modules/tus-js-client/lib/browser/index.js', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'error',
  }).then((result) => result.outputFiles[0].text);
  context.type = 'text/javascript';
  context.body = await tusClient;
}

/** The paths of `/dist-served/once-…` already refused once. */
const refusedOnce = new Set();

/**
 * GET /dist-served/<how>-<fragment>/<file> serves dist/<file>, as a page that self-hosts the
 * no-build bundle would, except that a file whose name contains <fragment> (or one of
 * <fragment>+<fragment>…) is `missing` (404),
 * `slow` (answered after 500 ms) or missing `once` (404 the first time, served after). A folder
 * may follow <fragment> (`/dist-served/once-<fragment>/<any>/<file>`), to tell pages apart.
 */
async function distServed(context, next) {
  const match = /^\/dist-served\/(missing|slow|once)-([\w+-]+)\/(?:[\w-]+\/)?([\w.-]+\.js)$/.exec(context.path);
  if (!match) return next();
  const [, how, fragments, file] = match;
  if (fragments.split('+').some((fragment) => file.includes(fragment))) {
    if (how === 'missing' || (how === 'once' && !refusedOnce.has(context.path))) {
      refusedOnce.add(context.path);
      context.status = 404;
      return;
    }
    if (how === 'slow') await new Promise((resolve) => setTimeout(resolve, 500));
  }
  context.type = 'text/javascript';
  context.body = await readFile(new URL(`./dist/${file}`, import.meta.url));
}

export default {
  // The runner's own choice scans up from 8000, so two runs started together would pick the same port.
  port: await freePort(),
  middleware: [
    tusClientBundled,
    distServed,
    async (context, next) => {
      await next();
      if (context.path === '/test/csp/page.html') {
        context.set('Content-Security-Policy', context.query.policy === 'blob' ? strictPolicy.replace("script-src 'self'", "script-src 'self' blob:") : strictPolicy);
      }
    },
    echoForm,
  ],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  plugins: [
    emulateMediaFeatures(),
    backgroundTab(),
    screenshotPlugin(),
    ffprobePlugin(),
    tusPlugin(),
    a11ySnapshotPlugin(),
    esbuildPlugin({ ts: true, tsx: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
    frameworksPlugin(),
  ],
  reporters: [defaultReporter(), failuresReporter(process.env.MRB_FAILURES_FILE)],
  // `MOCHA_GREP='deletes|records again'`: only the tests whose titles match (the others count as failed).
  testFramework: { config: { timeout: 20000, ...(process.env.MOCHA_GREP ? { grep: process.env.MOCHA_GREP } : {}) } },
  // A browser launched while the machine is busy (another run, another group) can take over the default 30 s.
  browserStartTimeout: 120000,
  // A file's tests must finish within this; WebKit's 100 record/stop cycles take over two minutes
  // (every take records on to the end of its first fragment, about 1.25 s).
  testsFinishTimeout: 300000,
  concurrency: 1,
  groups: [
    { name: 'chromium', files: pick(['test/**/*.test.{ts,tsx}', '!test/denied/**', '!test/react18/**', '!test/ssr/**', '!test/tone/**', '!test/sound/**']), browsers: [chromium('granted')] },
    // Frameworks' server renderers, then hydration in the browser, with React's development build.
    { name: 'ssr', files: pick(['test/ssr/**/*.test.{ts,tsx}']), browsers: [chromium('granted')], testRunnerHtml: reactDevelopmentPage },
    // A microphone that plays a continuous 1 kHz tone.
    ...(pick(['test/tone/**/*.test.ts']).length ? [{ name: 'chromium-tone', files: pick(['test/tone/**/*.test.ts']), browsers: [chromium('tone')] }] : []),
    // A microphone that plays one of `sounds`, from the folder of the same name.
    ...Object.keys(sounds)
      .map((sound) => ({ name: `chromium-${sound}`, files: pick([`test/sound/${sound}/**/*.test.ts`]), browsers: [chromium(sound)] }))
      .filter((group) => group.files.length > 0),
    // React 18 in place of React 19.
    { name: 'react18', files: pick(['test/react18/**/*.test.tsx']), browsers: [chromium('granted')], testRunnerHtml: react18Page },
    { name: 'chromium-denied', files: pick(['test/denied/**/*.test.ts']), browsers: [chromium('denied')] },
    ...(firefoxPath
      ? [
          {
            name: 'firefox',
            // Chromium-only: the WebM header fix is tested on what Chromium writes.
            files: pick(['test/**/*.test.{ts,tsx}', '!test/denied/**', '!test/react18/**', '!test/ssr/**', '!test/webm-duration.test.ts', '!test/screen/**', '!test/tone/**', '!test/sound/**']),
            browsers: [firefox('granted')],
          },
          { name: 'firefox-ssr', files: pick(['test/ssr/**/*.test.{ts,tsx}']), browsers: [firefox('granted')], testRunnerHtml: reactDevelopmentPage },
          { name: 'firefox-react18', files: pick(['test/react18/**/*.test.tsx']), browsers: [firefox('granted')], testRunnerHtml: react18Page },
          { name: 'firefox-denied', files: pick(['test/denied/**/*.test.ts']), browsers: [firefox('denied')] },
        ]
      : []),
    ...(webkitPaths
      ? [
          {
            name: 'webkit',
            // WebKit's recorder writes MP4 only: the WebM header fix is tested in Chromium. The screen and
            // tone tests need Chromium's fake screen and its microphone playing a file. WebKitGTK 2.50
            // records no video with Debian 12's GStreamer 1.22: its video encoder needs the
            // `autovideoflip` element of GStreamer 1.24, and without it every video recording (H.264,
            // VP8 or AV1) is empty, with no error. The camera tests that need a recorded video skip
            // themselves where that is so (test/video/video-helpers.ts); the others run.
            files: pick(['test/**/*.test.{ts,tsx}', '!test/denied/**', '!test/react18/**', '!test/ssr/**', '!test/webm-duration.test.ts', '!test/screen/**', '!test/tone/**', '!test/sound/**']),
            browsers: [webkitLauncher(webkitPaths)],
          },
          { name: 'webkit-ssr', files: pick(['test/ssr/**/*.test.{ts,tsx}']), browsers: [webkitLauncher(webkitPaths)], testRunnerHtml: reactDevelopmentPage },
        ]
      : []),
  ].filter((group) => group.files.length > 0),
};
