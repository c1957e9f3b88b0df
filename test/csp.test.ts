import { expect } from '@open-wc/testing';

interface Report {
  size?: number;
  type?: string;
  errors: string[];
  error?: string;
  violations: string[];
  enforced?: { eval: boolean; trustedTypes: boolean };
}

/** Loads the page under the strict policy (with `query`) in a frame and waits for its report. */
async function reportFrom(query = ''): Promise<Report> {
  const frame = document.createElement('iframe');
  frame.allow = 'microphone';
  const report = new Promise<Report>((resolve) => {
    window.addEventListener('message', function onMessage(event) {
      if (event.source !== frame.contentWindow) return;
      window.removeEventListener('message', onMessage);
      resolve(event.data);
    });
  });
  frame.src = new URL(`./csp/page.html${query}`, import.meta.url).href;
  document.body.append(frame);
  try {
    return await report;
  } finally {
    frame.remove();
  }
}

describe('strict Content-Security-Policy and Trusted Types', () => {
  it('records and stops with no policy violation', async () => {
    const { size, error, violations, enforced } = await reportFrom();
    expect(error).to.be.undefined;
    expect(violations).to.deep.equal([]);
    expect(size).to.be.greaterThan(0);
    // The policy really is in force: eval is refused, and so are string HTML sinks where Trusted Types exist.
    expect(enforced!.eval).to.be.true;
    if ('trustedTypes' in window) expect(enforced!.trustedTypes).to.be.true;
  });

  it('format="wav" with blob: allowed in script-src, as the README says: a WAV, no violation', async () => {
    const { size, type, errors, error, violations } = await reportFrom('?format=wav&policy=blob');
    expect(error).to.be.undefined;
    expect(errors).to.deep.equal([]);
    expect(violations).to.deep.equal([]);
    expect(type).to.equal('audio/wav');
    expect(size).to.be.greaterThan(44);
  });

  it('format="wav" without blob: allowed: an error that says what to allow, and the recording in the browser\'s own format', async () => {
    const { size, type, errors, error, violations } = await reportFrom('?format=wav');
    expect(error).to.be.undefined;
    expect(errors).to.have.length(1);
    expect(errors[0]).to.match(/^SecurityError: .*script-src blob:/);
    // Reported as a violation where the engine does (not Chromium, for a worklet); never anything else.
    expect(violations.every((violation) => violation.startsWith('script-src'))).to.be.true;
    expect(type).to.match(/^audio\/(webm|ogg|mp4)/);
    expect(size).to.be.greaterThan(0);
  });
});
