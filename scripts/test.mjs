#!/usr/bin/env node
// Runs the browser test suite, making sure a browser is there first.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

// The failed tests, listed again once the run is over: the last lines of a long log say what failed.
const folder = mkdtempSync(join(tmpdir(), 'mrb-test-'));
env.MRB_FAILURES_FILE = join(folder, 'failures.txt');
const result = spawnSync(process.execPath, ['node_modules/@web/test-runner/dist/bin.js', ...args], { stdio: 'inherit', env });
const failures = existsSync(env.MRB_FAILURES_FILE) ? readFileSync(env.MRB_FAILURES_FILE, 'utf8') : '';
rmSync(folder, { recursive: true, force: true });
if (failures) console.log(`\nFailed:\n${failures}`);
process.exit(result.status ?? 1);
