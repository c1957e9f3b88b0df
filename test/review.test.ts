import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { drawPeaks, fractionAt, levelsOf, positionAfterKey } from '../src/review/peaks.js';
import { nextEvent, sleep, until } from './helpers.js';
import { countPauses, decoded, decodedWithSound, drawnBars, fetches, part, record, reviewFixture, seen, slider, watchObjectUrls } from './review-helpers.js';

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
    // Once decoded, the fake microphone's sound: bars taller than silence's dots. The length is then
    // the decoder's, which may differ from the recorder's (Firefox's fake microphone, on a busy machine).
    await until(() => drawnBars(part<HTMLCanvasElement>(el, 'waveform')!).tall > 0, 10_000);
    await el.updateComplete;
    let view = slider(el);
    expect(view.max).to.be.closeTo(duration, 1);
    expect(view.now).to.equal(0);
    const length = view.readout.split(' / ')[1];
    expect(view.readout).to.match(/^00:00 \/ 00:0[12]$/);
    expect(view.text).to.match(/^0 seconds of [12] seconds?$/);

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
    await sendKeys({ press: 'ArrowLeft' });
    await el.updateComplete;
    expect(slider(el).now).to.equal(0);
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
    await decodedWithSound(el);
    const box = part(el, 'waveform')!.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(box.left + box.width * 0.75), Math.round(box.top + box.height / 2)] });
    await el.updateComplete;
    const { now, max } = slider(el);
    expect(now).to.be.closeTo(max * 0.75, 0.15);
    // The player starts there.
    const audio = el.shadowRoot!.querySelector('audio')!;
    part(el, 'play')!.click();
    await until(() => !audio.paused && audio.currentTime > 0, 10_000);
    expect(audio.currentTime).to.be.closeTo(max * 0.75, 0.6);
    part(el, 'play')!.click();
    await until(() => audio.paused);
  });

  it('deletes the recording: the form value cleared, change with null, the record button focused', async () => {
    const { form, el } = await reviewFixture();
    const urls = watchObjectUrls();
    await record(el, 700).finally(urls.stop);
    expect(new FormData(form).get('answer')).to.be.instanceOf(File);
    const player = el.shadowRoot!.querySelector('audio')!;
    const pauses = countPauses(player);
    const url = urls.of(el.blob)!;
    expect(await fetches(url), 'the object URL of the recording held').to.be.true;
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
    expect(pauses(), 'the unplayed player not paused').to.equal(0);
    expect(await fetches(url), 'its object URL revoked').to.be.false;
  });

  it('lets go of the object URL when the element is removed, and plays again when it is put back', async () => {
    const { form, el } = await reviewFixture();
    const urls = watchObjectUrls();
    try {
      await record(el, 1200);
      await decoded(el);
      const player = el.shadowRoot!.querySelector('audio')!;
      const pauses = countPauses(player);
      const url = urls.of(el.blob)!;
      el.remove();
      expect(pauses(), 'the unplayed player not paused').to.equal(0);
      expect(await fetches(url), 'revoked').to.be.false;
      form.append(el);
      await el.updateComplete;
      const again = urls.of(el.blob)!;
      expect(again).not.to.equal(url);
      expect(await fetches(again)).to.be.true;
      const audio = el.shadowRoot!.querySelector('audio')!;
      part(el, 'play')!.click();
      await until(() => !audio.paused && audio.currentTime > 0.2, 10_000);
      expect(audio.src, 'plays the new URL').to.equal(again);
    } finally {
      urls.stop();
    }
  });

  it('loads nothing into the player until it is played, then plays from where the slider was put', async () => {
    const { el } = await reviewFixture();
    await record(el, 2300);
    await decoded(el);
    const audio = el.shadowRoot!.querySelector('audio')!;
    expect(audio.hasAttribute('src'), 'no source yet').to.be.false;
    expect(audio.networkState).to.equal(HTMLMediaElement.NETWORK_EMPTY);
    slider(el).element.focus();
    await sendKeys({ press: 'ArrowRight' });
    part(el, 'play')!.click();
    await until(() => !audio.paused && audio.currentTime > 0, 10_000);
    expect(audio.currentTime, 'from the second the slider was put at').to.be.at.least(1);
    part(el, 'play')!.click();
    await until(() => audio.paused);
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

  it('mirrors right-to-left: the start of the recording at the right', async () => {
    const { el } = await reviewFixture(html`<form dir="rtl"><media-recorder-button review name="answer"></media-recorder-button></form>`);
    await record(el, 2300);
    await decodedWithSound(el);
    const waveform = part(el, 'waveform')!;
    const box = waveform.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(box.left + box.width * 0.25), Math.round(box.top + box.height / 2)] });
    await el.updateComplete;
    const { now, max } = slider(el);
    expect(now).to.be.closeTo(max * 0.75, 0.15);
    // The buttons mirror too: the record button at the inline start, the delete button at the end.
    expect(part(el, 'button')!.getBoundingClientRect().left).to.be.greaterThan(part(el, 'discard')!.getBoundingClientRect().left);
    waveform.focus();
    await sendKeys({ press: 'Home' });
    await sendKeys({ press: 'ArrowLeft' });
    await el.updateComplete;
    expect(slider(el).now, 'the left arrow moves towards the end').to.equal(1);
  });

  it('cannot be operated while disabled, but keeps showing the recording', async () => {
    const { el } = await reviewFixture();
    await record(el, 1200);
    await decoded(el);
    el.disabled = true;
    await el.updateComplete;
    expect(part<HTMLButtonElement>(el, 'play')!.disabled).to.be.true;
    expect(part<HTMLButtonElement>(el, 'discard')!.disabled).to.be.true;
    const waveform = part(el, 'waveform')!;
    expect(waveform.getAttribute('aria-disabled')).to.equal('true');
    expect(waveform.tabIndex).to.equal(-1);
    const box = waveform.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(box.left + box.width * 0.75), Math.round(box.top + box.height / 2)] });
    await el.updateComplete;
    expect(slider(el).now).to.equal(0);
    expect(el.blob).to.be.instanceOf(Blob);
  });

  it('is accessible with nothing to review, while recording, reviewing, playing and unplayable (axe)', async () => {
    const { el } = await reviewFixture();
    await expect(el).to.be.accessible();
    await el.start();
    await el.updateComplete;
    await expect(el).to.be.accessible();
    await sleep(800); // a recording long enough to have a length
    await el.stop();
    await decoded(el);
    await expect(el).to.be.accessible();
    part(el, 'play')!.click();
    await until(() => part(el, 'play')!.getAttribute('aria-label') === 'Pause playback', 10_000);
    await expect(el).to.be.accessible();
    const unplayable = (await reviewFixture()).el;
    unplayable.formStateRestoreCallback(new File([new Uint8Array(100)], 'broken.webm', { type: 'audio/webm' }));
    await until(() => !!part<HTMLButtonElement>(unplayable, 'play')?.disabled, 10_000);
    await expect(unplayable).to.be.accessible();
  });

  it('shows a recording the browser restored into the form, with its decoded length', async () => {
    const source = await reviewFixture();
    await record(source.el, 2300);
    const file = new File([source.el.blob!], 'answer.webm', { type: source.el.blob!.type });
    const { el } = await reviewFixture();
    const changes: unknown[] = [];
    el.addEventListener('change', (event) => changes.push(event));
    el.formStateRestoreCallback(file);
    await decoded(el);
    await until(() => Math.abs(slider(el).max - slider(source.el).max) < 0.05, 10_000);
    expect(seen(part(el, 'play'))).to.be.true;
    expect(part(el, 'label')!.textContent).to.equal('Record again');
    expect(changes, 'a restore is not a change the user made').to.have.length(0);
  });

  it('takes its labels from attributes', async () => {
    const { el } = await reviewFixture(
      html`<form>
        <media-recorder-button
          review
          label-play="Écouter"
          label-stop-playback="Mettre en pause"
          label-discard="Supprimer"
          label-restart="Recommencer"
          label-seek="Position"
          label-seek-value="{position} sur {duration}"
        ></media-recorder-button>
      </form>`,
    );
    await record(el, 1200);
    await decoded(el);
    expect(part(el, 'play')!.getAttribute('aria-label')).to.equal('Écouter');
    expect(part(el, 'discard')!.getAttribute('aria-label')).to.equal('Supprimer');
    expect(part(el, 'label')!.textContent).to.equal('Recommencer');
    expect(part(el, 'waveform')!.getAttribute('aria-label')).to.equal('Position');
    expect(slider(el).text).to.match(/^0 seconds sur 1 second$/);
    part(el, 'play')!.click();
    await until(() => part(el, 'play')!.getAttribute('aria-label') === 'Mettre en pause', 10_000);
  });
});

