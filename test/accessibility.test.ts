import { expect, fixture, html } from '@open-wc/testing';
import { a11ySnapshot, findAccessibilityNode, sendKeys } from '@web/test-runner-commands';
import type { MediaRecorderButton } from '../src/index.js';
import { emulateMediaFeatures, inWebKit, nextEvent, recorderFixture, sleep, stubGetUserMedia } from './helpers.js';

const part = (el: MediaRecorderButton, name: string) => el.shadowRoot!.querySelector(`[part=${name}]`) as HTMLElement;
const announcement = (el: MediaRecorderButton) => el.shadowRoot!.querySelector('[role=status]')!.textContent!.trim();

interface AccessibleNode {
  role: string;
  name: string;
  pressed?: boolean | 'mixed';
  children: AccessibleNode[];
}

/** The browser's accessibility tree, where the test runner can read it (Chromium only), else null. */
async function accessibilityTree(): Promise<AccessibleNode | null> {
  // WebKit: the test runner has no accessibility snapshot through WebDriver (it would log the refusal).
  if (inWebKit) return null;
  return ((await a11ySnapshot({}).catch(() => null)) as AccessibleNode | null) ?? null;
}

/** The button with this accessible name in the browser's accessibility tree, or null. */
async function accessibleButton(name: string): Promise<AccessibleNode | null> {
  const tree = await accessibilityTree();
  return tree && findAccessibilityNode<AccessibleNode>(tree, (node) => node.role === 'button' && node.name === name);
}

async function keyboardFixture(attributes = '') {
  const container = await fixture<HTMLDivElement>(html`<div><input aria-label="Before" /></div>`);
  container.insertAdjacentHTML('beforeend', `<media-recorder-button ${attributes}></media-recorder-button><input aria-label="After" />`);
  const el = container.querySelector('media-recorder-button')!;
  await el.updateComplete;
  container.querySelector('input')!.focus();
  return { container, el, button: el.shadowRoot!.querySelector('button')! };
}

describe('keyboard', () => {
  it('reaches the button with Tab, starts with Space and stops with Enter', async () => {
    const { el, button } = await keyboardFixture();
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement).to.equal(el);
    expect(el.shadowRoot!.activeElement).to.equal(button);

    const started = nextEvent(el, 'start');
    await sendKeys({ press: ' ' });
    await started;
    await el.updateComplete;
    expect(button.getAttribute('aria-pressed')).to.equal('true');
    expect(el.shadowRoot!.activeElement, 'focus stays on the button').to.equal(button);

    await sleep(600);
    const stopped = nextEvent(el, 'stop');
    await sendKeys({ press: 'Enter' });
    const { detail } = await stopped;
    expect(detail.reason).to.equal('user');
    expect(detail.blob.size).to.be.greaterThan(0);
    await el.updateComplete;
    expect(button.getAttribute('aria-pressed')).to.equal('false');
  });

  it('shows a focus ring when focused from the keyboard, which pages can restyle', async () => {
    const { el, button } = await keyboardFixture();
    await sendKeys({ press: 'Tab' });
    expect(button.matches(':focus-visible')).to.be.true;
    expect(getComputedStyle(button).outlineStyle).to.equal('solid');
    expect(getComputedStyle(button).outlineWidth).to.equal('2px');

    el.style.setProperty('--mrb-focus-ring', '3px dashed rgb(0, 0, 255)');
    expect(getComputedStyle(button).outlineStyle).to.equal('dashed');

    const style = document.createElement('style');
    style.textContent = 'media-recorder-button::part(button):focus-visible { outline: 5px dotted rgb(0, 128, 0); }';
    document.head.append(style);
    try {
      expect(getComputedStyle(button).outlineStyle).to.equal('dotted');
      expect(getComputedStyle(button).outlineWidth).to.equal('5px');
    } finally {
      style.remove();
    }
  });

  it('is skipped by Tab while disabled', async () => {
    const { container } = await keyboardFixture('disabled');
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement).to.equal(container.querySelector('[aria-label=After]'));
  });
});

describe('accessible name and state', () => {
  it('names the button by what it will do, and exposes pressed', async function () {
    if (!(await accessibilityTree())) this.skip();
    const el = await recorderFixture();
    expect(await accessibleButton('Start recording')).to.include({ pressed: false });
    await el.start();
    await el.updateComplete;
    expect(await accessibleButton('Stop recording')).to.include({ pressed: true });
    expect(await accessibleButton('Start recording')).to.be.null;
    await el.stop();
  });

  it('hides the waveform from assistive technology and keeps the time readout out of live announcements', async () => {
    const el = await recorderFixture();
    expect(part(el, 'waveform').getAttribute('aria-hidden')).to.equal('true');
    const time = part(el, 'time');
    expect(time.getAttribute('role')).to.equal('timer');
    expect(time.hasAttribute('aria-live'), 'a timer is aria-live=off by default').to.be.false;
    expect(time.closest('[role=status], [aria-live]')).to.be.null;
  });
});

