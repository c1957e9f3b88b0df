// The microphone here gives digital silence (see the chromium-silence group).
import { expect } from '@open-wc/testing';
import type { WarningEventDetail } from '../../../src/events.js';
import { nextEvent, recorderFixture, sleep } from '../../helpers.js';

describe('a microphone that gives no sound', () => {
  it('warns no-signal once, after the first 3 s, shows it and says it; the recording goes on', async () => {
    const el = await recorderFixture();
    const warnings: WarningEventDetail[] = [];
    el.addEventListener('warning', (event) => warnings.push(event.detail));
    const warned = nextEvent(el, 'warning');
    await el.start();
    const startedAt = performance.now();
    const { detail, bubbles, composed } = await warned;
    // Counted on the audio clock: never before 3 s of sound.
    expect(performance.now() - startedAt).to.be.greaterThan(2900);
    expect(detail.code).to.equal('no-signal');
    expect(bubbles && composed).to.be.true;
    expect(detail.message).to.match(/no sound/);
    await el.updateComplete;
    const message = el.shadowRoot!.querySelector('[part=message]') as HTMLElement;
    expect(message.hidden).to.be.false;
    expect(message.textContent).to.include(detail.message);
    expect(el.shadowRoot!.querySelector('[role=status]')!.textContent).to.include(detail.message);
    expect(el.state).to.equal('recording');
    await sleep(1500);
    expect(warnings.map((warning) => warning.code)).to.deep.equal(['no-signal']);
    const stopped = nextEvent(el, 'stop');
    await el.stop();
    expect((await stopped).detail.reason).to.equal('user');
    await el.updateComplete;
    expect(message.hidden, 'the warning goes with the recording').to.be.true;
  });

  it('shows the page\'s own words: message-no-signal', async () => {
    const el = await recorderFixture();
    el.setAttribute('message-no-signal', 'Pas de son.');
    const warned = nextEvent(el, 'warning');
    await el.start();
    expect((await warned).detail.message).to.equal('Pas de son.');
    await el.stop();
  });

  it('never stops on silence when no speech was heard', async () => {
    const el = await recorderFixture();
    el.setAttribute('stop-after-silence', '1');
    await el.start();
    await sleep(3000);
    expect(el.state).to.equal('recording');
    const stopped = nextEvent(el, 'stop');
    await el.stop();
    expect((await stopped).detail.reason).to.equal('user');
  });
});
