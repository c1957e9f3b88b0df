import { acquireAudioContext, releaseAudioContext } from './audio-context.js';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface WaveformStyle {
  color: string;
  /** In device pixels. */
  lineWidth: number;
}

export interface BarsStyle {
  color: string;
  /** Width of a bar and of the gap after it, in device pixels. */
  barWidth: number;
  barGap: number;
  /** Right-to-left: the newest bar (or the meter's start) at the right. */
  rtl?: boolean;
}

/** What the waveform shows: the level history, the sound wave, or nothing. */
export type WaveformLook = 'bars' | 'line' | 'none';

/** Device pixels per point of the trace: more points than that are not seen, only paid for. */
const PIXELS_PER_POINT = 2;

/**
 * Draws one oscilloscope frame: `samples` are AnalyserNode byte time-domain values
 * (128 = silence) stretched across the canvas, at most one point per two device pixel columns;
 * where samples share a point, the one farthest from silence, so that no peak is lost.
 * Allocates nothing.
 */
export function drawWaveform(
  context: CanvasRenderingContext2D,
  samples: Uint8Array,
  width: number,
  height: number,
  style: WaveformStyle,
): void {
  context.clearRect(0, 0, width, height);
  context.lineWidth = style.lineWidth;
  context.strokeStyle = style.color;
  context.lineJoin = 'round';
  context.beginPath();
  const points = Math.min(samples.length, Math.max(2, Math.floor(width / PIXELS_PER_POINT) + 1));
  const samplesPerPoint = samples.length / points;
  const step = width / Math.max(1, points - 1);
  const middle = height / 2;
  // Keep the trace inside the canvas however thick the line is.
  const amplitude = Math.max(0, middle - style.lineWidth / 2);
  for (let point = 0, i = 0; point < points; point++) {
    const end = Math.min(samples.length, Math.max(i + 1, Math.round((point + 1) * samplesPerPoint)));
    let peak = samples[i];
    for (i++; i < end; i++) if (Math.abs(samples[i] - 128) > Math.abs(peak - 128)) peak = samples[i];
    const y = middle + ((peak - 128) / 128) * amplitude;
    if (point === 0) context.moveTo(0, y);
    else context.lineTo(point * step, y);
  }
  context.stroke();
}

/**
 * Draws the level history as bars: `levels` (0–1) is a ring buffer whose newest entry is at
 * `newest`; the newest bar stands at the inline end (the right, or the left when `style.rtl`) and
 * older ones follow it towards the start, as far as the canvas is wide. Silence is a dot as high as a gap is wide. Allocates nothing.
 */
export function drawBars(
  context: CanvasRenderingContext2D,
  levels: Float32Array,
  newest: number,
  width: number,
  height: number,
  style: BarsStyle,
): void {
  context.clearRect(0, 0, width, height);
  context.fillStyle = style.color;
  const { barWidth, rtl } = style;
  const step = barWidth + style.barGap;
  const bars = Math.min(levels.length, Math.ceil(width / step));
  for (let i = 0; i < bars; i++) {
    const level = levels[(newest - i + levels.length) % levels.length];
    const barHeight = Math.max(style.barGap, Math.round(level * height));
    const x = rtl ? i * step : width - i * step - barWidth;
    context.fillRect(x, Math.round((height - barHeight) / 2), barWidth, barHeight);
  }
}

/** The quietest level the meter shows: about one step of the analyser's 8-bit samples. */
const METER_FLOOR_DB = -48;

/**
 * How loud `samples` (AnalyserNode byte time-domain values) are, from 0 (silence, or quieter than
 * -48 dBFS) to 1 (full scale), on a decibel scale as level meters show it.
 */
export function audioLevel(samples: Uint8Array): number {
  scratchLevel[0] = 0;
  holdLouderLevel(scratchLevel, 0, samples);
  return scratchLevel[0];
}

const scratchLevel = new Float64Array(1);

/**
 * Raises `levels[index]` to the level of `samples` (as `audioLevel` measures it) where that is louder.
 * Writes instead of returning: a number returned from a function that is not inlined is allocated.
 */
