import { LitElement, html, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { warnOnce } from './errors.js';
import type { MediaRecorderButtonEventMap, RecorderState } from './events.js';
import { formatDuration, recordingFileName } from './format.js';
import { fileExtension } from './mime-type.js';
import { RecorderController, type RecordingOptions } from './recorder-controller.js';
import { styles } from './media-recorder-button.styles.js';
import { WaveformController } from './waveform.js';

const positiveNumberAttributes = {
  timeslice: 'timeslice',
  audioBitsPerSecond: 'audio-bits-per-second',
  maxDuration: 'max-duration',
} as const;

/**
 * A record button with a live waveform: records from the microphone with MediaRecorder and
 * hands the recording to the page as a Blob.
 *
 * @summary Records audio from the microphone with a live waveform.
 *
 * @event {CustomEvent<StartEventDetail>} start - Recording has started. `detail: { mimeType }`, the type really recorded. Bubbles, composed.
 * @event {CustomEvent<DataAvailableEventDetail>} dataavailable - A chunk of the recording. `detail: { data: Blob, timecode: number }`. Bubbles, composed.
 * @event {CustomEvent<PauseEventDetail>} pause - Recording was paused. `detail: {}`. Bubbles, composed.
 * @event {CustomEvent<ResumeEventDetail>} resume - Recording was resumed. `detail: {}`. Bubbles, composed.
 * @event {CustomEvent<StopEventDetail>} stop - A recording ended, whatever ended it. `detail: { blob, mimeType, duration, reason }` with `reason` one of `user`, `max-duration`, `source-ended`, `disconnected`, `error`. Bubbles, composed.
 * @event {CustomEvent<ErrorEventDetail>} error - The microphone or the recorder failed. `detail: { error }`; `error.name` is the DOMException name (`NotAllowedError`, `NotFoundError`, `NotReadableError`, …), `error.message` says what to do. Composed, does not bubble.
 *
 * @csspart button - The record/stop `<button>`.
 * @csspart icon - The round (idle) or square (recording) mark inside the button.
 * @csspart label - The button's visible text.
 * @csspart waveform - The `<canvas>` with the live waveform.
 * @csspart time - The elapsed-time readout.
 *
 * @cssprop [--mrb-button-size=2.75rem] - Minimum height and width of the button.
 * @cssprop [--mrb-button-color=#c62828] - Colour of the round mark while idle.
 * @cssprop [--mrb-button-background=#ffffff] - Background of the button.
 * @cssprop [--mrb-recording-color=#d50000] - Colour of the square mark while recording.
 * @cssprop [--mrb-focus-ring=2px solid Highlight] - Outline of the focused button.
 * @cssprop [--mrb-waveform-color=currentColor] - Colour of the waveform line.
 * @cssprop [--mrb-waveform-background=transparent] - Background of the waveform.
 * @cssprop [--mrb-waveform-line-width=2] - Width of the waveform line in CSS pixels (a number).
 * @cssprop [--mrb-waveform-width=10rem] - Width of the waveform.
 * @cssprop [--mrb-waveform-height=2.5rem] - Height of the waveform.
 */
export class MediaRecorderButton extends LitElement {
  static override styles = styles;
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static formAssociated = true;

  /**
   * Present while recording (or acquiring the microphone, or paused). Set it to start recording,
   * remove it to stop. Removed by the element when a recording ends for any reason.
   */
  @property({ type: Boolean, reflect: true })
  get recording(): boolean {
    return this.recorder.active;
  }
  set recording(value: boolean) {
    if (!this.isConnected) {
      this.startWhenConnected = value;
    } else if (value) {
      this.start().catch(() => {}); // reported by the `error` event
    } else {
      void this.stop();
    }
  }

  /** Present while paused. Set it to pause, remove it to resume. Ignored while not recording. */
  @property({ type: Boolean, reflect: true })
  get paused(): boolean {
    return this.recorder.state === 'paused';
  }
  set paused(value: boolean) {
    if (value) this.pause();
    else this.resume();
  }

  /**
   * What the element is doing: `inactive`, `acquiring` (waiting for the microphone), `recording`,
   * `paused` or `stopping` (waiting for the final data). Read-only; reflected for styling.
   */
  @property({ reflect: true })
  get state(): RecorderState {
    return this.recorder.state;
  }

  /** Preferred container/codec, e.g. `audio/webm;codecs=opus`. When the browser cannot record it, the best supported type is used. */
  @property({ attribute: 'mime-type' }) mimeType = '';

  /** Emit a `dataavailable` chunk every this many milliseconds. Absent: one chunk at the end. */
  @property({ type: Number }) timeslice?: number;

  /** Audio bit rate passed to MediaRecorder. */
  @property({ attribute: 'audio-bits-per-second', type: Number }) audioBitsPerSecond?: number;

  /** Which microphone to record from (a `deviceId` from `navigator.mediaDevices.enumerateDevices()`). */
  @property({ attribute: 'device-id' }) deviceId = '';

  /** Stop by itself after this many seconds (`stop` reason `max-duration`). */
  @property({ attribute: 'max-duration', type: Number }) maxDuration?: number;

  /** The user cannot operate the button (also inside a disabled `<fieldset>`). Programmatic control still works. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** Form field name: the form's value is the last recording as a `File`. */
  @property({ reflect: true }) name = '';

  @state() private elapsedSeconds = 0;
  @state() private formDisabled = false;
  @query('canvas') private canvas!: HTMLCanvasElement | null;

  private readonly recorder = new RecorderController(
    this,
    () => this.recordingOptions(),
    (previous) => this.recorderStateChanged(previous),
  );
  private readonly waveform = new WaveformController(this, () => this.showElapsed());
  private readonly internals: ElementInternals | null = this.attachInternals?.() ?? null;
  private startWhenConnected = false;

  /** The last final recording. */
  get blob(): Blob | null {
    return this.recorder.blob;
  }

  /** The live microphone input while acquiring or recording. */
  get stream(): MediaStream | null {
    return this.recorder.stream;
  }

  /** Seconds recorded so far (or by the last recording), paused time excluded. */
  get duration(): number {
    return this.recorder.duration;
  }

  /**
   * Asks for the microphone (the first time, the browser asks the user) and starts recording.
   * Resolves once recording has started (or when `stop()` cancelled it first); rejects with
   * the error that the `error` event carries.
   */
  start(): Promise<void> {
    return this.recorder.start();
  }

  /** Stops recording. Resolves with the final Blob, or `null` when nothing was being recorded. */
  stop(): Promise<Blob | null> {
    return this.recorder.stop('user');
  }

  /** Pauses recording; no-op unless recording. */
  pause(): void {
    this.recorder.pause();
  }

  /** Resumes a paused recording; no-op unless paused. */
  resume(): void {
    this.recorder.resume();
  }

  /** Emits the data recorded so far as a `dataavailable` chunk now; no-op unless recording. */
  requestData(): void {
    this.recorder.requestData();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.startWhenConnected) {
      this.startWhenConnected = false;
      this.recording = true;
    }
  }

  /** @internal */
  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
  }

  /** @internal */
  formResetCallback(): void {
    this.internals?.setFormValue(null);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    for (const [property, attribute] of Object.entries(positiveNumberAttributes)) {
      const value = this[property as keyof typeof positiveNumberAttributes];
      if (changed.has(property as keyof MediaRecorderButton) && value != null && !isPositive(value)) {
        warnOnce(`ignoring ${attribute}="${this.getAttribute(attribute) ?? value}": expected a positive number.`);
      }
    }
  }

  protected override firstUpdated(): void {
    if (this.canvas) this.waveform.attach(this.canvas);
  }

  protected override render() {
    const active = this.recorder.active;
    return html`
      <button
        part="button"
        type="button"
        aria-pressed=${active ? 'true' : 'false'}
        ?disabled=${this.disabled || this.formDisabled}
        @click=${this.toggle}
      >
        <span part="icon" aria-hidden="true"></span>
        <span part="label">${active ? 'Stop recording' : 'Start recording'}</span>
      </button>
      <canvas part="waveform" aria-hidden="true"></canvas>
      <span part="time" role="timer">${formatDuration(this.elapsedSeconds)}</span>
    `;
  }

  private toggle(): void {
    if (this.disabled || this.formDisabled) return;
    this.recording = !this.recorder.active;
  }

  private recordingOptions(): RecordingOptions {
    return {
      mimeType: this.mimeType || undefined,
      deviceId: this.deviceId || undefined,
      timeslice: isPositive(this.timeslice) ? this.timeslice : undefined,
      audioBitsPerSecond: isPositive(this.audioBitsPerSecond) ? this.audioBitsPerSecond : undefined,
      maxDuration: isPositive(this.maxDuration) ? this.maxDuration : undefined,
    };
  }

  private recorderStateChanged(previous: RecorderState): void {
    const current = this.recorder.state;
    if (current === 'recording' && previous === 'acquiring') {
      this.elapsedSeconds = 0;
      this.waveform.start(this.recorder.stream!);
    } else if (current === 'recording' && previous === 'paused') {
      this.waveform.resume();
    } else if (current === 'paused') {
      this.waveform.pause();
    } else if (current === 'stopping' || current === 'inactive') {
      this.waveform.stop();
      this.showElapsed();
    }
    if (current === 'inactive' && previous === 'stopping') this.setFormValue();
    this.requestUpdate('state', previous);
    this.requestUpdate('recording', !this.recorder.active);
    this.requestUpdate('paused', previous === 'paused');
  }

  private showElapsed(): void {
    this.elapsedSeconds = Math.floor(this.recorder.duration);
  }

  private setFormValue(): void {
    const blob = this.recorder.blob;
    if (!blob || !this.internals) return;
    const name = recordingFileName(new Date(), fileExtension(blob.type));
    this.internals.setFormValue(new File([blob], name, { type: blob.type }));
  }
}

function isPositive(value: number | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/** The element's own events, and the DOM events of every element whose names they do not take. */
type EventMap = Omit<HTMLElementEventMap, keyof MediaRecorderButtonEventMap> & MediaRecorderButtonEventMap;

export interface MediaRecorderButton {
  addEventListener<K extends keyof EventMap>(
    type: K,
    listener: (this: MediaRecorderButton, event: EventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof EventMap>(
    type: K,
    listener: (this: MediaRecorderButton, event: EventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}
