import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
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

// `TEST_FILES=test/x.test.ts npm test` runs just those files (in the group whose folder they are in).
const only = process.env.TEST_FILES?.split(',');
const pick = (files) => (only ? only.filter((file) => file.startsWith('test/denied/') === files[0].startsWith('test/denied/')) : files);

export default {
  nodeResolve: { exportConditions: ['production'] },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2021', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
  ],
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 120000,
  concurrency: 1,
  groups: [
    { name: 'chromium', files: pick(['test/**/*.test.ts', '!test/denied/**']), browsers: [chromium('granted')] },
    { name: 'chromium-denied', files: pick(['test/denied/**/*.test.ts']), browsers: [chromium('denied')] },
  ].filter((group) => group.files.length > 0),
};