describe('announcements', () => {
  it('announces start, pause, resume and stop with the duration, and not every tick', async () => {
    const el = await recorderFixture();
    const status = el.shadowRoot!.querySelector('[role=status]')!;
    expect(status.getAttribute('aria-live') ?? 'polite (implicit)').to.equal('polite (implicit)');
    expect(announcement(el)).to.equal('');

    await el.start();
    await el.updateComplete;
    expect(announcement(el)).to.equal('Recording started');
    await sleep(1300);
    await el.updateComplete;
    expect(part(el, 'time').textContent).to.equal('00:01');
    expect(announcement(el), 'the clock ticking is not announced').to.equal('Recording started');

    el.pause();
    await el.updateComplete;
    expect(announcement(el)).to.equal('Recording paused');
    el.resume();
    await el.updateComplete;
    expect(announcement(el)).to.equal('Recording resumed');
    await el.stop();
    await el.updateComplete;
    expect(announcement(el)).to.equal('Recording stopped, 1 second');
  });

  it('announces an error with what to do, and shows it', async () => {
    const microphone = stubGetUserMedia(() => Promise.reject(new DOMException('Requested device not found', 'NotFoundError')));
    try {
      const el = await recorderFixture();
      expect(part(el, 'message').hidden).to.be.true;
      await el.start().catch(() => {});
      await el.updateComplete;
      expect(announcement(el)).to.match(/^No microphone was found\. Connect a microphone, then try again\./);
      expect(part(el, 'message').hidden).to.be.false;
      expect(part(el, 'message').textContent).to.equal(announcement(el));

      // The same failure again is announced again: the live region's text must change.
      const before = el.shadowRoot!.querySelector('[role=status]')!.textContent;
      await el.start().catch(() => {});
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[role=status]')!.textContent).to.not.equal(before);
      expect(announcement(el)).to.equal(before!.trim());

      microphone.restore();
      await el.start();
      await el.updateComplete;
      expect(part(el, 'message').hidden, 'the message goes once recording works').to.be.true;
      await el.stop();
    } finally {
      microphone.restore();
    }
  });

  it('announces an error that cuts a recording off together with the stop', async () => {
    const el = await recorderFixture();
    let recorder: MediaRecorder | undefined;
    const realStart = MediaRecorder.prototype.start;
    MediaRecorder.prototype.start = function (this: MediaRecorder, timeslice?: number) {
      recorder = this;
      return realStart.call(this, timeslice);
    };
    try {
      await el.start();
    } finally {
      MediaRecorder.prototype.start = realStart;
    }
    await sleep(300);
    const stopped = nextEvent(el, 'stop');
    // What MediaRecorder does when it fails mid-way: an `error` event, then its `stop`.
    recorder!.dispatchEvent(Object.assign(new Event('error'), { error: new DOMException('Encoder failed', 'UnknownError') }));
    expect((await stopped).detail.reason).to.equal('error');
    await el.updateComplete;
    expect(announcement(el)).to.match(/^Recording stopped, 0 seconds\. Recording failed\. Check the microphone, then try again\./);
  });
});

describe('translation', () => {
  it('takes every string from attributes and formats times in the page language', async () => {
    const container = await fixture<HTMLDivElement>(html`
      <div lang="de">
        <media-recorder-button
          label-start="Aufnahme starten"
          label-stop="Aufnahme beenden"
          announce-start="Aufnahme läuft"
          announce-pause="Aufnahme angehalten"
          announce-resume="Aufnahme fortgesetzt"
          announce-stop="Aufnahme beendet: {duration}"
          message-error="Aufnahme fehlgeschlagen. Prüfen Sie das Mikrofon."
        ></media-recorder-button>
      </div>
    `);
    const el = container.querySelector('media-recorder-button')!;
    expect(part(el, 'label').textContent).to.equal('Aufnahme starten');
    const readable = (await accessibilityTree()) !== null;
    if (readable) expect(await accessibleButton('Aufnahme starten')).to.exist;

    await el.start();
    await el.updateComplete;
    if (readable) expect(await accessibleButton('Aufnahme beenden')).to.exist;
    expect(part(el, 'label').textContent).to.equal('Aufnahme beenden');
    expect(announcement(el)).to.equal('Aufnahme läuft');
    el.pause();
    await el.updateComplete;
    expect(announcement(el)).to.equal('Aufnahme angehalten');
    el.resume();
    await el.updateComplete;
    expect(announcement(el)).to.equal('Aufnahme fortgesetzt');
    await sleep(1100);
    await el.stop();
    await el.updateComplete;
    expect(announcement(el)).to.equal('Aufnahme beendet: 1 Sekunde');

    const microphone = stubGetUserMedia(() => Promise.reject(new DOMException('', 'NotReadableError')));
    try {
      await el.start().catch(() => {});
      await el.updateComplete;
      expect(announcement(el)).to.equal('Aufnahme fehlgeschlagen. Prüfen Sie das Mikrofon.');
      expect(part(el, 'message').textContent).to.equal('Aufnahme fehlgeschlagen. Prüfen Sie das Mikrofon.');
    } finally {
      microphone.restore();
    }
  });

  it("writes the time readout in the digits of the element's language", async () => {
    const container = await fixture<HTMLDivElement>(
      html`<div lang="ar-EG"><media-recorder-button></media-recorder-button></div>`,
    );
    const el = container.querySelector('media-recorder-button')!;
    expect(part(el, 'time').textContent).to.equal('٠٠:٠٠');
  });
});

