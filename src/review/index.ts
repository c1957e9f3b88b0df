/**
 * `review`, loaded only by elements that set it: while the element holds a recording and is not
 * recording, it shows it — a play button, the recording's own waveform (a slider that seeks), its
 * position and length in the readout, a delete button — and plays it (video in the `preview` part).
 */
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import { cutRecording } from '../containers/cut.js';
import { addReactListener } from '../recording/react-listeners.js';
import { spokenDuration } from '../recording/spoken-duration.js';
import { decodeRecording } from './decode.js';
import { drawPeaks, fractionAt, LEVEL_COUNT, positionAfterKey, type PeaksStyle } from './peaks.js';
import { reviewStyles } from './review.styles.js';
import { html, nothing } from '../template.js';

type Host = ReactiveControllerHost &
  HTMLElement & {
    renderRoot: HTMLElement | DocumentFragment;
    readonly state: string;
    readonly blob: Blob | null;
    readonly duration: number;
    source: string;
    labelPlay?: string;
    labelStopPlayback?: string;
    labelDiscard?: string;
    labelRestart?: string;
    labelSeek?: string;
    labelSeekValue?: string;
    trim: boolean;
    labelTrimStart?: string;
    labelTrimEnd?: string;
  };

/** What the element does for the review. */
export interface ReviewElement {
  /** Lets go of the recording it holds (`blob`, the form value), as a form reset does. */
  discard(): void;
  /** Holds `blob` (`blob`, the form value, as a file named as the one it replaces), `seconds` long, instead of the recording it holds. */
  keep(blob: Blob, seconds: number): File;
  /** The recording cannot be played here: say so in the `message` part. */
  unplayable(error: DOMException): void;
  /** Whether the user can operate the element (not `disabled`, not in a disabled fieldset). */
  disabled(): boolean;
  /** The main button's label while idle without a recording, for what `source` records. */
  idleLabel(): string;
  /** The page's language where the element is. */
  locale(): string | undefined;
  /** Seconds as the readout shows them, in the page's language. */
  clock(seconds: number): string;
}

/** What the review adds to the element's template while it is loaded. */
export interface ReviewView {
  /** Where a `pausable` element's pause button is: the play button, or its room while there is nothing to play. */
  play: TemplateResult;
  /** The recording's waveform, a slider that seeks; `undefined` while there is no recording to show (the live canvas then). */
  waveform?: TemplateResult;
  discard: TemplateResult;
  /** The recorded video (for screen readers, the play button and the slider are the recording), or the `<audio>` that plays a sound recording. */
  media: TemplateResult | typeof nothing;
  /** The main button's label while idle, or `undefined` for its usual one. */
  restart?: string;
  /** The main button's label that neither the element's sizer nor the button shows: the label is as wide as the widest. */
  otherLabel: string;
  /** The readout: the played position and the length, or `undefined` for the usual one. */
  readout?: TemplateResult;
}

let sheet: CSSStyleSheet | undefined;

export class ReviewController implements ReactiveController {
  /** The recording shown, with the object URL that plays it. */
  private shown: Blob | null = null;
  /** The recording as recorded (or restored), which `trim` cuts: `shown` is this, or a cut of it from `offset` seconds. */
  private source: Blob | null = null;
  /** Seconds: the source's length, the decoder's once known. */
  private sourceLength = 0;
  private offset = 0;
  /** Where the trim handles are, in seconds of the source; what is held once they are let go. */
  private handles = { start: 0, end: 0 };
  /** Where the handles were for the cut held now. */
  private applied = { start: 0, end: 0 };
  private movingHandle: 'start' | 'end' | null = null;
  private cutting: Promise<void> | null = null;
  private decoded = false;
  private url = '';
  /** Ends the measuring of the recording shown, when another is shown. */
  private decoding: AbortController | null = null;
  private levels: Float32Array = new Float32Array(LEVEL_COUNT);
  /** Seconds: the decoder's length once known, the recorder's until then. */
  private length = 0;
  private position = 0;
  private playing = false;
  private playable = true;
  private frame = 0;
  private canvas: HTMLCanvasElement | null = null;
  private style: PeaksStyle | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private dragging = false;

