import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import type { MediaRecorderButton } from '../src/index.js';
import { nextEvent, sleep, until } from './helpers.js';

async function reviewFixture(template = html`<form><media-recorder-button review name="answer"></media-recorder-button></form>`) {
  const form = await fixture<HTMLFormElement>(template);
  const el = form.querySelector('media-recorder-button')!;
  await until(() => !!part(el, 'discard'), 10_000); // the review code is loaded
  return { form, el };
}

const part = <T extends Element = HTMLElement>(el: MediaRecorderButton, name: string) =>
  el.shadowRoot!.querySelector<T>(`[part~=${name}]`);

const seen = (element: Element | null) => !!element && getComputedStyle(element).visibility === 'visible';

/** The slider's value and what it says, and the readout, once the recording's own length is known. */
function slider(el: MediaRecorderButton) {
  const waveform = part(el, 'waveform')!;
  return {
    element: waveform,
    role: waveform.getAttribute('role'),
    now: Number(waveform.getAttribute('aria-valuenow')),
    max: Number(waveform.getAttribute('aria-valuemax')),
    text: waveform.getAttribute('aria-valuetext'),
    readout: part(el, 'time')!.textContent!.trim(),
  };
}

async function record(el: MediaRecorderButton, ms: number) {
  await el.start();
  await sleep(ms);
  const stopped = nextEvent(el, 'stop');
  await el.stop();
  const { detail } = await stopped;
  await el.updateComplete;
  return detail;
}

/** Waits until the recording is decoded: the slider's maximum is the decoded length. */
async function decoded(el: MediaRecorderButton) {
  await until(() => slider(el).role === 'slider' && slider(el).max > 0, 10_000);
  await el.updateComplete;
}

/** The canvas's columns that hold a bar taller than silence's dot, as a fraction of those with any. */
function drawnBars(canvas: HTMLCanvasElement) {
  const { width, height } = canvas;
  const pixels = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
  let tall = 0;
  let any = 0;
  for (let x = 0; x < width; x++) {
    let top = height;
    for (let y = 0; y < height; y++) if (pixels[(y * width + x) * 4 + 3] > 0) top = Math.min(top, y);
    if (top < height) any++;
    if (top < height / 2 - 4 * (window.devicePixelRatio || 1)) tall++;
  }
  return { tall, any };
}

