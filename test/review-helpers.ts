// What the review tests share: an element with `review` in a form, its parts, a recording made with it.
import { fixture, html } from '@open-wc/testing';
import type { MediaRecorderButton } from '../src/index.js';
import { nextEvent, sleep, until } from './helpers.js';

export async function reviewFixture(template = html`<form><media-recorder-button review name="answer"></media-recorder-button></form>`) {
  const form = await fixture<HTMLFormElement>(template);
  const el = form.querySelector('media-recorder-button')!;
  await until(() => !!part(el, 'discard'), 10_000); // the review code is loaded
  return { form, el };
}

export const part = <T extends Element = HTMLElement>(el: MediaRecorderButton, name: string) =>
  el.shadowRoot!.querySelector<T>(`[part~=${name}]`);

export const seen = (element: Element | null) => !!element && getComputedStyle(element).visibility === 'visible';

/** The slider's value and what it says, and the readout, once the recording's own length is known. */
export function slider(el: MediaRecorderButton) {
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

export async function record(el: MediaRecorderButton, ms: number) {
  await el.start();
  await sleep(ms);
  const stopped = nextEvent(el, 'stop');
  await el.stop();
  const { detail } = await stopped;
  await el.updateComplete;
  return detail;
}

/** The object URLs made from now on, each with what it was made of, until `stop()`. */
export function watchObjectUrls() {
  const made: Array<{ url: string; of: Blob | MediaSource }> = [];
  const native = URL.createObjectURL;
  URL.createObjectURL = (of: Blob | MediaSource) => {
    const url = native.call(URL, of);
    made.push({ url, of });
    return url;
  };
  return {
    /** The last URL made of `blob`. */
    of: (blob: Blob | null) => made.filter((entry) => entry.of === blob).at(-1)?.url,
    stop: () => (URL.createObjectURL = native),
  };
}

/** Whether `url` still gives its Blob. */
export const fetches = (url: string) =>
  fetch(url).then(
    (response) => response.ok,
    () => false,
  );

/**
 * Counts the calls of the player's pause(). An unplayed player must not be paused: WebKitGTK loads
 * it on pause(), and removing it while it loads deadlocks the page.
 */
export function countPauses(player: HTMLMediaElement) {
  let count = 0;
  const pause = player.pause.bind(player);
  player.pause = () => {
    count++;
    pause();
  };
  return () => count;
}

/** Waits until the recording is shown (its length from the recorder until it is decoded). */
export async function decoded(el: MediaRecorderButton) {
  await until(() => slider(el).role === 'slider' && slider(el).max > 0, 10_000);
  await el.updateComplete;
}

/** Waits until the recording is decoded: its sound drawn, its length the decoder's (a busy machine decodes late). */
export async function decodedWithSound(el: MediaRecorderButton) {
  await decoded(el);
  await until(() => drawnBars(part<HTMLCanvasElement>(el, 'waveform')!).tall > 0, 10_000);
  await el.updateComplete;
}

/** The canvas's columns that hold a bar taller than silence's dot, as a fraction of those with any. */
export function drawnBars(canvas: HTMLCanvasElement) {
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