  constructor(
    private readonly host: Host,
    private readonly element: ReviewElement,
  ) {
    host.addController(this);
    const root = host.renderRoot;
    if (root instanceof ShadowRoot) {
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(reviewStyles);
      }
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    }
  }

  /** A recording to show: held, and the element is neither recording nor waiting for the microphone. */
  private get reviewing(): boolean {
    return !!this.shown && this.host.state === 'inactive';
  }

  view(): ReviewView {
    const { host } = this;
    const reviewing = this.reviewing;
    const disabled = this.element.disabled();
    const video = !!this.shown && this.shown.type.startsWith('video/');
    const locale = this.element.locale();
    const restart = host.labelRestart ?? 'Record again';
    return {
      play: html`<button
        part="play"
        type="button"
        class=${reviewing ? '' : 'unseen'}
        aria-label=${this.playing ? (host.labelStopPlayback ?? 'Pause playback') : (host.labelPlay ?? 'Play recording')}
        ?disabled=${disabled || !this.playable}
        @click=${this.togglePlayback}
      >
        <span class="play-icon ${this.playing ? 'playing' : ''}"></span>
      </button>`,
      waveform: reviewing ? this.waveformView(disabled, locale) : undefined,
      discard: html`<button
        part="discard"
        type="button"
        class=${reviewing ? '' : 'unseen'}
        aria-label=${host.labelDiscard ?? 'Delete recording'}
        ?disabled=${disabled}
        @click=${this.discard}
      >
        <svg viewBox="0 0 16 16" aria-hidden="true">
          <path d="M6 2h4M3 4h10M4.5 4l.75 9.5h5.5L11.5 4M6.75 6.5v4.5M9.25 6.5v4.5" />
        </svg>
      </button>`,
      media: !reviewing
        ? nothing
        : video
          ? html`<video class="recorded" part="preview" aria-hidden="true" playsinline preload="none" @play=${this.onPlay} @pause=${this.onPause} @error=${this.onMediaError}></video>`
          : html`<audio preload="none" @play=${this.onPlay} @pause=${this.onPause} @error=${this.onMediaError}></audio>`,
      restart: this.shown ? restart : undefined,
      otherLabel: reviewing ? this.element.idleLabel() : restart,
      readout: reviewing
        ? html`<span>${this.element.clock(this.position)}<span class="length"> / ${this.element.clock(this.length)}</span></span>`
        : undefined,
    };
  }

  /** The recording's waveform, a slider that seeks, with the trim handles over it. */
  private waveformView(disabled: boolean, locale: string | undefined): TemplateResult {
    const { host } = this;
    const canvas = html`<canvas
        part="waveform"
        class="review"
        role="slider"
        tabindex=${disabled ? -1 : 0}
        aria-label=${host.labelSeek ?? 'Playback position'}
        aria-valuemin="0"
        aria-valuemax=${tenths(this.length)}
        aria-valuenow=${tenths(this.position)}
        aria-valuetext=${(host.labelSeekValue ?? '{position} of {duration}')
          .replace('{position}', spokenDuration(this.position, locale))
          .replace('{duration}', spokenDuration(this.length, locale))}
        aria-disabled=${disabled ? 'true' : nothing}
        @keydown=${this.onKey}
        @pointerdown=${this.onPointerDown}
        @pointermove=${this.onPointerMove}
        @pointerup=${this.onPointerUp}
        @pointercancel=${this.onPointerUp}
      ></canvas>`;
    if (!host.trim || !this.decoded || !this.playable) return canvas;
    const handle = (which: 'start' | 'end', label: string) => {
      const seconds = this.handles[which];
      return html`<span
        part="trim-${which}"
        class="handle"
        role="slider"
        tabindex=${disabled ? -1 : 0}
        aria-label=${label}
        aria-valuemin="0"
        aria-valuemax=${hundredths(this.sourceLength)}
        aria-valuenow=${hundredths(seconds)}
        aria-valuetext=${spokenDuration(seconds, locale)}
        aria-disabled=${disabled ? 'true' : nothing}
        @keydown=${(event: KeyboardEvent) => this.onHandleKey(event, which)}
        @keyup=${this.letGoOfHandle}
        @pointerdown=${(event: PointerEvent) => this.onHandleDown(event, which)}
        @pointermove=${this.onHandleMove}
        @pointerup=${this.letGoOfHandle}
        @pointercancel=${this.letGoOfHandle}
      ></span>`;
    };
    return html`<span class="trim">${canvas}${handle('start', host.labelTrimStart ?? 'Trim start')}${handle('end', host.labelTrimEnd ?? 'Trim end')}</span>`;
  }

  /** Before the element renders: the recording it holds now is the one shown. */
  hostUpdate(): void {
    const blob = this.host.blob;
    if (blob !== this.shown) this.show(blob);
  }

  hostUpdated(): void {
    const canvas = this.reviewing ? this.host.renderRoot.querySelector<HTMLCanvasElement>('canvas.review') : null;
    if (canvas !== this.canvas) this.attach(canvas);
    // Placed through the CSSOM: a `style` attribute would need a Content-Security-Policy that allows inline styles.
    for (const which of ['start', 'end'] as const) {
      const handle = this.host.renderRoot.querySelector<HTMLElement>(`[part=trim-${which}]`);
      handle?.style.setProperty('inset-inline-start', `${(100 * this.handles[which]) / (this.sourceLength || 1)}%`);
    }
  }

  hostConnected(): void {
    if (!this.shown || this.url) return;
    this.url = URL.createObjectURL(this.shown);
    this.host.requestUpdate();
  }

  /** Nothing is left playing, and the recording's object URL does not outlive the element. */
  hostDisconnected(): void {
    this.attach(null);
    this.letGo();
  }

  /** Stops the player, empties it, and lets go of the recording's object URL. */
  private letGo(): void {
    this.pausePlayer();
    const media = this.media();
    if (media?.hasAttribute('src')) {
      media.removeAttribute('src');
      media.load();
    }
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = '';
  }

  /**
   * Gives the player the recording, the first time it is played: until then the page loads nothing
   * of it (a browser may read a whole file's metadata even with `preload="none"`). It starts where
   * the slider was put: `seek` set the player's time, which an empty player keeps for its load.
   */
  private giveRecording(media: HTMLMediaElement): void {
    if (media.getAttribute('src') !== this.url) media.src = this.url;
  }

  /** Starts showing `blob` (or nothing): its levels once decoded, its length from the recorder until then. */
  private show(blob: Blob | null): void {
    this.hold(blob, this.host.duration);
    this.source = blob;
    this.sourceLength = this.length;
    this.offset = 0;
    this.handles = { start: 0, end: this.length };
    this.applied = { ...this.handles };
    this.levels = new Float32Array(LEVEL_COUNT);
    this.playable = true;
    this.decoded = false;
    // A long recording's worker, still measuring the one shown before, has nothing left to do.
    this.decoding?.abort();
    this.decoding = null;
    if (!blob) return;
    this.decoding = new AbortController();
    const { signal } = this.decoding;
    decodeRecording(blob, { signal }).then(
      ({ levels, duration }) => {
        if (this.source !== blob) return;
        this.levels = levels;
        this.decoded = true;
        if (duration > 0 && Number.isFinite(duration)) {
          this.length = this.sourceLength = duration;
          this.handles = { start: 0, end: duration };
          this.applied = { ...this.handles };
        }
        this.draw();
        this.host.requestUpdate();
      },
      () => {
        if (this.source === blob && !signal.aborted) this.cannotPlay();
      },
    );
  }

  /** Plays `blob` (`seconds` long) from its start, instead of what was shown. */
  private hold(blob: Blob | null, seconds: number): void {
    this.letGo();
    this.shown = blob;
    this.url = blob ? URL.createObjectURL(blob) : '';
    this.length = seconds;
    this.position = 0;
    this.playing = false;
  }

  private cannotPlay(): void {
    if (!this.playable) return;
    this.playable = false;
    this.pausePlayer();
    this.element.unplayable(
      new DOMException('This browser cannot play this recording, so it cannot be reviewed here; the recording itself is kept as it is.', 'EncodingError'),
    );
    this.draw();
    this.host.requestUpdate();
  }

  /**
   * Pauses the player if it plays. Pausing a player that never loaded starts loading it (the
   * specification's resource selection), which is wasted work, and in WebKitGTK can deadlock with
   * the player's teardown that follows.
   */
  private pausePlayer(): void {
    const media = this.media();
    if (media && !media.paused) media.pause();
  }

  private media(): HTMLMediaElement | null {
    return this.host.renderRoot.querySelector('audio, video.recorded');
  }

  private attach(canvas: HTMLCanvasElement | null): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    this.canvas = canvas;
    this.style = null;
    if (!canvas || typeof ResizeObserver === 'undefined') return;
    this.resizeObserver = new ResizeObserver(([entry]) => {
      const ratio = window.devicePixelRatio || 1;
      const width = Math.max(1, Math.round(entry.contentRect.width * ratio));
      const height = Math.max(1, Math.round(entry.contentRect.height * ratio));
      if (canvas.width !== width) canvas.width = width;
      if (canvas.height !== height) canvas.height = height;
      this.readStyle(canvas);
      this.draw();
    });
    this.resizeObserver.observe(canvas);
  }

  /** Colours, sizes and direction from CSS, read when the canvas is sized, not on each frame of playback. */
  private readStyle(canvas: HTMLCanvasElement): void {
    const computed = getComputedStyle(canvas);
    const ratio = window.devicePixelRatio || 1;
    this.style = {
      color: computed.color,
      playedColor: computed.accentColor || computed.color,
      barWidth: Math.max(1, Math.round(3 * ratio)),
      barGap: Math.max(1, Math.round(2 * ratio)),
      rtl: computed.direction === 'rtl',
    };
  }

  private draw(): void {
    const canvas = this.canvas;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    if (!this.style) this.readStyle(canvas);
    const whole = this.sourceLength || 1;
    const kept = [this.handles.start / whole, this.handles.end / whole] as const;
    drawPeaks(context, this.levels, (this.offset + this.position) / whole, canvas.width, canvas.height, this.style!, kept);
  }

  private readonly togglePlayback = () => {
    const media = this.media();
    if (!media || !this.playable) return;
    if (!media.paused) {
      media.pause();
      return;
    }
    // At the end: from the start again.
    if (this.position >= this.length - 0.05) this.seek(0);
    this.giveRecording(media);
    media.play().catch(() => {});
  };

  private readonly discard = () => {
    const { host } = this;
    this.pausePlayer();
    this.element.discard();
    addReactListener(host, 'change');
    host.dispatchEvent(new CustomEvent('change', { detail: { blob: null }, bubbles: true, composed: true }));
    // The delete button is gone: the record button is next.
    void host.updateComplete.then(() => host.renderRoot.querySelector<HTMLElement>('[part=button]')?.focus());
  };

  private readonly onPlay = () => {
    this.playing = true;
    this.host.requestUpdate();
    const tick = () => {
      const media = this.media();
      if (!media || !this.playing) return;
      this.frame = requestAnimationFrame(tick);
      const second = Math.floor(this.position);
      if (!this.dragging) this.position = Math.min(this.length, media.currentTime);
      this.draw();
      if (Math.floor(this.position) !== second) this.host.requestUpdate();
    };
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(tick);
  };

  private readonly onPause = () => {
    cancelAnimationFrame(this.frame);
    const media = this.media();
    this.playing = false;
    // Ended: the position stays at the end, as players show it.
    if (media && !this.dragging) this.position = media.ended ? this.length : Math.min(this.length, media.currentTime);
    this.draw();
    this.host.requestUpdate();
  };

  private readonly onMediaError = () => this.cannotPlay();

  /** Moves the played position to `seconds`, and the player with it. */
  private seek(seconds: number): void {
    this.position = Math.min(this.length, Math.max(0, seconds));
    const media = this.media();
    if (media && this.playable) media.currentTime = this.position;
    this.draw();
    this.host.requestUpdate();
  }

  private readonly onKey = (event: KeyboardEvent) => {
    if (this.element.disabled()) return;
    const rtl = !!this.canvas && getComputedStyle(this.canvas).direction === 'rtl';
    const next = positionAfterKey(event.key, this.position, this.length, rtl);
    if (next === null) return;
    event.preventDefault();
    this.seek(next);
  };

  private seekTo(event: PointerEvent): void {
    const canvas = event.currentTarget as HTMLCanvasElement;
    const box = canvas.getBoundingClientRect();
    this.seek(fractionAt(event.clientX - box.left, box.width, getComputedStyle(canvas).direction === 'rtl') * this.sourceLength - this.offset);
  }

  private readonly onPointerDown = (event: PointerEvent) => {
    if (this.element.disabled() || event.button !== 0) return;
    this.dragging = true;
    (event.currentTarget as HTMLCanvasElement).setPointerCapture?.(event.pointerId);
    this.seekTo(event);
  };

  private readonly onPointerMove = (event: PointerEvent) => {
    if (this.dragging) this.seekTo(event);
  };

  private readonly onPointerUp = () => {
    this.dragging = false;
  };

  /** Moves a trim handle to `seconds` of the source, no closer to the other than `MIN_KEPT_SECONDS`. */
  private moveHandle(which: 'start' | 'end', seconds: number): void {
    const gap = Math.min(MIN_KEPT_SECONDS, this.sourceLength);
    const { start, end } = this.handles;
    this.handles =
      which === 'start'
        ? { start: Math.min(Math.max(0, seconds), end - gap), end }
        : { start, end: Math.max(Math.min(this.sourceLength, seconds), start + gap) };
    this.draw();
    this.host.requestUpdate();
  }

  private onHandleKey(event: KeyboardEvent, which: 'start' | 'end'): void {
    if (this.element.disabled()) return;
    const rtl = getComputedStyle(event.currentTarget as HTMLElement).direction === 'rtl';
    const next = positionAfterKey(event.key, this.handles[which], this.sourceLength, rtl, 0.1, 1);
    if (next === null) return;
    event.preventDefault();
    this.movingHandle = which;
    this.moveHandle(which, next);
  }

  private onHandleDown(event: PointerEvent, which: 'start' | 'end'): void {
    if (this.element.disabled() || event.button !== 0) return;
    event.preventDefault(); // no seek on the waveform under it, no text selection
    this.movingHandle = which;
    (event.currentTarget as HTMLElement).setPointerCapture?.(event.pointerId);
  }

  private readonly onHandleMove = (event: PointerEvent) => {
    const canvas = this.canvas;
    if (!this.movingHandle || !canvas) return;
    const box = canvas.getBoundingClientRect();
    this.moveHandle(this.movingHandle, fractionAt(event.clientX - box.left, box.width, getComputedStyle(canvas).direction === 'rtl') * this.sourceLength);
  };

  /** A handle let go (pointer up, key up): the recording held becomes the part between the handles. */
  private readonly letGoOfHandle = () => {
    if (!this.movingHandle) return;
    this.movingHandle = null;
    this.cutting ??= this.cut().finally(() => (this.cutting = null));
  };

  /**
   * Cuts the source between the handles and holds the cut (or the source itself, when the handles are
   * at its ends), then says so with `change`. One cut at a time: handles moved meanwhile are cut next.
   */
  private async cut(): Promise<void> {
    for (;;) {
      const source = this.source;
      const { start, end } = this.handles;
      if (!source || !this.shown || (start === this.applied.start && end === this.applied.end)) return;
      const cut =
        start <= 0 && end >= this.sourceLength
          ? { blob: source, fromMs: 0, toMs: this.sourceLength * 1000 }
          : await cutRecording(source, start * 1000, end * 1000);
      if (this.source !== source) return; // a new recording meanwhile
      if (!cut) {
        console.warn(`<media-recorder-button>: trim: this ${source.type || 'recording'} cannot be cut safely here; the recording is kept as it was.`);
        this.handles = { ...this.applied };
        this.draw();
        this.host.requestUpdate();
        return;
      }
      const seconds = (cut.toMs - cut.fromMs) / 1000;
      const file = this.element.keep(cut.blob, seconds);
      this.hold(file, seconds);
      this.offset = cut.fromMs / 1000;
      // The handles go where the cut fell (a frame or keyframe boundary, but for WebM sound), unless moved on
      // meanwhile; one at an end stays there, so that moving the other back to its end gives the whole recording back.
      this.applied = { start: start <= 0 ? 0 : this.offset, end: end >= this.sourceLength ? this.sourceLength : this.offset + seconds };
      if (this.handles.start === start && this.handles.end === end) this.handles = { ...this.applied };
      this.draw();
      addReactListener(this.host, 'change');
      this.host.dispatchEvent(new CustomEvent('change', { detail: { blob: file }, bubbles: true, composed: true }));
    }
  }

}

/** The shortest part `trim` keeps, in seconds. */
const MIN_KEPT_SECONDS = 0.5;

/** A slider value: seconds to a tenth. */
const tenths = (seconds: number) => Math.round(seconds * 10) / 10;
/** A trim handle's value: seconds to a hundredth, where the cut really fell. */
const hundredths = (seconds: number) => Math.round(seconds * 100) / 100;
