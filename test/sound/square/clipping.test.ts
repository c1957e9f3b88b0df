// The microphone here plays a full-scale square wave (see the chromium-square group).
import { expect, html } from '@open-wc/testing';
import type { WarningEventDetail } from '../../../src/events.js';
import { nextEvent, recorderFixture, sleep } from '../../helpers.js';

describe('a microphone that keeps hitting full scale', () => {
  it('warns clipping once and shows it; no no-signal; the recording goes on', async () => {
    // Without the browser's gain control, which would turn it down.
    const el = await recorderFixture(html`<media-recorder-button auto-gain-control="false" echo-cancellation="false" noise-suppression="false"></media-recorder-button>`);
    const warnings: WarningEventDetail[] = [];
    el.addEventListener('warning', (event) => warnings.push(event.detail));
    const warned = nextEvent(el, 'warning');
    await el.start();
    const { detail } = await warned;
    expect(detail.code).to.equal('clipping');
    expect(detail.message).to.match(/too loud/);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=message]')!.textContent).to.include(detail.message);
    await sleep(3500);
    expect(warnings.map((warning) => warning.code)).to.deep.equal(['clipping']);
    expect(el.state).to.equal('recording');
    await el.stop();
  });
});
