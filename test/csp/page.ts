// Served with a strict Content-Security-Policy and Trusted Types (see web-test-runner.config.mjs):
// records, stops, and reports every policy violation to the page that framed it. `?policy=blob` adds
// `blob:` to `script-src`, as the README tells pages that record a `format` to do.
import '../../src/index.js';

const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));

function policyIsEnforced(): { eval: boolean; trustedTypes: boolean } {
  let evalBlocked = false;
  try {
    (0, eval)('1');
  } catch {
    evalBlocked = true;
  }
  let sinkBlocked = false;
  try {
    document.createElement('div').innerHTML = '<b>x</b>';
  } catch {
    sinkBlocked = true;
  }
  return { eval: evalBlocked, trustedTypes: sinkBlocked };
}

async function recordOnce() {
  const el = document.querySelector('media-recorder-button')!;
  // `?format=wav`: a format recorded by the element's own audio worklet.
  el.format = (new URLSearchParams(location.search).get('format') ?? '') as typeof el.format;
  const errors: string[] = [];
  el.addEventListener('error', (event) => errors.push(`${event.detail.error.name}: ${event.detail.error.message}`));
  try {
    await el.updateComplete;
    await el.start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const blob = await el.stop();
    const seen = [...violations];
    parent.postMessage({ size: blob?.size ?? 0, type: blob?.type, errors, violations: seen, enforced: policyIsEnforced() }, '*');
  } catch (error) {
    parent.postMessage({ error: String(error), violations }, '*');
  }
}

void recordOnce();
