// Server renderers (Nuxt, SvelteKit, …) write `recording="false"` for a false binding: every
// boolean attribute reads "false" as false, and such markup never asks for the microphone.
import { expect } from '@open-wc/testing';
import type { MediaRecorderButton } from '../src/index.js';
import { nextEvent, sleep, spyOnGetUserMedia } from './helpers.js';

describe('boolean attributes', () => {
  let microphone: ReturnType<typeof spyOnGetUserMedia>;
  let container: HTMLElement;
  beforeEach(() => {
    microphone = spyOnGetUserMedia();
    container = document.createElement('form');
    document.body.append(container);
  });
  afterEach(() => {
    container.remove();
    microphone.restore();
  });

  async function parse(markup: string) {
    container.innerHTML = markup;
    const el = container.querySelector('media-recorder-button') as MediaRecorderButton;
    await el.updateComplete;
    return el;
  }

  it('reads "false" as false: no microphone request, nothing disabled, required or counting down', async () => {
    const el = await parse(
      '<media-recorder-button recording="false" paused="false" disabled="false" required="false" countdown="false" max-duration="5"></media-recorder-button>',
    );
    await sleep(300);
    expect(microphone.calls, 'getUserMedia').to.equal(0);
    expect(el.recording).to.be.false;
    expect(el.state).to.equal('inactive');
    expect(el.paused).to.be.false;
    expect(el.disabled).to.be.false;
    expect(el.shadowRoot!.querySelector('button')!.disabled).to.be.false;
    expect(el.required).to.be.false;
    expect(el.checkValidity()).to.be.true;
    expect(el.countdown).to.be.false;
    expect(el.shadowRoot!.querySelector('[part=time]')!.textContent).to.equal('00:00');
  });

  it('reads "FALSE" and " false " as false too', async () => {
    const el = await parse('<media-recorder-button recording="FALSE" disabled=" false "></media-recorder-button>');
    await sleep(300);
    expect(microphone.calls).to.equal(0);
    expect(el.disabled).to.be.false;
  });

  it('reads any other value as true', async () => {
    const el = await parse('<media-recorder-button disabled="disabled" required="" countdown="true"></media-recorder-button>');
    expect(el.disabled).to.be.true;
    expect(el.required).to.be.true;
    expect(el.countdown).to.be.true;
    expect(el.validity!.valueMissing).to.be.true;
  });

  it('starts when recording="false" becomes "true", and reflects as a plain attribute', async () => {
    const el = await parse('<media-recorder-button recording="false"></media-recorder-button>');
    const started = nextEvent(el, 'start');
    el.setAttribute('recording', 'true');
    await started;
    expect(microphone.calls).to.equal(1);
    const stopped = nextEvent(el, 'stop');
    el.setAttribute('recording', 'false');
    await stopped;
    await el.updateComplete;
    expect(el.hasAttribute('recording'), 'removed when the recording ends').to.be.false;
    expect(el.recording).to.be.false;
  });
});
