#!/usr/bin/env node
// Runs the browser test suite, making sure a browser is there first.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChrome } from './browsers.mjs';

const installCommand = 'apt-get update && apt-get install -y --no-install-recommends chromium';

if (!findChrome()) {
  const isRoot = process.getuid?.() === 0;
  if (process.platform === 'linux' && isRoot && existsSync('/usr/bin/apt-get')) {
    console.log(`No Chromium or Chrome found: installing Debian's chromium (${installCommand}).`);
    execFileSync('sh', ['-c', installCommand], { stdio: 'inherit' });
  }
  if (!findChrome()) {
    console.error(
      'No Chromium or Chrome found. Install one, or point CHROME_PATH at it. On Debian/Ubuntu:\n' +
        `  sudo sh -c '${installCommand}'`,
    );
    process.exit(1);
  }
}

// `--update-screenshots`: write the reference pictures of test/look/ anew (never done by a plain run).
const args = process.argv.slice(2);
const env = { ...process.env };
if (args.includes('--update-screenshots')) {
  args.splice(args.indexOf('--update-screenshots'), 1);
  Object.assign(env, { UPDATE_SCREENSHOTS: '1', TEST_FILES: 'test/look/look.test.ts' });
}

const result = spawnSync(process.execPath, ['node_modules/@web/test-runner/dist/bin.js', ...args], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
