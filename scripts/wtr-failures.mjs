import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

/**
 * A reporter that writes every failed test (and every file that failed to load or finish) to
 * `file` once the run is over, so that `scripts/test.mjs` can print them last: a CI log that keeps
 * only its tail still says what failed, not just how many.
 */
export function failuresReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      const lines = [];
      for (const session of sessions) {
        const where = `${session.browser.name}, ${relative(process.cwd(), session.testFile)}`;
        for (const error of session.errors ?? []) lines.push(`${where}: ${firstLines(error)}`);
        for (const { path, error } of failedTests(session.testResults)) lines.push(`${where}: ${path.join(' > ')}\n    ${firstLines(error)}`);
      }
      if (file) writeFileSync(file, lines.join('\n'));
    },
  };
}

function* failedTests(suite, path = []) {
  if (!suite) return;
  for (const test of suite.tests ?? []) if (!test.passed && !test.skipped) yield { path: [...path, test.name], error: test.error };
  for (const child of suite.suites ?? []) yield* failedTests(child, [...path, child.name]);
}

function firstLines(error) {
  if (!error) return 'failed';
  const at = error.stack?.split('\n').find((line) => /^\s*at /.test(line))?.trim();
  return [error.message, at].filter(Boolean).join('\n    ');
}