describe('docs/review.md', () => {
  it('runs its example: Send is enabled while there is a recording', async () => {
    const page = await (await fetch('/docs/review.md')).text();
    const example = /```html\n([\s\S]*?)```/.exec(page)![1];
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    container.innerHTML = example.replace(/<script type="module">[\s\S]*?<\/script>/, '');
    // Run as a classic script in a block of its own (it imports nothing): WebKit can hang importing a blob: module here.
    const script = document.createElement('script');
    script.textContent = `{${/<script type="module">([\s\S]*?)<\/script>/.exec(example)![1]}}`;
    container.append(script);
    const el = container.querySelector('media-recorder-button')!;
    const send = container.querySelector<HTMLButtonElement>('#send')!;
    await until(() => !!part(el, 'discard'), 10_000);
    expect(send.disabled).to.be.true;
    await record(el, 700);
    expect(send.disabled).to.be.false;
    part(el, 'discard')!.click();
    expect(send.disabled).to.be.true;
  });
});

describe('review: pure functions', () => {
  it('levelsOf: the loudness of equal stretches on the meter scale, the loudest channel', () => {
    const quiet = new Float32Array(8000).fill(0.001); // −60 dBFS: under the meter's floor
    const loud = new Float32Array(8000);
    loud.fill(1, 4000); // full scale in the second half
    const levels = levelsOf([quiet, loud], 4);
    expect(Array.from(levels)).to.deep.equal([0, 0, 1, 1]);
    expect(levelsOf([new Float32Array(4000).fill(0.0039811)], 2)[0]).to.be.closeTo(1 - 48 / 48 + 0.001, 0.01); // −48 dB: 0
    expect(levelsOf([new Float32Array(4000).fill(0.0630957)], 1)[0]).to.be.closeTo(0.5, 0.01); // −24 dB: half
    expect(Array.from(levelsOf([], 3))).to.deep.equal([0, 0, 0]);
    // Every sample counts, those past a multiple of four too: the mean square of six samples, one of them 0.5.
    const rms = Math.sqrt(0.25 / 6);
    expect(levelsOf([Float32Array.of(0, 0, 0, 0, 0, 0.5)], 1)[0]).to.be.closeTo(1 - (20 * Math.log10(rms)) / -48, 1e-6);
    expect(levelsOf([Float32Array.of(0.5, 0, 0, 0, 0, 0)], 1)[0]).to.be.closeTo(1 - (20 * Math.log10(rms)) / -48, 1e-6);
  });

  it('drawPeaks: one bar per step from the start, the played ones in their colour, mirrored right-to-left', () => {
    const canvas = document.createElement('canvas');
    canvas.width = 50;
    canvas.height = 20;
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    const levels = new Float32Array([1, 0, 0, 0, 0, 0, 0, 0, 0, 0.5]);
    const style = { color: 'rgb(0, 0, 255)', playedColor: 'rgb(255, 0, 0)', barWidth: 3, barGap: 2 };
    drawPeaks(context, levels, 0.5, 50, 20, style);
    const pixel = (x: number, y: number) => Array.from(context.getImageData(x, y, 1, 1).data);
    expect(pixel(1, 0), 'the first bar, full height, played').to.deep.equal([255, 0, 0, 255]);
    expect(pixel(3, 10), 'a gap').to.deep.equal([0, 0, 0, 0]);
    expect(pixel(6, 10), 'silence: a dot in the middle').to.deep.equal([255, 0, 0, 255]);
    expect(pixel(6, 5), 'nothing above the dot').to.deep.equal([0, 0, 0, 0]);
    expect(pixel(46, 5), 'the last bar, half height, not played').to.deep.equal([0, 0, 255, 255]);
    expect(pixel(46, 2)).to.deep.equal([0, 0, 0, 0]);
    drawPeaks(context, levels, 0, 50, 20, { ...style, rtl: true });
    expect(pixel(48, 0), 'right-to-left: the first bar at the right').to.deep.equal([0, 0, 255, 255]);
    expect(pixel(1, 0)).to.deep.equal([0, 0, 0, 0]);
  });

  it('fractionAt and positionAfterKey: mirrored right-to-left, kept within the recording', () => {
    expect(fractionAt(25, 100, false)).to.equal(0.25);
    expect(fractionAt(25, 100, true)).to.equal(0.75);
    expect(fractionAt(-5, 100, false)).to.equal(0);
    expect(fractionAt(500, 100, false)).to.equal(1);
    expect(fractionAt(5, 0, false)).to.equal(0);
    expect(positionAfterKey('ArrowRight', 3, 10, false)).to.equal(4);
    expect(positionAfterKey('ArrowRight', 3, 10, true)).to.equal(2);
    expect(positionAfterKey('ArrowLeft', 3, 10, true)).to.equal(4);
    expect(positionAfterKey('ArrowUp', 3, 10, false)).to.equal(4);
    expect(positionAfterKey('ArrowDown', 0.5, 10, false)).to.equal(0);
    expect(positionAfterKey('PageUp', 3, 10, false)).to.equal(10);
    expect(positionAfterKey('PageDown', 30, 40, false)).to.equal(20);
    expect(positionAfterKey('Home', 3, 10, false)).to.equal(0);
    expect(positionAfterKey('End', 3, 10, false)).to.equal(10);
    expect(positionAfterKey('a', 3, 10, false)).to.equal(null);
  });
});

