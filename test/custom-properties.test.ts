import { expect, fixture, html } from '@open-wc/testing';
import type { MediaRecorderButton } from '../src/index.js';
import { recorderFixture, until } from './helpers.js';

function part(el: MediaRecorderButton, name: string) {
  return el.shadowRoot!.querySelector<HTMLElement>(`[part~=${name}]`)!;
}

/** The canvas's pixels, counted: drawn (not transparent), and drawn in pure red. */
function pixels(canvas: HTMLCanvasElement) {
  const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
  let drawn = 0;
  let red = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] === 0) continue;
    drawn++;
    if (data[i] > 200 && data[i + 1] < 60 && data[i + 2] < 60) red++;
  }
  return { drawn, red };
}

/**
 * Makes every analyser read the same steady wave (four periods, three quarters of full scale), as no
 * fake microphone gives: the fake device beeps, so two live frames differ. Until `restore()`.
 */
function steadySignal() {
  const real = AnalyserNode.prototype.getByteTimeDomainData;
  AnalyserNode.prototype.getByteTimeDomainData = function (samples: Uint8Array) {
    for (let i = 0; i < samples.length; i++) samples[i] = 128 + Math.round(96 * Math.sin((2 * Math.PI * 4 * i) / samples.length));
  };
  return () => (AnalyserNode.prototype.getByteTimeDomainData = real);
}

/** What the oscilloscope shows of the steady wave while recording, with `properties` set on the element. */
async function drawnWith(properties: Record<string, string>) {
  const el = await recorderFixture(html`<media-recorder-button waveform="line"></media-recorder-button>`);
  for (const [name, value] of Object.entries(properties)) el.style.setProperty(name, value);
  const canvas = el.shadowRoot!.querySelector('canvas')!;
  const restore = steadySignal();
  try {
    await el.start();
    // Drawn at the canvas's laid-out size: on a busy machine a first frame can come before the
    // canvas is sized to its box, and pictures of two sizes do not compare.
    const sized = () => canvas.width === Math.max(1, Math.round(canvas.getBoundingClientRect().width * devicePixelRatio));
    await until(() => sized() && pixels(canvas).drawn > 0, 10000);
    el.pause(); // the picture stands still while paused
    return pixels(canvas);
  } finally {
    restore();
    await el.stop();
  }
}

describe('custom properties', () => {
  it('size the button and the waveform, and colour the waveform background and the icons', async () => {
    const el = await recorderFixture();
    el.style.setProperty('--mrb-button-size', '64px');
    el.style.setProperty('--mrb-waveform-width', '200px');
    el.style.setProperty('--mrb-waveform-height', '50px');
    el.style.setProperty('--mrb-waveform-background', 'rgb(0, 0, 255)');
    el.style.setProperty('--mrb-button-background', 'rgb(0, 128, 0)');
    el.style.setProperty('--mrb-button-color', 'rgb(255, 255, 0)');
    el.style.setProperty('--mrb-recording-color', 'rgb(0, 255, 255)');
    const button = part(el, 'button').getBoundingClientRect();
    expect(button.height).to.be.at.least(64);
    expect(button.width).to.be.at.least(64);
    const waveform = part(el, 'waveform');
    // The element is as much wider as the waveform is asked to be (the button and the readout take the rest).
    const wide = waveform.getBoundingClientRect().width;
    el.style.setProperty('--mrb-waveform-width', '100px');
    expect(wide - waveform.getBoundingClientRect().width).to.be.closeTo(100, 0.5);
    expect(waveform.getBoundingClientRect().height).to.equal(50);
    expect(getComputedStyle(waveform).backgroundColor).to.equal('rgb(0, 0, 255)');
    expect(getComputedStyle(part(el, 'button')).backgroundColor).to.equal('rgb(0, 128, 0)');
    expect(getComputedStyle(part(el, 'icon')).backgroundColor).to.equal('rgb(255, 255, 0)');
    await el.start();
    await el.updateComplete;
    expect(getComputedStyle(part(el, 'icon')).backgroundColor, 'while recording').to.equal('rgb(0, 255, 255)');
    await el.stop();
  });

  it('reach the element from any ancestor (a page-wide theme), and have defaults', async () => {
    const page = await fixture<HTMLDivElement>(html`<div style="--mrb-button-size: 80px; --mrb-waveform-width: 123px">
      <media-recorder-button></media-recorder-button>
      <section style="--mrb-waveform-width: initial"><media-recorder-button></media-recorder-button></section>
    </div>`);
    const [themed, unthemed] = page.querySelectorAll('media-recorder-button');
    await themed.updateComplete;
    expect(part(themed, 'button').getBoundingClientRect().height).to.be.at.least(80);
    // Where nothing sets it, the default: 8rem (the rest of the element is the same in both).
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
    const themedWidth = part(themed, 'waveform').getBoundingClientRect().width;
    const unthemedWidth = part(unthemed, 'waveform').getBoundingClientRect().width;
    expect(unthemedWidth - themedWidth).to.be.closeTo(8 * rem - 123, 0.5);
  });

  it('draw the waveform in --mrb-waveform-color', async () => {
    const plain = await drawnWith({ color: 'rgb(0, 0, 0)' });
    expect(plain.drawn).to.be.greaterThan(0);
    expect(plain.red, 'no red without it').to.equal(0);
    const red = await drawnWith({ '--mrb-waveform-color': 'rgb(255, 0, 0)' });
    expect(red.red).to.be.greaterThan(red.drawn * 0.5);
  });

  it('draw a thicker line with a larger --mrb-waveform-line-width', async () => {
    const thin = await drawnWith({ '--mrb-waveform-line-width': '1' });
    const thick = await drawnWith({ '--mrb-waveform-line-width': '8' });
    expect(thin.drawn).to.be.greaterThan(0);
    expect(thick.drawn).to.be.greaterThan(thin.drawn * 3);
  });
});
