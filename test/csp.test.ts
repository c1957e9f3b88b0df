import { expect } from '@open-wc/testing';

interface Report {
  size?: number;
  error?: string;
  violations: string[];
  enforced?: { eval: boolean; trustedTypes: boolean };
}

describe('strict Content-Security-Policy and Trusted Types', () => {
  it('records and stops with no policy violation', async () => {
    const frame = document.createElement('iframe');
    frame.allow = 'microphone';
    const report = new Promise<Report>((resolve) => {
      window.addEventListener('message', function onMessage(event) {
        if (event.source !== frame.contentWindow) return;
        window.removeEventListener('message', onMessage);
        resolve(event.data);
      });
    });
    frame.src = new URL('./csp/page.html', import.meta.url).href;
    document.body.append(frame);
    try {
      const { size, error, violations, enforced } = await report;
      expect(error).to.be.undefined;
      expect(violations).to.deep.equal([]);
      expect(size).to.be.greaterThan(0);
      // The policy really is in force: eval is refused, and so are string HTML sinks where Trusted Types exist.
      expect(enforced!.eval).to.be.true;
      if ('trustedTypes' in window) expect(enforced!.trustedTypes).to.be.true;
    } finally {
      frame.remove();
    }
  });
});
