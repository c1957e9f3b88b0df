// What a user sees: every state in light and dark, left-to-right and right-to-left, compared with
// reference pictures per engine; contrast measured from computed styles; the box that does not
// move across states; the narrow container; `pausable`; the three `waveform` looks.
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { MediaRecorderButton } from '../../src/index.js';
import { drawBars, drawLevel } from '../../src/recording/waveform.js';
import { countAnimationFrames, emulateMediaFeatures, inFirefox, inWebKit, recorderFixture, sleep, stubGetUserMedia, toneWav, until } from '../helpers.js';

const engine = inFirefox ? 'firefox' : inWebKit ? 'webkit' : 'chromium';

/**
 * A microphone that hears next to nothing: the same picture every time (the fake devices beep or hum).
 * Not digital silence, which the element warns about (`no-signal`) after 3 s, however long a busy
 * machine takes to get to the picture: a constant −60 dBFS, above the warning's floor (−70 dB) and
 * drawn as silence (the meter's floor is −48 dB).
 */
function silentMicrophone() {
  const context = new AudioContext();
  return async () => {
    const destination = context.createMediaStreamDestination();
    // Something must play into it for the track to carry audio (Chromium's recorder waits for it).
    const silence = context.createConstantSource();
    silence.offset.value = 0.001;
    silence.connect(destination);
    silence.start();
    await context.resume();
    // WebKit says a Web Audio track is muted until sound flows: a real microphone is not, nor this one.
    for (const track of destination.stream.getAudioTracks()) Object.defineProperty(track, 'muted', { get: () => false });
    return destination.stream;
  };
}

const never = () => new Promise<MediaStream>(() => {});
const unreadable = () => Promise.reject(new DOMException('The device is in use', 'NotReadableError'));

/** Stops what the element's animations would make differ from one picture to the next. */
function freeze(el: MediaRecorderButton) {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync('*, ::before { animation: none !important; }');
  el.shadowRoot!.adoptedStyleSheets = [...el.shadowRoot!.adoptedStyleSheets, sheet];
}

function part(el: MediaRecorderButton, name: string) {
  return el.shadowRoot!.querySelector<HTMLElement>(`[part~=${name}]`)!;
}

type State = 'idle' | 'acquiring' | 'recording' | 'paused' | 'failed' | 'recorded';
const states: State[] = ['idle', 'acquiring', 'recording', 'paused', 'failed', 'recorded'];

/** Brings `el` into `state` with a microphone that `gum` stands for. */
async function bringInto(el: MediaRecorderButton, state: State, silent: () => Promise<MediaStream>) {
  let asked = false;
  const microphone = state === 'acquiring' ? never : state === 'failed' ? unreadable : silent;
  const gum = stubGetUserMedia(() => {
    asked = true;
    return microphone();
  });
  try {
    if (state === 'acquiring') {
      void el.start().catch(() => {});
      await until(() => asked); // the wait is for the microphone now, not for the recording code
    } else if (state === 'recorded') {
      // As the browser restores a form's recording: the same in every engine, without recording.
      el.formStateRestoreCallback(new File(['recording'], 'answer.webm', { type: 'audio/webm' }));
    } else if (state === 'failed') {
      await el.start().catch(() => {});
    } else if (state !== 'idle') {
      await el.start();
      if (state === 'paused') el.pause();
      // The picture is of this state, however long the machine takes to get there.
      await until(() => el.state === state, 10000);
    }
  } finally {
    gum.restore();
  }
  await el.updateComplete;
  freeze(el);
}

/** A page section in `scheme` and `dir` with one element in each state. */
async function sheet(scheme: 'light' | 'dark', dir: 'ltr' | 'rtl') {
  const container = await fixture<HTMLDivElement>(html`
    <div
      class="sheet"
      dir=${dir}
      style="color-scheme: ${scheme}; background: Canvas; color: CanvasText; padding: 12px; width: 460px; font: 16px/1.4 sans-serif; display: flex; flex-direction: column; align-items: start; gap: 10px"
    >
      ${states.map(
        (state) => html`<media-recorder-button
          data-state=${state}
          ?pausable=${state === 'recording' || state === 'paused'}
          message-error="The microphone is busy."
        ></media-recorder-button>`,
      )}
    </div>
  `);
  const silent = silentMicrophone();
  const elements = [...container.querySelectorAll<MediaRecorderButton>('media-recorder-button')];
  for (const el of elements) await bringInto(el, el.dataset.state as State, silent);
  return { container, elements };
}

