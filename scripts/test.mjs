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

const result = spawnSync(process.execPath, ['node_modules/@web/test-runner/dist/bin.js', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
