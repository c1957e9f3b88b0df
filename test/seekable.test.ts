import { expect, html } from '@open-wc/testing';
import { nextEvent, recorderFixture, sleep } from './helpers.js';

/** Loads `blob` in an <audio> and returns its duration at `loadedmetadata`, then whether it seeks to `seekTo`. */
async function playerView(blob: Blob, seekTo: number) {
  const url = URL.createObjectURL(blob);
  const audio = new Audio();
  try {
    audio.preload = 'metadata';
    audio.src = url;
    await new Promise((resolve, reject) => {
      audio.onloadedmetadata = resolve;
      audio.onerror = () => reject(audio.error);
    });
    const duration = audio.duration;
    audio.currentTime = seekTo;
    await new Promise((resolve) => (audio.onseeked = resolve));
    return { duration, position: audio.currentTime };
  } finally {
    audio.removeAttribute('src');
    URL.revokeObjectURL(url);
  }
}

describe('seekable output', () => {
  for (const timeslice of [250, undefined]) {
    it(`gives a recording made ${timeslice ? 'with' : 'without'} a timeslice a finite duration that seeks`, async () => {
      const el = await recorderFixture(html`<media-recorder-button></media-recorder-button>`);
      el.timeslice = timeslice;
      await el.start();
      await sleep(1600);
      const stopped = nextEvent(el, 'stop');
      await el.stop();
      const { detail } = await stopped;
      const { duration, position } = await playerView(detail.blob, 1.0);
      expect(duration).to.be.finite;
      expect(duration).to.be.closeTo(detail.duration, detail.duration * 0.1);
      expect(position).to.be.closeTo(1.0, 0.1);
    });
  }
});