async function stopAll(elements: MediaRecorderButton[]) {
  for (const el of elements) await el.stop();
}

async function matchScreenshot(name: string, element: Element) {
  element.scrollIntoView();
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))); // painted where it now is
  const { left, top, width, height } = element.getBoundingClientRect();
  const box = { left, top, width: Math.round(width), height: Math.round(height), scrollX, scrollY, viewportWidth: innerWidth };
  const result = await executeServerCommand<{ ok: boolean; message: string }, unknown>('match-screenshot', { name, box, engine });
  expect(result.ok, result.message).to.be.true;
}

/** Relative luminance of an `rgb()`/`rgba()` colour, and contrast ratios, as WCAG defines them. */
function luminance(color: string): number {
  const [r, g, b] = color.match(/[\d.]+/g)!.slice(0, 3).map((channel) => {
    const c = Number(channel) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

describe('the look', function () {
  this.timeout(60000);

  for (const scheme of ['light', 'dark'] as const) {
    for (const dir of ['ltr', 'rtl'] as const) {
      it(`every state, ${scheme}, ${dir}: as the reference picture`, async () => {
        const { container, elements } = await sheet(scheme, dir);
        // The readout of the one recording still running would move on with the clock.
        part(elements[2], 'time').style.visibility = 'hidden';
        try {
          await matchScreenshot(`states-${scheme}-${dir}`, container);
        } finally {
          await stopAll(elements);
        }
      });
    }
  }

  it('narrow (240 px): as the reference picture', async () => {
    const container = await fixture<HTMLDivElement>(html`
      <div style="width: 240px; padding: 8px; background: #fff; color: #000; font: 16px/1.4 sans-serif; display: flex; flex-direction: column; gap: 8px">
        <media-recorder-button pausable></media-recorder-button>
        <media-recorder-button pausable></media-recorder-button>
      </div>
    `);
    const [idle, paused] = container.querySelectorAll<MediaRecorderButton>('media-recorder-button');
    await bringInto(idle, 'idle', silentMicrophone());
    await bringInto(paused, 'paused', silentMicrophone());
    try {
      await matchScreenshot('narrow-240', container);
    } finally {
      await paused.stop();
    }
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`contrast, ${scheme}: text 4.5:1, marks and edges 3:1, in every state`, async () => {
      const { container, elements } = await sheet(scheme, 'ltr');
      try {
        const page = getComputedStyle(container).backgroundColor;
        for (const el of elements) {
          const state = el.dataset.state!;
          const button = getComputedStyle(part(el, 'button'));
          const surface = button.backgroundColor;
          expect(contrast(button.color, surface), `${state}: label on the button`).to.be.at.least(4.5);
          expect(contrast(button.borderTopColor, page), `${state}: the button's edge on the page`).to.be.at.least(3);
          const icon = getComputedStyle(part(el, 'icon'));
          const mark = icon.backgroundColor === 'rgba(0, 0, 0, 0)' ? icon.borderTopColor : icon.backgroundColor;
          expect(contrast(mark, surface), `${state}: the mark on the button`).to.be.at.least(3);
          expect(contrast(getComputedStyle(part(el, 'time')).color, page), `${state}: the readout`).to.be.at.least(4.5);
          expect(contrast(getComputedStyle(part(el, 'waveform')).color, page), `${state}: the waveform`).to.be.at.least(3);
          if (el.shadowRoot!.querySelector('[part=pause]')) {
            const pause = getComputedStyle(part(el, 'pause'));
            expect(contrast(pause.borderTopColor, page), `${state}: the pause button's edge`).to.be.at.least(3);
          }
          if (state === 'failed') {
            expect(part(el, 'message').hidden, 'the message shows').to.be.false;
            expect(contrast(getComputedStyle(part(el, 'message')).color, page), 'the message').to.be.at.least(4.5);
          }
        }
      } finally {
        await stopAll(elements);
      }
    });
  }

  it('keeps the same box in every state, with and without pausable', async () => {
    for (const pausable of [false, true]) {
      const el = await recorderFixture(html`<media-recorder-button ?pausable=${pausable}></media-recorder-button>`);
      const silent = silentMicrophone();
      const box = () => {
        const { width, height } = el.getBoundingClientRect();
        const button = part(el, 'button').getBoundingClientRect();
        return { width, height, buttonWidth: button.width, waveform: part(el, 'waveform').getBoundingClientRect().width };
      };
      const idle = box();
      const gum = stubGetUserMedia(silent);
      await el.start();
      await el.updateComplete;
      expect(box(), `recording (pausable: ${pausable})`).to.deep.equal(idle);
      el.pause();
      await el.updateComplete;
      expect(box(), `paused (pausable: ${pausable})`).to.deep.equal(idle);
      const stopped = el.stop();
      await el.updateComplete;
      expect(el.state).to.equal('stopping');
      expect(box(), `stopping (pausable: ${pausable})`).to.deep.equal(idle);
      await stopped;
      await el.updateComplete;
      expect(box(), `holding a recording (pausable: ${pausable})`).to.deep.equal(idle);
      gum.restore();
    }
  });

  it('fits a 240 px container on one row, without overflow, the waveform shrinking first', async () => {
    const container = await fixture<HTMLDivElement>(html`<div style="width: 240px"><media-recorder-button pausable></media-recorder-button></div>`);
    const el = container.querySelector<MediaRecorderButton>('media-recorder-button')!;
    const gum = stubGetUserMedia(silentMicrophone());
    try {
      await el.start();
      await el.updateComplete;
      const host = el.getBoundingClientRect();
      expect(host.width).to.be.at.most(240);
      const parts = ['button', 'pause', 'waveform', 'time'].map((name) => part(el, name).getBoundingClientRect());
      for (const box of parts) {
        expect(box.left).to.be.at.least(host.left - 0.5);
        expect(box.right).to.be.at.most(host.right + 0.5);
        expect(Math.abs(box.top + box.height / 2 - (parts[0].top + parts[0].height / 2)), 'one row').to.be.below(1);
      }
      expect(parts[2].width, 'the waveform keeps some room').to.be.above(20);
      expect(parts[0].width, 'the button shows its mark alone').to.be.at.most(part(el, 'button').getBoundingClientRect().height + 1);
      expect(part(el, 'button').getAttribute('aria-pressed')).to.equal('true');
      const label = part(el, 'label');
      expect(label.textContent, 'still named by its label').to.equal('Stop recording');
      expect(getComputedStyle(label).display).not.to.equal('none');
      expect(getComputedStyle(label).visibility, 'in the accessibility tree').to.equal('visible');
    } finally {
      await el.stop();
      gum.restore();
    }
  });

  it('mirrors under dir="rtl": the button at the inline start, the readout at the end', async () => {
    const container = await fixture<HTMLDivElement>(html`<div dir="rtl"><media-recorder-button pausable></media-recorder-button></div>`);
    const el = container.querySelector<MediaRecorderButton>('media-recorder-button')!;
    const [button, pause, waveform, time] = ['button', 'pause', 'waveform', 'time'].map((name) => part(el, name).getBoundingClientRect());
    expect(button.left).to.be.above(pause.left);
    expect(pause.left).to.be.above(waveform.left);
    expect(waveform.left).to.be.above(time.left);
    expect(el.getBoundingClientRect().right - button.right).to.be.below(1);
  });

  it('shows a message in the direction of its own words: an English one keeps its full stop at the end in a right-to-left page', async () => {
    const container = await fixture<HTMLDivElement>(html`<div dir="rtl" style="width: 460px"><media-recorder-button></media-recorder-button></div>`);
    const el = container.querySelector<MediaRecorderButton>('media-recorder-button')!;
    const gum = stubGetUserMedia(unreadable);
    try {
      el.messageError = 'The microphone is busy.';
      await el.start().catch(() => {});
    } finally {
      gum.restore();
    }
    await el.updateComplete;
    const message = part(el, 'message');
    const walker = document.createTreeWalker(message, NodeFilter.SHOW_TEXT, { acceptNode: (node) => (node.textContent!.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP) });
    const text = walker.nextNode()!;
    const characterBox = (index: number) => {
      const range = document.createRange();
      range.setStart(text, index);
      range.setEnd(text, index + 1);
      return range.getBoundingClientRect();
    };
    const words = text.textContent!;
    expect(characterBox(words.indexOf('.')).left, 'the full stop right of the "T"').to.be.above(characterBox(words.indexOf('T')).left);
    // The message still stands at the inline start of the right-to-left element: its right.
    expect(el.getBoundingClientRect().right - message.getBoundingClientRect().right).to.be.below(1);
  });
});

/** An element with `review` holding the tone, decoded, played to its middle. */
async function reviewing(el: MediaRecorderButton) {
  await until(() => !!el.shadowRoot!.querySelector('[part=discard]'), 10_000);
  el.formStateRestoreCallback(toneWav());
  await until(() => part(el, 'waveform').getAttribute('aria-valuemax') === '2', 10_000);
  part(el, 'waveform').dispatchEvent(new KeyboardEvent('keydown', { key: 'End' }));
  part(el, 'waveform').dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown' }));
  if (el.trim) {
    // The handles moved in (not let go, so nothing is cut): the parts cut away drawn faint.
    await until(() => !!el.shadowRoot!.querySelector('[part=trim-end]'), 10_000);
    for (let i = 0; i < 3; i++) part(el, 'trim-start').dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp' }));
    for (let i = 0; i < 2; i++) part(el, 'trim-end').dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown' }));
  }
  await el.updateComplete;
  freeze(el);
}

describe('review: the look', function () {
  this.timeout(60000);

  for (const scheme of ['light', 'dark'] as const) {
    for (const dir of ['ltr', 'rtl'] as const) {
      it(`nothing to review and reviewing, ${scheme}, ${dir}: as the reference picture`, async () => {
        const container = await fixture<HTMLDivElement>(html`
          <div
            dir=${dir}
            style="color-scheme: ${scheme}; background: Canvas; color: CanvasText; padding: 12px; width: 600px; font: 16px/1.4 sans-serif; display: flex; flex-direction: column; align-items: start; gap: 10px"
          >
            <media-recorder-button review></media-recorder-button>
            <media-recorder-button review pausable trim></media-recorder-button>
          </div>
        `);
        const [empty, held] = container.querySelectorAll<MediaRecorderButton>('media-recorder-button');
        await until(() => !!empty.shadowRoot!.querySelector('[part=discard]'), 10_000);
        freeze(empty);
        await reviewing(held);
        await matchScreenshot(`review-${scheme}-${dir}`, container);
      });
    }
  }

  it('narrow (240 px), reviewing: on one row, as the reference picture', async () => {
    const container = await fixture<HTMLDivElement>(html`
      <div style="width: 240px; padding: 8px; background: #fff; color: #000; font: 16px/1.4 sans-serif">
        <media-recorder-button review pausable></media-recorder-button>
      </div>
    `);
    const el = container.querySelector<MediaRecorderButton>('media-recorder-button')!;
    await reviewing(el);
    const host = el.getBoundingClientRect();
    const parts = ['button', 'play', 'waveform', 'time', 'discard'].map((name) => part(el, name).getBoundingClientRect());
    for (const box of parts) {
      expect(box.left).to.be.at.least(host.left - 0.5);
      expect(box.right).to.be.at.most(host.right + 0.5);
      expect(Math.abs(box.top + box.height / 2 - (parts[0].top + parts[0].height / 2)), 'one row').to.be.below(1);
    }
    expect(parts[2].width, 'the waveform keeps some room').to.be.above(20);
    expect(part(el, 'time').textContent!.trim(), 'the position alone is seen').to.match(/^00:01 \/ 00:02$/);
    expect(part(el, 'time').getBoundingClientRect().width).to.be.below(70);
    await matchScreenshot('review-narrow-240', container);
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`contrast, ${scheme}: the buttons' edges, the marks, the played and unplayed bars 3:1, the readout 4.5:1`, async () => {
      const container = await fixture<HTMLDivElement>(
        html`<div style="color-scheme: ${scheme}; background: Canvas; color: CanvasText; padding: 12px"><media-recorder-button review></media-recorder-button></div>`,
      );
      const el = container.querySelector<MediaRecorderButton>('media-recorder-button')!;
      await reviewing(el);
      const page = getComputedStyle(container).backgroundColor;
      for (const name of ['play', 'discard']) {
        const button = getComputedStyle(part(el, name));
        expect(contrast(button.borderTopColor, page), `the ${name} button's edge`).to.be.at.least(3);
        expect(contrast(button.color, button.backgroundColor), `the ${name} button's mark`).to.be.at.least(3);
      }
      const waveform = getComputedStyle(part(el, 'waveform'));
      expect(contrast(waveform.color, page), 'the bars not played').to.be.at.least(3);
      expect(contrast(waveform.accentColor, page), 'the bars played').to.be.at.least(3);
      expect(contrast(getComputedStyle(part(el, 'time')).color, page), 'the readout').to.be.at.least(4.5);
    });
  }

  it('keeps the same box in every state, with pausable or not', async () => {
    for (const pausable of [false, true]) {
      const el = await recorderFixture(html`<media-recorder-button review ?pausable=${pausable}></media-recorder-button>`);
      await until(() => !!el.shadowRoot!.querySelector('[part=discard]'), 10_000);
      const box = () => {
        const { width, height } = el.getBoundingClientRect();
        return { width, height, button: part(el, 'button').getBoundingClientRect().width, waveform: part(el, 'waveform').getBoundingClientRect().width };
      };
      const idle = box();
      const gum = stubGetUserMedia(silentMicrophone());
      try {
        await el.start();
        await el.updateComplete;
        expect(box(), `recording (pausable: ${pausable})`).to.deep.equal(idle);
        el.pause();
        await el.updateComplete;
        expect(box(), `paused (pausable: ${pausable})`).to.deep.equal(idle);
        await el.stop();
        await el.updateComplete;
        expect(part(el, 'waveform').getAttribute('role')).to.equal('slider');
        expect(box(), `reviewing (pausable: ${pausable})`).to.deep.equal(idle);
      } finally {
        gum.restore();
      }
    }
  });

  it('keeps the play mark visible under forced colors', async function () {
    if (!(await emulateMediaFeatures([{ name: 'forced-colors', value: 'active' }]))) this.skip();
    try {
      const el = await recorderFixture(html`<media-recorder-button review></media-recorder-button>`);
      await reviewing(el);
      const play = part(el, 'play');
      expect(getComputedStyle(play.querySelector('.play-icon')!).backgroundColor).not.to.equal(getComputedStyle(play).backgroundColor);
    } finally {
      await emulateMediaFeatures([]);
    }
  });
});

describe('pausable', () => {
  it('shows a pause button while recording that pauses and resumes, named and pressed accordingly', async () => {
    const el = await recorderFixture(html`<media-recorder-button pausable label-pause="Pause" label-resume="Resume"></media-recorder-button>`);
    const pause = part(el, 'pause') as HTMLButtonElement;
    expect(getComputedStyle(pause).visibility, 'idle: its room kept, not shown').to.equal('hidden');
    const gum = stubGetUserMedia(silentMicrophone());
    try {
      await el.start();
      await el.updateComplete;
      expect(getComputedStyle(pause).visibility).to.equal('visible');
      expect(pause.getAttribute('aria-label')).to.equal('Pause');
      expect(pause.getAttribute('aria-pressed')).to.equal('false');
      pause.click();
      await el.updateComplete;
      expect(el.state).to.equal('paused');
      expect(pause.getAttribute('aria-label')).to.equal('Resume');
      expect(pause.getAttribute('aria-pressed')).to.equal('true');
      pause.focus();
      pause.click();
      await el.updateComplete;
      expect(el.state).to.equal('recording');
      expect(pause.getAttribute('aria-label')).to.equal('Pause');
    } finally {
      await el.stop();
      gum.restore();
    }
    await el.updateComplete;
    expect(getComputedStyle(pause).visibility, 'after the recording').to.equal('hidden');
  });

  it('is not there without the attribute, and does nothing while the element is disabled', async () => {
    const plain = await recorderFixture();
    expect(plain.shadowRoot!.querySelector('[part=pause]')).to.equal(null);
    const el = await recorderFixture(html`<media-recorder-button pausable disabled></media-recorder-button>`);
    const gum = stubGetUserMedia(silentMicrophone());
    try {
      await el.start();
      await el.updateComplete;
      const pause = part(el, 'pause') as HTMLButtonElement;
      expect(pause.disabled).to.be.true;
      pause.dispatchEvent(new MouseEvent('click'));
      await el.updateComplete;
      expect(el.state).to.equal('recording');
    } finally {
      await el.stop();
      gum.restore();
    }
  });

  it('shows paused differently from recording outside the canvas', async () => {
    const el = await recorderFixture();
    const gum = stubGetUserMedia(silentMicrophone());
    const look = () => {
      const time = getComputedStyle(part(el, 'time'), '::before');
      const button = getComputedStyle(part(el, 'button'));
      return `${time.backgroundColor} ${time.borderLeftWidth} ${time.borderRadius} ${button.borderTopColor} ${button.boxShadow}`;
    };
    try {
      await el.start();
      await el.updateComplete;
      const recording = look();
      el.pause();
      await el.updateComplete;
      expect(look()).not.to.equal(recording);
    } finally {
      await el.stop();
      gum.restore();
    }
  });
});

describe('forced colors', () => {
  it('keeps the pause button and the marks before the readout visible', async function () {
    if (!(await emulateMediaFeatures([{ name: 'forced-colors', value: 'active' }]))) this.skip();
    const el = await recorderFixture(html`<media-recorder-button pausable></media-recorder-button>`);
    const gum = stubGetUserMedia(silentMicrophone());
    try {
      await el.start();
      await el.updateComplete;
      const pause = part(el, 'pause');
      const buttonBackground = getComputedStyle(pause).backgroundColor;
      expect(getComputedStyle(pause.querySelector('.pause-icon')!).borderLeftColor, 'the pause mark').not.to.equal(buttonBackground);
      const page = getComputedStyle(document.body).backgroundColor;
      const dot = getComputedStyle(part(el, 'time'), '::before');
      expect(dot.backgroundColor, 'the recording dot').not.to.be.oneOf([page, 'rgba(0, 0, 0, 0)']);
      el.pause();
      await el.updateComplete;
      expect(getComputedStyle(pause.querySelector('.pause-icon')!).backgroundColor, 'the resume mark').not.to.equal(buttonBackground);
      expect(getComputedStyle(part(el, 'time'), '::before').borderLeftColor, 'the paused bars').not.to.be.oneOf([page, 'rgba(0, 0, 0, 0)']);
    } finally {
      await el.stop();
      gum.restore();
      await emulateMediaFeatures([]);
    }
  });
});

describe('holding a recording', () => {
  it('is :state(recorded) after a recording, until a form reset; the readout shows its length', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><media-recorder-button name="answer"></media-recorder-button></form>`);
    const el = form.querySelector<MediaRecorderButton>('media-recorder-button')!;
    expect(el.matches(':state(recorded)')).to.be.false;
    await el.start();
    await sleep(1200);
    await el.stop();
    await el.updateComplete;
    expect(el.matches(':state(recorded)')).to.be.true;
    expect(part(el, 'time').textContent).to.equal('00:01');
    form.reset();
    await el.updateComplete;
    expect(el.matches(':state(recorded)')).to.be.false;
  });
});

describe('waveform', () => {
  /** Whether the canvas shows anything in the column `x` (device pixels) of its middle row. */
  function drawnAt(canvas: HTMLCanvasElement, x: number): boolean {
    return canvas.getContext('2d')!.getImageData(x, Math.floor(canvas.height / 2), 1, 1).data[3] > 0;
  }

  it('bars (the default): the level history, newest at the inline end', async () => {
    for (const dir of ['ltr', 'rtl']) {
      const container = await fixture<HTMLDivElement>(html`<div dir=${dir}><media-recorder-button></media-recorder-button></div>`);
      const el = container.querySelector<MediaRecorderButton>('media-recorder-button')!;
      expect(el.waveform).to.equal('bars');
      await el.start();
      await sleep(600);
      el.pause();
      const canvas = part(el, 'waveform') as HTMLCanvasElement;
      const { width, height } = canvas;
      const tallest = (x: number) => {
        const column = canvas.getContext('2d')!.getImageData(x, 0, 1, height).data;
        let rows = 0;
        for (let i = 3; i < column.length; i += 4) if (column[i] > 0) rows++;
        return rows;
      };
      // Bars, not a line: drawn columns with gaps between them, and silence as dots everywhere.
      let drawnColumns = 0;
      for (let x = 0; x < width; x++) if (drawnAt(canvas, x)) drawnColumns++;
      expect(drawnColumns, dir).to.be.above(width * 0.4).and.below(width * 0.8);
      const end = dir === 'ltr' ? width - 2 : 1;
      const start = dir === 'ltr' ? 1 : width - 2;
      expect(tallest(end), `${dir}: the latest sound at the inline end`).to.be.at.least(2);
      expect(tallest(start), `${dir}: the start has only the dots of what was not heard yet`).to.be.at.most(Math.max(3, Math.round(3 * devicePixelRatio)));
      await el.stop();
    }
  });

  it('line: the sound wave itself', async () => {
    const el = await recorderFixture(html`<media-recorder-button waveform="line"></media-recorder-button>`);
    await el.start();
    await sleep(300);
    el.pause();
    const canvas = part(el, 'waveform') as HTMLCanvasElement;
    let drawnColumns = 0;
    for (let x = 0; x < canvas.width; x++) {
      const column = canvas.getContext('2d')!.getImageData(x, 0, 1, canvas.height).data;
      for (let i = 3; i < column.length; i += 4) {
        if (column[i] > 0) {
          drawnColumns++;
          break;
        }
      }
    }
    expect(drawnColumns, 'a continuous trace').to.be.at.least(canvas.width - 2);
    await el.stop();
  });

  it('none: no canvas, no animation frames, and it still records', async () => {
    const el = await recorderFixture(html`<media-recorder-button waveform="none"></media-recorder-button>`);
    expect(el.shadowRoot!.querySelector('canvas')).to.equal(null);
    const frames = countAnimationFrames();
    try {
      await el.start();
      await sleep(1500); // WebKit's recordings under a second are often empty
      expect(frames.count, 'animation frames while recording').to.equal(0);
      const blob = await el.stop();
      expect(blob!.size).to.be.above(0);
    } finally {
      frames.restore();
    }
  });
});

describe('drawBars and drawLevel', () => {
  const inked = (context: CanvasRenderingContext2D, x: number, y: number) => context.getImageData(x, y, 1, 1).data[3] > 0;

  it('draw the newest bar at the inline end, silence as a dot, and the meter from the inline start', () => {
    const canvas = Object.assign(document.createElement('canvas'), { width: 100, height: 40 });
    const context = canvas.getContext('2d')!;
    const levels = new Float32Array(8);
    levels[5] = 1; // the newest, full scale
    for (const rtl of [false, true]) {
      drawBars(context, levels, 5, 100, 40, { color: '#000', barWidth: 3, barGap: 2, rtl });
      const newest = rtl ? 1 : 98;
      expect(inked(context, newest, 0) && inked(context, newest, 39), `rtl ${rtl}: the newest bar full height`).to.be.true;
      const older = rtl ? 6 : 93;
      expect(inked(context, older, 20), `rtl ${rtl}: an older bar, silent, a dot`).to.be.true;
      expect(inked(context, older, 10), `rtl ${rtl}: only a dot`).to.be.false;
      drawLevel(context, 0.25, 100, 40, { color: '#000', rtl });
      expect(inked(context, rtl ? 99 : 0, 20), `rtl ${rtl}: the meter starts at the inline start`).to.be.true;
      expect(inked(context, rtl ? 0 : 99, 20), `rtl ${rtl}: and is a quarter long`).to.be.false;
    }
  });
});

