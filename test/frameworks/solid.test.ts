// Solid, rendered in the browser (solid-js/html: the same output as Solid's JSX compiler, without
// a build step): `prop:` sets a property, `on:` listens to an event.
import { expect, waitUntil } from '@open-wc/testing';
import { createSignal } from 'solid-js';
import html from 'solid-js/html';
import { render } from 'solid-js/web';
import type { StopEventDetail } from '../../src/index.js';
import { sleep, spyOnGetUserMedia } from '../helpers.js';

describe('Solid', () => {
  it('records with prop:recording and hands the Blob to on:stop; no microphone before', async () => {
    const microphone = spyOnGetUserMedia();
    const container = document.createElement('div');
    document.body.append(container);
    const [recording, setRecording] = createSignal(false);
    const stops: StopEventDetail[] = [];
    const dispose = render(
      () => html`<media-recorder-button
        prop:recording=${recording}
        max-duration="60"
        on:start=${() => setRecording(true)}
        on:stop=${(event: CustomEvent<StopEventDetail>) => {
          setRecording(false);
          stops.push(event.detail);
        }}
      ></media-recorder-button>`,
      container,
    );
    try {
      const el = container.querySelector('media-recorder-button')!;
      await sleep(300);
      expect(microphone.calls, 'getUserMedia before recording is asked for').to.equal(0);
      expect(el.maxDuration).to.equal(60);

      setRecording(true);
      await waitUntil(() => el.state === 'recording', 'prop:recording did not start', { timeout: 5000 });
      await sleep(800);
      el.shadowRoot!.querySelector('button')!.click();
      await waitUntil(() => stops.length === 1, 'on:stop not reached', { timeout: 5000 });
      expect(stops[0].reason).to.equal('user');
      expect(stops[0].blob.size).to.be.greaterThan(1000);
      expect(recording(), 'on:stop set the signal').to.be.false;
    } finally {
      dispose();
      container.remove();
      microphone.restore();
    }
  });
});