export function holdLouderLevel(levels: Float32Array | Float64Array, index: number, samples: Uint8Array): void {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const value = (samples[i] - 128) / 128;
    sum += value * value;
  }
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  const level = rms === 0 ? 0 : Math.min(1, Math.max(0, 1 - (20 * Math.log10(rms)) / METER_FLOOR_DB));
  if (level > levels[index]) levels[index] = level;
}

/** Draws a level meter for reduced motion: a bar from the inline start, `level` (0–1) of the width long. */
export function drawLevel(
  context: CanvasRenderingContext2D,
  level: number,
  width: number,
  height: number,
  style: { color: string; rtl?: boolean; lineWidth?: number },
): void {
  context.clearRect(0, 0, width, height);
  context.fillStyle = style.color;
  const barHeight = Math.max(1, Math.round(height / 3));
  const length = Math.round(Math.min(1, Math.max(0, level)) * width);
  context.fillRect(style.rtl ? width - length : 0, Math.round((height - barHeight) / 2), length, barHeight);
}

/** The canvas backing-store size for a CSS size, sharp on HiDPI screens. */
export function canvasPixelSize(cssWidth: number, cssHeight: number, devicePixelRatio: number) {
  return {
    width: Math.max(1, Math.round(cssWidth * devicePixelRatio)),
    height: Math.max(1, Math.round(cssHeight * devicePixelRatio)),
  };
}

/** How much of its length the level bar keeps per frame when the sound gets quieter: it falls slowly, it does not flicker. */
const LEVEL_KEPT_PER_FRAME = 0.95;

/** How long one bar of the level history stands for: its height is the loudest frame in that time. */
const BAR_MS = 70;
/** The bars kept: a wider canvas shows this many (with 5 CSS px a bar, 2000 px at a device pixel ratio of 1). */
const MAX_BARS = 400;

/**
 * The live waveform of a host element: an AnalyserNode on the microphone stream and an
 * animation-frame loop that runs only while a recording is running (not paused, not idle), drawing
 * the level history (`bars`) or the sound wave (`line`); with `none`, neither the analyser nor the
 * loop. Under `prefers-reduced-motion: reduce` it draws a level meter instead of moving pictures.
 */
export class WaveformController implements ReactiveController {
  private source: MediaStreamAudioSourceNode | null = null;
  private analyser: AnalyserNode | null = null;
  private samples = new Uint8Array(0);
  private frame = 0;
  private canvas: HTMLCanvasElement | null = null;
  private context2d: CanvasRenderingContext2D | null = null;
  private style: WaveformStyle & BarsStyle = { color: 'currentColor', lineWidth: 2, barWidth: 3, barGap: 2, rtl: false };
  private levels = new Float32Array(MAX_BARS);
  private newestBar = 0;
  private barStartedAt = 0;
  private resizeObserver: ResizeObserver | null = null;
  private reducedMotion: MediaQueryList | null = null;
  /** `prefers-reduced-motion: reduce`, read when drawing starts or resumes: reading it costs about 20 µs, a sixth of a frame's drawing. */
  private reduceMotion = false;
  private level = 0;
  /** Whether frames should be drawn: recording and not paused, even while briefly disconnected. */
  private playing = false;

  constructor(
    private readonly host: ReactiveControllerHost & { renderRoot: ParentNode; waveform: string },
  ) {
    host.addController(this);
  }

  private get look(): WaveformLook {
    return this.host.waveform === 'line' || this.host.waveform === 'none' ? this.host.waveform : 'bars';
  }

  /** The canvas is rendered again when `waveform` goes to `none` and back: draw into the one shown. */
  hostUpdated(): void {
    const canvas = this.host.renderRoot.querySelector('canvas');
    if (canvas) this.attach(canvas);
  }

  /** Points the controller at the canvas to draw into (after the host first rendered). */
  attach(canvas: HTMLCanvasElement): void {
    if (this.canvas === canvas) return;
    this.resizeObserver?.disconnect();
    this.canvas = canvas;
    this.context2d = canvas.getContext('2d');
    this.observeSize();
  }

  hostConnected(): void {
    this.observeSize();
    // Moved within the document mid-recording: carry on drawing.
    if (this.playing) this.startLoop();
  }

