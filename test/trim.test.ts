import { expect, html } from '@open-wc/testing';
import { executeServerCommand, sendKeys, sendMouse } from '@web/test-runner-commands';
import type { MediaRecorderButton } from '../src/index.js';
import { drawPeaks } from '../src/review/peaks.js';
import { decodedDuration, inWebKit, nextEvent, toneWav, until } from './helpers.js';
import { decoded, fetches, part, record, reviewFixture, slider } from './review-helpers.js';

/**
 * What the engine's decoder leaves out of the start of a stream: WebKit (GStreamer) drops the first
 * AAC frame, its priming (1024 samples, about 23 ms), of a cut as of any MP4 without an edit list.
 */
const decoderLead = inWebKit ? 0.023 : 0;

/**
 * How far a handle may land from where it was put, as its aria-valuenow (in hundredths) tells: WebM
 * (Chromium, Firefox) is Opus, cut to the sample; WebKit's MP4 is AAC, cut at the frame boundary
 * nearest (frames of about 21 ms).
 */
const cutPrecision = 0.0051 + (inWebKit ? 0.011 : 0);

const trimFixture = () => reviewFixture(html`<form><media-recorder-button review trim name="answer"></media-recorder-button></form>`);

/** Waits for the handles, which come once the recording is decoded. */
async function handles(el: MediaRecorderButton) {
  await decoded(el);
  await until(() => !!part(el, 'trim-end'), 10_000);
  await el.updateComplete;
  return { start: part(el, 'trim-start')!, end: part(el, 'trim-end')! };
}

const valueOf = (handle: HTMLElement) => Number(handle.getAttribute('aria-valuenow'));

/** Presses `key` on `handle` and waits for the `change` that holds the cut. */
async function pressOn(el: MediaRecorderButton, handle: HTMLElement, key: string) {
  const changed = nextEvent(el, 'change');
  handle.focus();
  await sendKeys({ press: key });
  const { detail } = await changed;
  await el.updateComplete;
  return detail.blob!;
}

interface Probe {
  ok: boolean;
  errors: string;
  format?: { duration: string };
  packets: Array<{ pts_time: string; duration_time: string }>;
}

/** What ffprobe, a reader independent of the browsers, makes of `blob`. */
async function ffprobe(blob: Blob, name: string): Promise<Probe> {
  const base64 = await new Promise<string>((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(',')[1]);
    reader.readAsDataURL(blob);
  });
  return executeServerCommand<Probe, { base64: string; name: string }>('ffprobe', { base64, name });
}

