import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { findChrome } from './scripts/browsers.mjs';
import { frameworksPlugin, react18Page } from './scripts/wtr-frameworks.mjs';

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

export default {
  nodeResolve: { exportConditions: ['production'] },
  plugins: [
    esbuildPlugin({ ts: true, tsx: true, target: 'es2021', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
    frameworksPlugin(),
  ],
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 120000,
  concurrency: 1,
  groups: [
    { name: 'chromium', files: ['test/**/*.test.{ts,tsx}', '!test/denied/**', '!test/react18/**'], browsers: [chromium('granted')] },
    // React 18 in place of React 19.
    { name: 'react18', files: ['test/react18/**/*.test.tsx'], browsers: [chromium('granted')], testRunnerHtml: react18Page },
    { name: 'chromium-denied', files: ['test/denied/**/*.test.ts'], browsers: [chromium('denied')] },
  ],
};
