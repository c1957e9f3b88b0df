import { expect, fixture, html } from '@open-wc/testing';
import type { MediaRecorderButton } from '../../src/index.js';
import { recorderFixture, sleep, stubMicrophonePermission } from '../helpers.js';

const part = (el: MediaRecorderButton, name: string) => el.shadowRoot!.querySelector(`[part=${name}]`) as HTMLElement;
const announcement = (el: MediaRecorderButton) => el.shadowRoot!.querySelector('[role=status]')!.textContent!.trim();

describe('microphone permission denied: explained to the user', () => {
  it('reflects permission="denied" before any request, and says how to allow the microphone', async () => {
    // Measured: with the browser set to deny, the Permissions API says `denied` from the start.
    const el = await recorderFixture();
    await sleep(50);
    await el.updateComplete;
    expect(el.getAttribute('permission')).to.equal('denied');
    expect(part(el, 'message').hidden).to.be.false;
    expect(part(el, 'message').textContent).to.match(/^Microphone access is blocked\. Allow the microphone for this site/);
    expect(announcement(el), 'nothing is announced before the user acts').to.equal('');
  });

  it('announces how to allow the microphone when the user tries to record, every time', async () => {
    const el = await recorderFixture();
    const button = el.shadowRoot!.querySelector('button')!;
    button.click();
    await el.start().catch(() => {});
    await el.updateComplete;
    const first = el.shadowRoot!.querySelector('[role=status]')!.textContent;
    expect(announcement(el)).to.equal(part(el, 'message').textContent);
    expect(announcement(el)).to.match(/Allow the microphone/);
    button.click();
    await el.start().catch(() => {});
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role=status]')!.textContent).to.not.equal(first);
    await expect(el).to.be.accessible();
  });

  it('turns to denied after NotAllowedError even when the query still says prompt', async () => {
    const permission = stubMicrophonePermission('prompt');
    try {
      const el = await recorderFixture();
      await sleep(0);
      await el.updateComplete;
      expect(el.getAttribute('permission')).to.equal('prompt');
      expect(part(el, 'message').hidden).to.be.true;
      await el.start().catch(() => {});
      await el.updateComplete;
      expect(el.getAttribute('permission')).to.equal('denied');
      expect(part(el, 'message').hidden).to.be.false;

      // Allowed in the browser's settings: the advice goes away.
      permission.change('granted');
      await el.updateComplete;
      expect(part(el, 'message').hidden).to.be.true;
    } finally {
      permission.restore();
    }
  });

  it('takes its advice from message-denied', async () => {
    const container = await fixture<HTMLDivElement>(html`
      <div lang="fr">
        <media-recorder-button
          message-denied="Le micro est bloqué. Autorisez-le dans les réglages du site, puis réessayez."
        ></media-recorder-button>
      </div>
    `);
    const el = container.querySelector('media-recorder-button')!;
    await el.start().catch(() => {});
    await el.updateComplete;
    expect(part(el, 'message').textContent).to.equal('Le micro est bloqué. Autorisez-le dans les réglages du site, puis réessayez.');
    expect(announcement(el)).to.equal('Le micro est bloqué. Autorisez-le dans les réglages du site, puis réessayez.');
  });
});
