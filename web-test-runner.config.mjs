import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { a11ySnapshotPlugin } from '@web/test-runner-commands/plugins';
import { findChrome } from './scripts/browsers.mjs';

const chromePath = findChrome();

/** Headless Chromium with a fake microphone; `microphone` picks what getUserMedia does. */
function chromium(microphone) {
  const media = {
    granted: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
    denied: ['--use-fake-ui-for-media-stream=deny', '--use-fake-device-for-media-stream'],
  }[microphone];
  return chromeLauncher({
    launchOptions: {
      executablePath: chromePath,
      headless: true,
      args: [
        ...media,
        // Tests start recordings without a click: let the AudioContext run anyway.
        '--autoplay-policy=no-user-gesture-required',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  });
}

/**
 * `executeServerCommand('emulate-media-features', [{ name: 'forced-colors', value: 'active' }])` emulates
 * any CSS media feature through the DevTools protocol (puppeteer's own method refuses forced-colors).
 */
function emulateMediaFeatures() {
  const sessions = new WeakMap();
  return {
    name: 'emulate-media-features',
    async executeCommand({ command, payload, session }) {
      if (command !== 'emulate-media-features') return undefined;
      const page = session.browser.getPage(session.id);
      // Emulation lasts as long as the protocol session: keep one per page.
      if (!sessions.has(page)) sessions.set(page, await page.createCDPSession());
      await sessions.get(page).send('Emulation.setEmulatedMedia', { features: payload });
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

export default {
  nodeResolve: { exportConditions: ['production'] },
  middleware: [echoForm],
  plugins: [
    emulateMediaFeatures(),
    a11ySnapshotPlugin(),
    esbuildPlugin({ ts: true, target: 'es2021', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
  ],
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 120000,
  concurrency: 1,
  groups: [
    { name: 'chromium', files: ['test/**/*.test.ts', '!test/denied/**'], browsers: [chromium('granted')] },
    { name: 'chromium-denied', files: ['test/denied/**/*.test.ts'], browsers: [chromium('denied')] },
  ],
};
