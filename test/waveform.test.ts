import { expect } from '@open-wc/testing';
import { audioLevel, canvasPixelSize, drawLevel, drawWaveform } from '../src/recording/waveform.js';
import { countAnimationFrames, recorderFixture, sleep, until } from './helpers.js';

function pixels(canvas: HTMLCanvasElement): Uint8ClampedArray {
  return canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
}

function paintedRows(canvas: HTMLCanvasElement): number[] {
  const data = pixels(canvas);
  const rows: number[] = [];
  for (let y = 0; y < canvas.height; y++) {
    for (let x = 0; x < canvas.width; x++) {
      if (data[(y * canvas.width + x) * 4 + 3] > 0) {
        rows.push(y);
        break;
      }
    }
  }
  return rows;
}

/** A number for the canvas's picture: the same for the same pixels. */
function pictureHash(canvas: HTMLCanvasElement): string {
  const data = pixels(canvas);
  let hash = 0;
  for (let i = 3; i < data.length; i += 4) hash = (hash * 31 + data[i]) | 0;
  return String(hash);
}

/** Resolves once the canvas has shown `count` different pictures (looking every 20 ms), or fails after 10 s. */
async function untilPictures(canvas: HTMLCanvasElement, count: number): Promise<void> {
  const seen = new Set<string>();
  await until(() => seen.add(pictureHash(canvas)).size >= count, 10000);
}

/** Samples the canvas every 100 ms for `ms` and returns how many different pictures it showed. */
async function distinctFrames(canvas: HTMLCanvasElement, ms: number): Promise<number> {
  const seen = new Set<string>();
  for (let t = 0; t < ms; t += 100) {
    seen.add(pictureHash(canvas));
    await sleep(100);
  }
  return seen.size;
}

describe('drawWaveform', () => {
  it('draws silence as a flat line through the middle', () => {
    const canvas = document.createElement('canvas');
    canvas.width = 100;
    canvas.height = 40;
    drawWaveform(canvas.getContext('2d')!, new Uint8Array(64).fill(128), 100, 40, { color: '#000', lineWidth: 2 });
    expect(paintedRows(canvas)).to.deep.equal([19, 20]);
  });

  it('draws a full-scale signal from top to bottom, inside the canvas', () => {
    const canvas = document.createElement('canvas');
    canvas.width = 100;
    canvas.height = 40;
    const samples = new Uint8Array(64).map((_, i) => (i % 2 ? 255 : 0));
    drawWaveform(canvas.getContext('2d')!, samples, 100, 40, { color: '#000', lineWidth: 2 });
    const rows = paintedRows(canvas);
    expect(rows[0]).to.be.at.most(1);
    expect(rows.at(-1)).to.be.at.least(38);
  });

  it('keeps a one-sample peak of a 1024-sample frame on a narrow canvas', () => {
    const canvas = document.createElement('canvas');
    canvas.width = 100;
    canvas.height = 40;
    const context = canvas.getContext('2d')!;
    const samples = new Uint8Array(1024).fill(128);
    samples[517] = 0;
    drawWaveform(context, samples, 100, 40, { color: '#000', lineWidth: 2 });
    expect(paintedRows(canvas)[0], 'up to the top').to.be.at.most(1);
    samples[517] = 128;
    samples[300] = 255;
    drawWaveform(context, samples, 100, 40, { color: '#000', lineWidth: 2 });
    expect(paintedRows(canvas).at(-1), 'down to the bottom').to.be.at.least(38);
  });

  it('draws at most one point per two device pixels, across the whole width', () => {
    const xs: number[] = [];
    const context = {
      clearRect() {},
      beginPath() {},
      stroke() {},
      moveTo: (x: number) => xs.push(x),
      lineTo: (x: number) => xs.push(x),
    } as unknown as CanvasRenderingContext2D;
    drawWaveform(context, new Uint8Array(1024).fill(128), 600, 128, { color: '#000', lineWidth: 2 });
    expect(xs.length).to.equal(301);
    expect(xs[0]).to.equal(0);
    expect(xs.at(-1)).to.be.closeTo(600, 1e-9);
    xs.length = 0;
    drawWaveform(context, new Uint8Array(64).fill(128), 600, 128, { color: '#000', lineWidth: 2 });
    expect(xs.length, 'fewer samples than that: every sample').to.equal(64);
  });

  it('sizes the backing store in device pixels', () => {
    expect(canvasPixelSize(150, 32, 2)).to.deep.equal({ width: 300, height: 64 });
    expect(canvasPixelSize(150.4, 32.2, 1.5)).to.deep.equal({ width: 226, height: 48 });
    expect(canvasPixelSize(0, 0, 1)).to.deep.equal({ width: 1, height: 1 });
  });
});