describe('axe', () => {
  it('passes idle, recording, paused and in the error state', async () => {
    const el = await recorderFixture();
    await expect(el).to.be.accessible();
    await el.start();
    await el.updateComplete;
    await expect(el).to.be.accessible();
    el.pause();
    await el.updateComplete;
    await expect(el).to.be.accessible();
    await el.stop();

    const microphone = stubGetUserMedia(() => Promise.reject(new DOMException('', 'NotReadableError')));
    try {
      await el.start().catch(() => {});
      await el.updateComplete;
      expect(part(el, 'message').hidden).to.be.false;
      await expect(el).to.be.accessible();
    } finally {
      microphone.restore();
    }
  });
});

describe('reduced motion and forced colors', () => {
  afterEach(() => emulateMediaFeatures([]));

  /** The painted area of the canvas when it is one filled rectangle touching the left edge, else null. */
  function bar(canvas: HTMLCanvasElement): { width: number; rows: number } | null {
    const { width, height } = canvas;
    const data = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
    const painted = (x: number, y: number) => data[(y * width + x) * 4 + 3] > 0;
    const rows: number[] = [];
    for (let y = 0; y < height; y++) if (painted(0, y)) rows.push(y);
    let right = 0;
    while (rows.length && right < width && painted(right, rows[0])) right++;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (painted(x, y) !== (rows.includes(y) && x < right)) return null;
      }
    }
    return { width: right, rows: rows.length };
  }

  it('shows a level bar instead of the moving trace under prefers-reduced-motion', async function () {
    if (!(await emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]))) this.skip();
    expect(matchMedia('(prefers-reduced-motion: reduce)').matches).to.be.true;
    const el = await recorderFixture();
    const canvas = part(el, 'waveform') as HTMLCanvasElement;
    await el.start();
    const widths: number[] = [];
    // The fake microphone beeps for about 60 ms every 500 ms.
    for (let t = 0; t < 1200; t += 50) {
      const shape = bar(canvas);
      expect(shape, `a bar at ${t} ms`).to.not.be.null;
      if (shape!.width > 0) expect(shape!.rows).to.equal(Math.round(canvas.height / 3));
      widths.push(shape!.width);
      await sleep(50);
    }
    expect(Math.max(...widths), 'the bar shows the sound').to.be.greaterThan(canvas.width / 4);
    await el.stop();
  });

  it('draws the moving trace, not a bar, without reduced motion', async () => {
    const el = await recorderFixture();
    const canvas = part(el, 'waveform') as HTMLCanvasElement;
    await el.start();
    let bars = 0;
    for (let t = 0; t < 1200; t += 50) {
      if (bar(canvas)?.width) bars++;
      await sleep(50);
    }
    expect(bars).to.be.lessThan(24);
    await el.stop();
  });

  it('keeps the mark, the border, the focus ring and the waveform visible under forced colors', async function () {
    if (!(await emulateMediaFeatures([{ name: 'forced-colors', value: 'active' }]))) this.skip();
    expect(matchMedia('(forced-colors: active)').matches).to.be.true;
    const { el, button } = await keyboardFixture();
    await sendKeys({ press: 'Tab' });
    const colorOf = (value: string) => {
      const probe = document.createElement('div');
      probe.style.color = value;
      document.body.append(probe);
      const rgb = getComputedStyle(probe).color;
      probe.remove();
      return rgb;
    };
    const canvasColor = colorOf('Canvas');
    const buttonStyle = getComputedStyle(button);
    expect(buttonStyle.outlineStyle).to.equal('solid');
    expect(buttonStyle.outlineColor).to.not.equal(buttonStyle.backgroundColor);
    expect(buttonStyle.borderTopColor).to.not.equal(buttonStyle.backgroundColor);

    await el.start();
    await el.updateComplete;
    expect(getComputedStyle(part(el, 'icon')).backgroundColor, 'the recording mark').to.not.equal(buttonStyle.backgroundColor);

    const canvas = part(el, 'waveform') as HTMLCanvasElement;
    await sleep(200);
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const index = data.findIndex((value, i) => i % 4 === 3 && value === 255);
    expect(index, 'the trace is drawn').to.be.greaterThan(0);
    const traceColor = `rgb(${data[index - 3]}, ${data[index - 2]}, ${data[index - 1]})`;
    expect(traceColor).to.equal(colorOf('CanvasText'));
    expect(traceColor).to.not.equal(canvasColor);
    await el.stop();
  });
});