describe('review', () => {
  it('shows nothing to review until a recording ends, keeping the room of its buttons', async () => {
    const { el } = await reviewFixture();
    const width = el.getBoundingClientRect().width;
    expect(seen(part(el, 'play'))).to.be.false;
    expect(seen(part(el, 'discard'))).to.be.false;
    expect(part(el, 'waveform')!.getAttribute('role')).to.be.null;
    expect(part(el, 'label')!.textContent).to.equal('Start recording');

    await el.start();
    await sleep(300);
    expect(seen(part(el, 'play')), 'no play button while recording').to.be.false;
    expect(el.getBoundingClientRect().width).to.equal(width);
    await el.stop();
    await el.updateComplete;
    expect(seen(part(el, 'play'))).to.be.true;
    expect(seen(part(el, 'discard'))).to.be.true;
    expect(el.getBoundingClientRect().width, 'the same box in every state').to.equal(width);
    expect(part(el, 'label')!.textContent).to.equal('Record again');
  });

  it("shows the recording's own waveform as a slider with its length, and seeks by keyboard", async () => {
    const { el } = await reviewFixture();
    const { duration } = await record(el, 2300);
    await decoded(el);
    let view = slider(el);
    expect(view.max).to.be.closeTo(duration, 1);
    expect(view.now).to.equal(0);
    const length = view.readout.split(' / ')[1];
    expect(view.readout).to.match(/^00:00 \/ 00:0[12]$/);
    expect(view.text).to.match(/^0 seconds of [12] seconds?$/);
    // Once decoded, the fake microphone's sound: bars taller than silence's dots.
    await until(() => drawnBars(view.element as HTMLCanvasElement).tall > 0, 10_000);

    view.element.focus();
    await sendKeys({ press: 'End' });
    view = slider(el);
    expect(view.now).to.equal(view.max);
    expect(view.readout).to.equal(`${length} / ${length}`);
    await sendKeys({ press: 'Home' });
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    view = slider(el);
    expect(view.now).to.equal(1);
    expect(view.text).to.match(/^1 second of [12] seconds?$/);
    expect(view.readout).to.equal(`00:01 / ${length}`);
    const audio = el.shadowRoot!.querySelector('audio')!;
    expect(audio.currentTime).to.be.closeTo(1, 0.05);
    await sendKeys({ press: 'ArrowLeft' });
    await el.updateComplete;
    expect(slider(el).now).to.equal(0);
    expect(audio.currentTime).to.equal(0);
  });

  it('plays and pauses the recording, the played position moving', async () => {
    const { el } = await reviewFixture();
    await record(el, 2300);
    await decoded(el);
    const play = part<HTMLButtonElement>(el, 'play')!;
    expect(play.getAttribute('aria-label')).to.equal('Play recording');
    const audio = el.shadowRoot!.querySelector('audio')!;
    play.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => !audio.paused && audio.currentTime > 0.6, 10_000);
    await el.updateComplete;
    expect(play.getAttribute('aria-label')).to.equal('Pause playback');
    await sendKeys({ press: 'Enter' });
    await until(() => audio.paused);
    await el.updateComplete;
    expect(play.getAttribute('aria-label')).to.equal('Play recording');
    const at = audio.currentTime;
    expect(at).to.be.greaterThan(0.6);
    expect(slider(el).now, 'the played position').to.be.closeTo(at, 0.1);
    expect(slider(el).readout.startsWith(`00:0${Math.floor(at)} / `)).to.be.true;
    await sleep(300);
    expect(audio.currentTime).to.equal(at);
  });

  it('seeks where the waveform is clicked', async () => {
    const { el } = await reviewFixture();
    await record(el, 2300);
    await decoded(el);
    const box = part(el, 'waveform')!.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(box.left + box.width * 0.75), Math.round(box.top + box.height / 2)] });
    await el.updateComplete;
    const { now, max } = slider(el);
    expect(now).to.be.closeTo(max * 0.75, 0.15);
    expect(el.shadowRoot!.querySelector('audio')!.currentTime).to.be.closeTo(max * 0.75, 0.6);
  });

  it('deletes the recording: the form value cleared, change with null, the record button focused', async () => {
    const { form, el } = await reviewFixture();
    await record(el, 700);
    expect(new FormData(form).get('answer')).to.be.instanceOf(File);
    const changed = nextEvent(el, 'change');
    part(el, 'discard')!.focus();
    await sendKeys({ press: 'Enter' });
    const { detail, bubbles, composed } = await changed;
    expect(detail.blob).to.be.null;
    expect(bubbles && composed).to.be.true;
    expect(el.blob).to.be.null;
    expect(new FormData(form).has('answer')).to.be.false;
    expect(el.matches(':state(recorded)')).to.be.false;
    await el.updateComplete;
    expect(seen(part(el, 'play'))).to.be.false;
    expect(seen(part(el, 'discard'))).to.be.false;
    expect(part(el, 'label')!.textContent).to.equal('Start recording');
    expect(el.shadowRoot!.activeElement === part(el, 'button'), 'the record button focused').to.be.true;
    expect(el.shadowRoot!.querySelector('audio'), 'no player left').to.equal(null);
  });

  it('records again: a new recording replaces the one shown', async () => {
    const { el } = await reviewFixture();
    await record(el, 700);
    const first = el.blob;
    await decoded(el);
    const changed = nextEvent(el, 'change');
    part(el, 'button')!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => el.state === 'recording', 10_000);
    expect(part(el, 'waveform')!.getAttribute('role'), 'the live waveform while recording').to.be.null;
    await sleep(1500);
    await sendKeys({ press: 'Enter' });
    const { detail } = await changed;
    expect(detail.blob === el.blob, 'change: the new recording').to.be.true;
    expect(el.blob === first, 'the first recording replaced').to.be.false;
    await decoded(el);
    expect(slider(el).max).to.be.at.least(1);
  });

  it('shows a recording the browser cannot decode with a flat waveform, play disabled and a message', async () => {
    const { form, el } = await reviewFixture();
    const broken = new File([new Uint8Array(2000).fill(7)], 'answer.webm', { type: 'audio/webm' });
    el.formStateRestoreCallback(broken);
    await until(() => !!part<HTMLButtonElement>(el, 'play')?.disabled, 10_000);
    await el.updateComplete;
    expect(part(el, 'message')!.hidden).to.be.false;
    expect(part(el, 'message')!.textContent).to.match(/cannot play this recording/);
    const bars = drawnBars(part<HTMLCanvasElement>(el, 'waveform')!);
    expect(bars.any).to.be.greaterThan(0);
    expect(bars.tall).to.equal(0);
    expect(seen(part(el, 'discard'))).to.be.true;
    // Nothing recorded is lost by reviewing: the form still holds it.
    expect(new FormData(form).get('answer') === broken, 'the form value kept').to.be.true;
    expect(el.blob === broken, 'the recording kept').to.be.true;
  });
});
