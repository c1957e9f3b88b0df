/**
 * `review`, loaded only by elements that set it: while the element holds a recording and is not
 * recording, it shows it — a play button, the recording's own waveform (a slider that seeks), its
 * position and length in the readout, a delete button — and plays it (video in the `preview` part).
 */
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import { addReactListener } from '../recording/react-listeners.js';
import { spokenDuration } from '../recording/spoken-duration.js';
import { decodeRecording } from './decode.js';
import { drawPeaks, fractionAt, LEVEL_COUNT, positionAfterKey, type PeaksStyle } from './peaks.js';
import { reviewStyles } from './review.styles.js';
import { html, nothing } from './template.js';

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
  };

/** What the element does for the review. */
export interface ReviewElement {
  /** Lets go of the recording it holds (`blob`, the form value), as a form reset does. */
  discard(): void;
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
  private url = '';
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
      waveform: reviewing
        ? html`<canvas
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
          ></canvas>`
        : undefined,
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
          ? html`<video part="preview" aria-hidden="true" src=${this.url} playsinline preload="none" @play=${this.onPlay} @pause=${this.onPause} @error=${this.onMediaError}></video>`
          : html`<audio src=${this.url} preload="none" @play=${this.onPlay} @pause=${this.onPause} @error=${this.onMediaError}></audio>`,
      restart: this.shown ? restart : undefined,
      otherLabel: reviewing ? this.element.idleLabel() : restart,
      readout: reviewing
        ? html`<span>${this.element.clock(this.position)}<span class="length"> / ${this.element.clock(this.length)}</span></span>`
        : undefined,
    };
  }

  /** Before the element renders: the recording it holds now is the one shown. */
  hostUpdate(): void {
    const blob = this.host.blob;
    if (blob !== this.shown) this.show(blob);
  }

  hostUpdated(): void {
    const canvas = this.reviewing ? this.host.renderRoot.querySelector<HTMLCanvasElement>('canvas.review') : null;
    if (canvas !== this.canvas) this.attach(canvas);
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

  /** Stops the player and lets go of the recording's object URL. */
  private letGo(): void {
    this.pausePlayer();
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = '';
  }

  /** Starts showing `blob` (or nothing): its levels once decoded, its length from the recorder until then. */
  private show(blob: Blob | null): void {
    this.letGo();
    this.shown = blob;
    this.url = blob ? URL.createObjectURL(blob) : '';
    this.levels = new Float32Array(LEVEL_COUNT);
    this.length = this.host.duration;
    this.position = 0;
    this.playing = false;
    this.playable = true;
    if (!blob) return;
    decodeRecording(blob).then(
      ({ levels, duration }) => {
        if (this.shown !== blob) return;
        this.levels = levels;
        if (duration > 0 && Number.isFinite(duration)) this.length = duration;
        this.draw();
        this.host.requestUpdate();
      },
      () => {
        if (this.shown === blob) this.cannotPlay();
      },
    );
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
    return this.host.renderRoot.querySelector('audio, video[src]');
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
    drawPeaks(context, this.levels, this.length > 0 ? this.position / this.length : 0, canvas.width, canvas.height, this.style!);
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
    this.seek(fractionAt(event.clientX - box.left, box.width, getComputedStyle(canvas).direction === 'rtl') * this.length);
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
}

/** A slider value: seconds to a tenth. */
const tenths = (seconds: number) => Math.round(seconds * 10) / 10;