describe('trim', () => {
  it('shows two handles at the ends of the recording, named sliders (axe)', async () => {
    const { el } = await trimFixture();
    expect(part(el, 'trim-start'), 'no handles before there is a recording').to.equal(null);
    await record(el, 1500);
    const { start, end } = await handles(el);
    const length = slider(el).max;
    expect(start.getAttribute('role')).to.equal('slider');
    expect(start.getAttribute('aria-label')).to.equal('Trim start');
    expect(end.getAttribute('aria-label')).to.equal('Trim end');
    expect(valueOf(start)).to.equal(0);
    expect(valueOf(end), 'the end handle at the end').to.equal(Number(end.getAttribute('aria-valuemax')));
    expect(valueOf(end)).to.be.closeTo(length, 0.051);
    const waveform = part(el, 'waveform')!.getBoundingClientRect();
    const middle = (handle: HTMLElement) => (handle.getBoundingClientRect().left + handle.getBoundingClientRect().right) / 2;
    expect(Math.abs(middle(start) - waveform.left), 'the start handle at the waveform start').to.be.below(2);
    expect(Math.abs(middle(end) - waveform.right), 'the end handle at the waveform end').to.be.below(2);
    await expect(el).to.be.accessible();
    el.setAttribute('label-trim-start', 'Début');
    el.setAttribute('label-trim-end', 'Fin');
    await el.updateComplete;
    expect(start.getAttribute('aria-label')).to.equal('Début');
    expect(end.getAttribute('aria-label')).to.equal('Fin');
  });

  it('trims by keyboard: the held recording, the form value and change become the cut, which ffprobe reads cleanly', async () => {
    const { form, el } = await trimFixture();
    await record(el, 3200);
    const { start, end } = await handles(el);
    const original = el.blob!;
    const { name } = new FormData(form).get('answer') as File;
    const length = await decodedDuration(original);

    const headCut = await pressOn(el, start, 'PageUp');
    expect(headCut === el.blob, 'change carries the recording held').to.be.true;
    expect((new FormData(form).get('answer') as File).size).to.equal(headCut.size);
    expect(headCut.size).to.be.below(original.size);
    // The handles go where the cut fell.
    expect(valueOf(start)).to.be.closeTo(1, cutPrecision);
    expect(await decodedDuration(headCut), 'the length between the handles').to.be.closeTo(valueOf(end) - valueOf(start) - decoderLead, 0.025);

    const bothCut = await pressOn(el, end, 'PageDown');
    expect(valueOf(end)).to.be.closeTo(length - 1, cutPrecision);
    expect(await decodedDuration(bothCut), 'the length between the handles').to.be.closeTo(valueOf(end) - valueOf(start) - decoderLead, 0.025);
    expect(slider(el).max, 'the playback slider spans the cut').to.be.closeTo(valueOf(end) - valueOf(start), 0.1);

    const probe = await ffprobe(bothCut, `cut.${bothCut.type.includes('mp4') ? 'mp4' : 'webm'}`);
    expect(probe.ok, probe.errors).to.be.true;
    expect(probe.errors, 'ffprobe finds nothing wrong').to.equal('');
    expect(Number(probe.format!.duration)).to.be.closeTo(valueOf(end) - valueOf(start), 0.025);
    // The cut starts at 0; WebM's first Opus packet earlier, by what the decoder is told to drop of it.
    const first = probe.packets[0];
    if (inWebKit) expect(Number(first.pts_time), 'the cut starts at 0').to.be.closeTo(0, 0.001);
    else expect(Number(first.pts_time), 'the cut starts at 0, in its first packet').to.be.within(-Number(first.duration_time), 0);

    // Back to the ends: the recording as it was.
    await pressOn(el, start, 'Home');
    const whole = await pressOn(el, end, 'End');
    const [a, b] = await Promise.all([whole, original].map(async (blob) => new Uint8Array(await blob.arrayBuffer())));
    expect(a.length === b.length && a.every((byte, i) => byte === b[i]), 'the recording as recorded').to.be.true;
    expect((whole as File).name, 'named as the recording').to.equal(name);
  });

  it('empties the player that played the recording before the cut, and plays the cut', async () => {
    const { el } = await trimFixture();
    await record(el, 2300);
    const { start } = await handles(el);
    const audio = el.shadowRoot!.querySelector('audio')!;
    part(el, 'play')!.click();
    await until(() => !audio.paused && audio.currentTime > 0.2, 10_000);
    part(el, 'play')!.click();
    await until(() => audio.paused);
    const played = audio.src;
    const cut = await pressOn(el, start, 'ArrowRight');
    expect(el.shadowRoot!.querySelector('audio') === audio, 'the same player').to.be.true;
    expect(audio.hasAttribute('src'), 'emptied').to.be.false;
    expect(audio.readyState, 'nothing of the recording left in it').to.equal(HTMLMediaElement.HAVE_NOTHING);
    expect(await fetches(played), 'the URL of what it played revoked').to.be.false;
    part(el, 'play')!.click();
    await until(() => !audio.paused && audio.currentTime > 0.2, 10_000);
    expect(await (await fetch(audio.src)).blob().then((blob) => blob.size)).to.equal(cut.size);
    part(el, 'play')!.click();
    await until(() => audio.paused);
  });

  it('trims by dragging a handle', async () => {
    const { el } = await trimFixture();
    await record(el, 2500);
    const { end } = await handles(el);
    const length = await decodedDuration(el.blob!);
    const waveform = part(el, 'waveform')!.getBoundingClientRect();
    const box = end.getBoundingClientRect();
    const changed = nextEvent(el, 'change');
    await sendMouse({ type: 'move', position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [Math.round(waveform.left + waveform.width / 2), Math.round(box.top + box.height / 2)] });
    await sendMouse({ type: 'up' });
    const { detail } = await changed;
    expect(await decodedDuration(detail.blob!)).to.be.closeTo(length / 2, 0.15);
    expect(valueOf(end)).to.be.closeTo(length / 2, 0.15);
  });

  it('keeps a recording it cannot cut as it was, and says so in the console', async () => {
    const { el } = await trimFixture();
    const wav = toneWav(3);
    el.formStateRestoreCallback(wav);
    const { start } = await handles(el);
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => warnings.push(message);
    const changes: unknown[] = [];
    el.addEventListener('change', (event) => changes.push(event));
    try {
      start.focus();
      await sendKeys({ press: 'PageUp' });
      await until(() => warnings.length > 0, 10_000);
    } finally {
      console.warn = warn;
    }
    expect(warnings[0]).to.contain('cannot be cut');
    expect(el.blob === wav, 'the recording kept').to.be.true;
    expect(changes).to.have.length(0);
    await el.updateComplete;
    expect(valueOf(start), 'the handle back where the recording starts').to.equal(0);
  });

  it('mirrors right-to-left: the arrow towards the end (left) moves the start handle later', async () => {
    const { el } = await reviewFixture(html`<form dir="rtl"><media-recorder-button review trim name="answer"></media-recorder-button></form>`);
    await record(el, 1500);
    const { start } = await handles(el);
    const waveform = part(el, 'waveform')!.getBoundingClientRect();
    const middle = start.getBoundingClientRect().left + start.getBoundingClientRect().width / 2;
    expect(Math.abs(middle - waveform.right), 'the start handle at the right').to.be.below(2);
    await pressOn(el, start, 'ArrowLeft');
    expect(valueOf(start)).to.be.closeTo(0.1, 0.035);
  });

  it('cannot be operated while disabled', async () => {
    const { el } = await trimFixture();
    await record(el, 1500);
    const { start } = await handles(el);
    const held = el.blob;
    el.disabled = true;
    await el.updateComplete;
    expect(start.getAttribute('tabindex')).to.equal('-1');
    expect(start.getAttribute('aria-disabled')).to.equal('true');
    start.focus();
    await sendKeys({ press: 'PageUp' });
    await el.updateComplete;
    expect(valueOf(start)).to.equal(0);
    expect(el.blob === held).to.be.true;
  });

  it('drawPeaks: the bars cut away are faint, and never in the played colour', () => {
    const canvas = document.createElement('canvas');
    canvas.width = 100;
    canvas.height = 20;
    const context = canvas.getContext('2d')!;
    drawPeaks(context, new Float32Array(10).fill(1), 1, 100, 20, { color: '#000', playedColor: '#f00', barWidth: 4, barGap: 1 }, [0.5, 1]);
    const pixel = (x: number) => [...context.getImageData(x, 10, 1, 1).data];
    const [red, , , alpha] = pixel(1);
    expect(alpha, 'cut away: faint').to.be.within(60, 90);
    expect(red, 'cut away: not in the played colour').to.equal(0);
    expect(pixel(91), 'kept and played').to.deep.equal([255, 0, 0, 255]);
  });
});