  hostDisconnected(): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    this.stopLoop();
  }

  /** Starts analysing `stream` and drawing it. */
  start(stream: MediaStream): void {
    this.stop();
    if (this.look === 'none') return;
    try {
      const audio = acquireAudioContext();
      this.source = audio.createMediaStreamSource(stream);
      this.analyser = audio.createAnalyser();
      this.analyser.fftSize = 1024;
      this.source.connect(this.analyser);
      this.samples = new Uint8Array(this.analyser.fftSize);
    } catch {
      // No Web Audio (or the stream has no audio track yet): record without a waveform.
      this.disconnectNodes();
    }
    this.reducedMotion ??= typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;
    this.level = 0;
    this.levels.fill(0);
    this.barStartedAt = performance.now();
    this.readStyle();
    this.resume();
    this.draw(); // the history so far (none: silence), also when paused before the first frame
  }

  /** Freezes the trace where it is. */
  pause(): void {
    this.playing = false;
    this.stopLoop();
  }

  resume(): void {
    this.reduceMotion = this.reducedMotion?.matches ?? false;
    this.playing = true;
    this.startLoop();
  }

  /** Stops drawing, disconnects from the microphone and clears the canvas. */
  stop(): void {
    this.playing = false;
    this.stopLoop();
    if (this.disconnectNodes()) releaseAudioContext();
    if (this.canvas) this.context2d?.clearRect(0, 0, this.canvas.width, this.canvas.height);
  }

  /** Each frame only draws, into buffers allocated at the start: it allocates nothing. */
  private startLoop(): void {
    if (this.frame || !this.analyser) return;
    const tick = (time: number) => {
      this.frame = requestAnimationFrame(tick);
      this.draw(time);
    };
    this.frame = requestAnimationFrame(tick);
  }

  /** `now`: the frame's time, as animation frames give it (asking the clock each frame would allocate). */
  private draw(now = performance.now()): void {
    if (!this.analyser || !this.context2d || !this.canvas) return;
    this.analyser.getByteTimeDomainData(this.samples);
    const { width, height } = this.canvas;
    if (this.reduceMotion) {
      this.level = Math.max(audioLevel(this.samples), this.level * LEVEL_KEPT_PER_FRAME);
      drawLevel(this.context2d, this.level, width, height, this.style);
    } else if (this.look === 'line') {
      drawWaveform(this.context2d, this.samples, width, height, this.style);
    } else {
      if (now - this.barStartedAt >= BAR_MS) {
        this.newestBar = (this.newestBar + 1) % MAX_BARS;
        this.levels[this.newestBar] = 0;
        this.barStartedAt = now;
      }
      holdLouderLevel(this.levels, this.newestBar, this.samples);
      drawBars(this.context2d, this.levels, this.newestBar, width, height, this.style);
    }
  }

  private stopLoop(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  private disconnectNodes(): boolean {
    const hadNodes = this.source !== null;
    this.source?.disconnect();
    this.analyser?.disconnect();
    this.source = null;
    this.analyser = null;
    return hadNodes;
  }

  /** Colours and widths come from CSS custom properties; read once, not per frame. */
  private readStyle(): void {
    if (!this.canvas) return;
    const computed = getComputedStyle(this.canvas);
    const lineWidth = parseFloat(computed.getPropertyValue('--mrb-waveform-line-width'));
    const pixelRatio = window.devicePixelRatio || 1;
    this.style = {
      color: computed.color,
      lineWidth: (Number.isFinite(lineWidth) && lineWidth > 0 ? lineWidth : 2) * pixelRatio,
      barWidth: Math.max(1, Math.round(3 * pixelRatio)),
      barGap: Math.max(1, Math.round(2 * pixelRatio)),
      rtl: computed.direction === 'rtl',
    };
  }

  private observeSize(): void {
    const canvas = this.canvas;
    if (!canvas || this.resizeObserver || typeof ResizeObserver === 'undefined') return;
    this.resizeObserver = new ResizeObserver(([entry]) => {
      const box = entry.contentBoxSize?.[0];
      const cssWidth = box ? box.inlineSize : entry.contentRect.width;
      const cssHeight = box ? box.blockSize : entry.contentRect.height;
      const size = canvasPixelSize(cssWidth, cssHeight, window.devicePixelRatio || 1);
      if (canvas.width !== size.width) canvas.width = size.width;
      if (canvas.height !== size.height) canvas.height = size.height;
      this.readStyle();
      if (this.analyser) this.draw();
    });
    this.resizeObserver.observe(canvas);
  }
}