describe('audioLevel and drawLevel (reduced motion)', () => {
  it('measures loudness from 0 (silence) to 1 (full scale) on a decibel scale', () => {
    expect(audioLevel(new Uint8Array(64).fill(128))).to.equal(0);
    expect(audioLevel(new Uint8Array(0))).to.equal(0);
    const fullScale = new Uint8Array(64).map((_, i) => (i % 2 ? 256 : 0));
    expect(audioLevel(fullScale)).to.equal(1);
    // Half the amplitude is 6 dB down: 1 - 6/48 of the meter.
    const half = new Uint8Array(64).map((_, i) => (i % 2 ? 192 : 64));
    expect(audioLevel(half)).to.be.closeTo(1 - 6.02 / 48, 0.01);
    const oneStep = new Uint8Array(64).map((_, i) => (i % 2 ? 129 : 127));
    expect(audioLevel(oneStep)).to.be.within(0, 0.2);
  });

  it('draws a bar from the left edge, level of the width long, a third of the height high', () => {
    const canvas = document.createElement('canvas');
    canvas.width = 100;
    canvas.height = 30;
    const context = canvas.getContext('2d')!;
    drawLevel(context, 0.5, 100, 30, { color: '#000', lineWidth: 2 });
    expect(paintedRows(canvas)).to.deep.equal([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    const row = context.getImageData(0, 15, 100, 1).data;
    expect(row[49 * 4 + 3]).to.equal(255);
    expect(row[50 * 4 + 3]).to.equal(0);
    drawLevel(context, 0, 100, 30, { color: '#000', lineWidth: 2 });
    expect(paintedRows(canvas), 'silence clears the bar').to.deep.equal([]);
    drawLevel(context, 3, 100, 30, { color: '#000', lineWidth: 2 });
    expect(context.getImageData(99, 15, 1, 1).data[3]).to.equal(255);
  });
});

describe('waveform', () => {
  it('follows its CSS size at the device pixel ratio', async () => {
    const el = await recorderFixture();
    el.style.setProperty('--mrb-waveform-width', '123px');
    el.style.setProperty('--mrb-waveform-height', '31px');
    await el.start();
    await sleep(100);
    const canvas = el.shadowRoot!.querySelector('canvas')!;
    const cssWidth = () => canvas.getBoundingClientRect().width;
    expect(canvas.width).to.equal(Math.round(cssWidth() * devicePixelRatio));
    expect(canvas.height).to.equal(Math.round(31 * devicePixelRatio));
    const before = cssWidth();
    el.style.setProperty('--mrb-waveform-width', '77px');
    expect(cssWidth()).to.be.closeTo(before - 46, 0.5);
    // Resized while recording, once the resize observer has run.
    await until(() => canvas.width === Math.round(cssWidth() * devicePixelRatio));
    expect(canvas.getAttribute('aria-hidden')).to.equal('true');
    await el.stop();
  });

  it('draws the microphone while recording, freezes while paused, and requests no frames while idle', async () => {
    const frames = countAnimationFrames();
    try {
      const el = await recorderFixture();
      const canvas = el.shadowRoot!.querySelector('canvas')!;
      await sleep(300);
      expect(frames.count, 'frames while idle').to.equal(0);

      await el.start();
      // The fake microphone beeps for about 60 ms every 500 ms: pictures change with each beep.
      await untilPictures(canvas, 3);
      await until(() => frames.count > 10, 10000);

      el.pause();
      await sleep(50);
      const pausedAt = frames.count;
      expect(await distinctFrames(canvas, 600)).to.equal(1);
      expect(frames.count, 'frames while paused').to.equal(pausedAt);
      el.resume();
      await until(() => frames.count > pausedAt, 10000);

      await el.stop();
      await sleep(50);
      const stoppedAt = frames.count;
      await sleep(300);
      expect(frames.count, 'frames after stop').to.equal(stoppedAt);
    } finally {
      frames.restore();
    }
  });

  it('leaves the readout to a timer: no animation frame asks the element to update', async () => {
    const el = await recorderFixture();
    const original = window.requestAnimationFrame;
    let frames = 0;
    let framesThatUpdate = 0;
    // Microtasks run after each frame callback, so an update asked for before the frame is done by then.
    window.requestAnimationFrame = (callback) =>
      original.call(window, (time) => {
        callback(time);
        frames++;
        if (el.isUpdatePending) framesThatUpdate++;
      });
    try {
      await el.start();
      await sleep(1300);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part=time]')!.textContent).to.equal('00:01');
      expect(frames).to.be.greaterThan(10);
      expect(framesThatUpdate).to.equal(0);
      await el.stop();
    } finally {
      window.requestAnimationFrame = original;
    }
  });
});
