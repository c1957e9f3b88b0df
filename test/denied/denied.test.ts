import { expect } from '@open-wc/testing';
import { nextEvent, recorderFixture, spyOnGetUserMedia } from '../helpers.js';

describe('microphone permission denied (real browser prompt, answered no)', () => {
  it('reports NotAllowedError without bubbling, rejects start() and returns to inactive', async () => {
    const microphone = spyOnGetUserMedia();
    const bubbled: Event[] = [];
    const onBubbled = (event: Event) => bubbled.push(event);
    document.addEventListener('error', onBubbled);
    try {
      const el = await recorderFixture();
      const failed = nextEvent(el, 'error');
      let rejection: unknown;
      el.shadowRoot!.querySelector('button')!.click();
      await el.start().catch((error) => (rejection = error));
      const { detail } = await failed;
      expect(detail.error.name).to.equal('NotAllowedError');
      expect(detail.error.message).to.match(/Allow the microphone/);
      expect(rejection).to.equal(detail.error);
      expect(microphone.calls).to.equal(1);
      await el.updateComplete;
      expect(el.state).to.equal('inactive');
      expect(el.hasAttribute('recording')).to.be.false;
      expect(bubbled).to.have.length(0);
    } finally {
      document.removeEventListener('error', onBubbled);
      microphone.restore();
    }
  });
});
