import { LitElement, html, nothing, type PropertyDeclaration, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { ErrorEventDetail, MediaRecorderButtonEventMap, RecorderState, UploadHeaders } from './events.js';
import { formatDuration } from './format.js';
import { loadRecording } from './load-recording.js';
import { booleanAttribute, optionalBooleanAttribute } from './boolean-attribute.js';
import { PermissionController, type MicrophonePermission } from './permission.js';
import type { PersistController } from './persist/index.js';
import type { ReviewController } from './review/index.js';
import type { RecorderController } from './recording/index.js';
import type { UploadController } from './upload/index.js';
import { styles } from './media-recorder-button.styles.js';
import { warnOnce } from './warn.js';

export type { MicrophonePermission } from './permission.js';

/**
 * A record button with a live waveform: records from the microphone (or the camera or the screen,
 * with `source`) with MediaRecorder and hands the recording to the page as a Blob.
 *
 * @summary Records audio from the microphone with a live waveform.
 *
 * @event {CustomEvent<StartEventDetail>} start - Recording has started. `detail: { mimeType }`, the type really recorded. Bubbles, composed.
 * @event {CustomEvent<DataAvailableEventDetail>} dataavailable - A chunk of the recording. `detail: { data: Blob, timecode: number }`. Bubbles, composed.
 * @event {CustomEvent<PauseEventDetail>} pause - Recording was paused. `detail: {}`. Bubbles, composed.
 * @event {CustomEvent<ResumeEventDetail>} resume - Recording was resumed. `detail: {}`. Bubbles, composed.
 * @event {CustomEvent<StopEventDetail>} stop - A recording ended, whatever ended it. `detail: { blob, mimeType, duration, reason }` with `reason` one of `user`, `max-duration`, `silence` (`stop-after-silence`), `source-ended`, `disconnected`, `error`. Bubbles, composed.
 * @event {CustomEvent<RecoverEventDetail>} recover - With `persist`: a recording saved under the key that never ended (a crashed tab, a reload, a closed window), one event each, oldest first, when the element is connected. `detail: { blob, mimeType, duration, startedAt }`; the Blob plays and seeks. Bubbles, composed.
 * @event {CustomEvent<ChangeEventDetail>} change - The recording the element holds (`blob`, the form value) changed, as an input's `change` says: after the `stop` of a recording that produced data, when a recording recovered with `persist` becomes the element's, with `review` when the user deletes it (`blob: null`), and with `trim` when a handle is let go (the cut file). `detail: { blob }`. Not for a recording that produced nothing, nor for a form reset. Bubbles, composed.
 * @event {CustomEvent<WarningEventDetail>} warning - Something is wrong with the microphone while recording; the recording goes on. `detail: { code, message }` with `code` one of `no-signal` (nothing above the noise floor in the first 3 s), `muted` (the system or the hardware muted the input), `clipping` (the input keeps hitting full scale), `device-lost` (the microphone went away and another records on). Once per cause until it clears; the `message` part shows it and it is announced. Bubbles, composed.
 * @event {CustomEvent<UploadProgressEventDetail>} uploadprogress - With `upload-url`: the server holds more of the recording, or more was recorded. `detail: { bytesUploaded, bytesRecorded }` (`bytesUploaded` is what the server confirmed). Bubbles, composed.
 * @event {CustomEvent<UploadedEventDetail>} uploaded - With `upload-url`: the server holds the whole recording, the same bytes as `detail.blob` (the final file, which plays and seeks), at `detail.url`. Also for a recording recovered with `persist`. Bubbles, composed.
 * @event {CustomEvent<ErrorEventDetail>} error - The microphone or the recorder failed, or the browser handed over no data at all (`NotSupportedError` for video the browser cannot encode, `UnknownError` otherwise). `detail: { error }`; `error.name` is the DOMException name (`NotAllowedError`, `NotFoundError`, `NotReadableError`, …), `error.message` says what to do. Composed, does not bubble.
 *
 * @csspart button - The record/stop `<button>`, as wide as its longest label so that nothing moves when it changes. In a container narrower than 19rem it shows its mark alone (the label stays its accessible name).
 * @csspart icon - The mark inside the button: a dot (idle), a square (recording, paused), a turning ring (acquiring, stopping).
 * @csspart label - The button's visible text.
 * @csspart pause - With `pausable`: the pause/resume `<button>` (`aria-pressed` while paused); its room is kept while idle so that nothing moves.
 * @csspart play - With `review`: the play/pause `<button>` of the recording held, where `pausable`'s pause button is while recording; its room is kept while there is nothing to play.
 * @csspart waveform - The `<canvas>` with the live waveform (`waveform="bars"` or `"line"`); while idle, the shape of silence. With `review`, while holding a recording: its own waveform with the played part in `--mrb-recording-color`, a `role="slider"` that seeks. Not rendered with `waveform="none"`.
 * @csspart time - The elapsed-time readout, after a red dot while recording and two bars while paused; after a recording, its length (with `review`, the played position and the length; the position alone in a narrow container). Not a live region: it is read when the user goes to it.
 * @csspart discard - With `review`: the `<button>` that deletes the recording held (`change` with `blob: null`); its room is kept while there is nothing to delete.
 * @csspart trim-start - With `review` and `trim`: the handle over the waveform where the kept part starts, a `role="slider"` (drag it, or arrow keys by 0.1 s, Page Up/Down by 1 s); drawn as a bar in `--mrb-recording-color` by its `::before`.
 * @csspart trim-end - With `review` and `trim`: the handle where the kept part ends, like `trim-start`.
 * @csspart preview - The live camera or screen (a muted `<video>`), shown while a `camera` or `screen` recording is on; a user-facing camera is shown mirrored, the recording is not. With `review`, the recorded video, played by the `play` button.
 * @csspart upload - With `upload-url`: what the upload is doing (uploading, waiting for the network, done, failed), a polite live region; its `data-state` is `uploading`, `waiting`, `done` or `failed`. Strings: `message-uploading`, `message-upload-waiting`, `message-uploaded`, `message-upload-failed`.
 * @csspart message - What went wrong and what to do, e.g. how to allow the microphone; while recording, the latest `warning` whose cause lasts. Hidden while there is nothing to say.
 *
 * @cssstate recorded - The element holds a recording (`blob` or the form value): after a recording, a recovered one or one the browser restored into the form. Style it with `media-recorder-button:state(recorded)`.
 *
 * @cssprop [--mrb-button-size=2.75rem] - Minimum height and width of the buttons.
 * @cssprop [--mrb-button-color=light-dark(#c62828, #ff7b72)] - Colour of the round mark while idle (and of the square while recording, unless `--mrb-recording-color` is set).
 * @cssprop [--mrb-button-background=light-dark(#fff, #29282e)] - Background of the buttons.
 * @cssprop [--mrb-button-text-color=light-dark(#1c1b1f, #f3f2f7)] - Text and pause-mark colour of the buttons.
 * @cssprop [--mrb-button-border-color=light-dark(#6f6e78, #9a99a3)] - Edge of the buttons.
 * @cssprop [--mrb-recording-color=--mrb-button-color] - Colour of the square mark, the button's edge and the readout's dot while recording, and of the part already played with `review`.
 * @cssprop [--mrb-focus-ring=2px solid light-dark(#0b57d0, #a8c7fa)] - Outline of a button focused from the keyboard (`:focus-visible`); for more, style `::part(button):focus-visible`.
 * @cssprop [--mrb-waveform-color=currentColor] - Colour of the waveform.
 * @cssprop [--mrb-waveform-background=transparent] - Background of the waveform.
 * @cssprop [--mrb-waveform-line-width=2] - Width of the `line` waveform in CSS pixels (a number).
 * @cssprop [--mrb-waveform-width=8rem] - The waveform's width in the element's default width (`calc(var(--mrb-waveform-width) + 15rem)`, plus `--mrb-button-size` with `pausable`; `calc(var(--mrb-waveform-width) + 20.5rem + 2 * var(--mrb-button-size))` with `review`). Setting `width` on the element instead gives the waveform whatever the rest leaves.
 * @cssprop [--mrb-waveform-height=2.5rem] - Height of the waveform.
 */
export class MediaRecorderButton extends LitElement {
  /** @internal */
  static override styles = styles;
  /** @internal */
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  /** @internal */
  static formAssociated = true;
  /** @internal Attribute names are the kebab-case of the property names: `mimeType`, `mime-type`. */
  static override createProperty(name: PropertyKey, options?: PropertyDeclaration): void {
    super.createProperty(name, { attribute: String(name).replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`), ...options });
  }
  /** @internal */
  static override properties: PropertyDeclarations = {
    recording: { converter: booleanAttribute, reflect: true },
    paused: { converter: booleanAttribute, reflect: true },
    state: { reflect: true },
    mimeType: {},
    timeslice: { type: Number },
    audioBitsPerSecond: { type: Number },
    format: {},
    sampleRate: { type: Number },
    channels: { type: Number },
    deviceId: {},
    maxDuration: { type: Number },
    stopAfterSilence: { type: Number },
    silenceThreshold: { type: Number },
    countdown: { converter: booleanAttribute },
    echoCancellation: { converter: optionalBooleanAttribute },
    noiseSuppression: { converter: optionalBooleanAttribute },
    autoGainControl: { converter: optionalBooleanAttribute },
    disabled: { converter: booleanAttribute, reflect: true },
    name: { reflect: true },
    required: { converter: booleanAttribute, reflect: true },
    permission: { reflect: true },
    labelStart: {},
    labelStop: {},
    announceStart: {},
    announcePause: {},
    announceResume: {},
    announceStop: {},
    messageDenied: {},
    messageError: {},
    messageRequired: {},
    messageNoSignal: {},
    messageMuted: {},
    messageClipping: {},
    messageDeviceLost: {},
    source: {},
    videoDeviceId: {},
    facingMode: {},
    resolution: { type: Number },
    frameRate: { type: Number },
    videoBitsPerSecond: { type: Number },
    labelStartCamera: {},
    labelStartScreen: {},
    labelPreview: {},
    persist: {},
    announceRecover: {},
    uploadUrl: {},
    uploadHeaders: { attribute: false },
    messageUploading: {},
    messageUploadWaiting: {},
    messageUploaded: {},
    messageUploadFailed: {},
    pausable: { converter: booleanAttribute },
    labelPause: {},
    labelResume: {},
    waveform: {},
    review: { converter: booleanAttribute, reflect: true },
    trim: { converter: booleanAttribute, reflect: true },
    labelTrimStart: {},
    labelTrimEnd: {},
    labelPlay: {},
    labelStopPlayback: {},
    labelDiscard: {},
    labelRestart: {},
    labelSeek: {},
    labelSeekValue: {},
    announcement: { state: true },
    failure: { state: true },
    warning: { state: true },
  };

  /**
   * Present while recording (or acquiring the microphone, or paused). Set it to start recording,
   * remove it to stop. Removed by the element when a recording ends for any reason.
   */
  get recording(): boolean {
    return this.#loadingToStart !== null || (this.#recorder?.active ?? false);
  }
  set recording(value: boolean) {
    if (!this.isConnected) {
      this.#startWhenConnected = value;
    } else if (value) {
      this.start().catch(() => {}); // reported by the `error` event
    } else {
      void this.stop();
    }
  }

  /** Present while paused. Set it to pause, remove it to resume. Ignored while not recording. */
  get paused(): boolean {
    return this.state === 'paused';
  }
  set paused(value: boolean) {
    if (value) this.pause();
    else this.resume();
  }

  /**
   * What the element is doing: `inactive`, `acquiring` (waiting for the microphone), `recording`,
   * `paused` or `stopping` (waiting for the final data). Read-only; reflected for styling.
   */
  get state(): RecorderState {
    return this.#loadingToStart ? 'acquiring' : (this.#recorder?.state ?? 'inactive');
  }

  /** Preferred container/codec, e.g. `audio/webm;codecs=opus`. When the browser cannot record it, the best supported type is used. */
  mimeType = '';

  /** Emit a `dataavailable` chunk every this many milliseconds. Absent: one chunk at the end. */
  timeslice?: number;

  /** Audio bit rate passed to MediaRecorder (with `format="mp3"`, the MP3's). */
  audioBitsPerSecond?: number;

  /**
   * The file to make, rather than what the browser's recorder makes: `wav` (16-bit PCM), `ogg` (Opus in
   * Ogg) or `mp3`; the Blob's type is `audio/wav`, `audio/ogg;codecs=opus` or `audio/mpeg`, and the form
   * `File`'s extension follows. Loaded only when set. A format the browser cannot make fails with a
   * `NotSupportedError` before the microphone is asked for; ignored, with a warning, for the camera and the screen.
   */
  format: '' | 'wav' | 'ogg' | 'mp3' = '';

  /** With `format="wav"` or `"mp3"`: the file's sample rate in Hz (`16000` for speech services). Default: the microphone's. */
  sampleRate?: number;

  /** With `format`: `1` (mono, the default) or `2` (stereo). */
  channels?: 1 | 2;

  /**
   * Which microphone to record from (a `deviceId` from `getAudioInputs()`). Changed while recording,
   * the recording goes on from that microphone, in the same file.
   */
  deviceId = '';

  /** Stop by itself after this many seconds (`stop` reason `max-duration`). Paused time does not count. */
  maxDuration?: number;

  /** With `max-duration`, the time readout counts down the time left instead of up. */
  countdown = false;

  /** Echo cancellation on the microphone: `echo-cancellation` or `echo-cancellation="false"`; absent, the browser's default. */
  echoCancellation?: boolean;

  /** Noise suppression on the microphone: `noise-suppression` or `noise-suppression="false"`; absent, the browser's default. */
  noiseSuppression?: boolean;

  /** Automatic gain control on the microphone: `auto-gain-control` or `auto-gain-control="false"`; absent, the browser's default. */
  autoGainControl?: boolean;

  /** The user cannot operate the button (also inside a disabled `<fieldset>`). Programmatic control still works. */
  disabled = false;

  /** Form field name: the form's value is the last recording as a `File`. */
  name = '';

  /** The form is invalid (`valueMissing`) until a recording is made. */
  required = false;

  /**
   * The microphone permission: `prompt`, `granted`, `denied`, or `unknown` where the browser cannot
   * tell (no Permissions API) until a request answers. Follows live changes. Read-only; reflected
   * so that pages can style and explain the denied state.
   */
  get permission(): MicrophonePermission {
    return this.#permissionWatch.state;
  }

  /** The button's text and accessible name while idle. */
  labelStart = 'Start recording';

  /** The button's text and accessible name while recording. */
  labelStop = 'Stop recording';

  /** Announced to screen readers when recording starts. @default 'Recording started' */
  announceStart?: string;

  /** Announced when recording is paused. @default 'Recording paused' */
  announcePause?: string;

  /** Announced when recording resumes. @default 'Recording resumed' */
  announceResume?: string;

  /** Announced when a recording ends; `{duration}` becomes its length in words, in the page's language. @default 'Recording stopped, {duration}' */
  announceStop?: string;

  /** Shown and announced while the microphone is blocked: how to allow it. */
  messageDenied =
    'Microphone access is blocked. Allow the microphone for this site (the icon in the address bar or the site settings), then try again.';

  /** Shown and announced when recording fails for another reason; `{message}` becomes the error's own English message, which says what to do. */
  messageError = '{message}';

  /** The validation message of a `required` element without a recording. */
  messageRequired = 'Please make a recording.';

  /** Shown and announced when the first 3 s of a recording hold no sound (`warning` `no-signal`). @default 'The microphone gives no sound. Check that it is switched on and not muted, or choose another.' */
  messageNoSignal?: string;

  /** Shown and announced when the system or the device mutes the microphone (`warning` `muted`). @default 'The microphone is muted by the system or the device. Unmute it to be heard.' */
  messageMuted?: string;

  /** Shown and announced when the input keeps hitting full scale (`warning` `clipping`). @default 'The sound is too loud and distorts. Move away from the microphone or turn its volume down.' */
  messageClipping?: string;

  /** Shown and announced when the microphone goes away and another records on (`warning` `device-lost`). @default 'The microphone went away. Recording goes on with another one.' */
  messageDeviceLost?: string;

  /**
   * What to record: `microphone`; `camera`, the camera's video with the microphone's audio; or
   * `screen`, a screen, window or tab the user picks (the recording must start from a click), with
   * the microphone's audio mixed with the shared tab's or system sound where the browser offers it.
   * Other values: a console warning, and the microphone.
   */
  source: 'microphone' | 'camera' | 'screen' = 'microphone';

  /** Which camera to record from (a `deviceId` from `getVideoInputs()`). */
  videoDeviceId = '';

  /** The camera a phone should use: `user` (front) or `environment` (back). A preference: a device without it records what it has. */
  facingMode?: 'user' | 'environment';

  /** Ideal frame height in pixels (`480`, `720`, `1080`); the width follows the source's aspect ratio. A preference: the camera gives the nearest it can. */
  resolution?: number;

  /** Ideal frames per second. A preference: the camera gives the nearest it can. */
  frameRate?: number;

  /** Video bit rate passed to MediaRecorder. */
  videoBitsPerSecond?: number;

  /** The button's text and accessible name while idle, with `source="camera"`. */
  labelStartCamera = 'Start video recording';

  /** The button's text and accessible name while idle, with `source="screen"`. */
  labelStartScreen = 'Start screen recording';

  /** The accessible name of the `preview` part. */
  labelPreview = 'Live preview';

  /**
   * A key: while recording, every chunk is also saved in the browser's IndexedDB under it (with a
   * 1000 ms `timeslice` unless one is set), so the recording survives a crashed tab, a reload or a
   * closed window: the next element connected with the same key fires `recover` with it. The saved
   * copy is deleted once `stop` has been dispatched, unless the page was going away (`pagehide`).
   */
  persist = '';

  /** Announced when a saved recording is recovered (`persist`); `{duration}` becomes its length in words. @default 'Recovered a recording of {duration}' */
  announceRecover?: string;

  /**
   * A tus (resumable upload protocol 1.0) endpoint: each recording is uploaded while it is recorded,
   * a chunk at a time (with a 1000 ms `timeslice` unless one is set), resumed after network
   * failures, and `uploaded` fires once the server holds the final file. Loaded only when set. See
   * docs/upload.md for what a server without the `concatenation` extension receives.
   */
  uploadUrl = '';

  /** Headers for every upload request (an auth token): an object, or a function (it may be async) called before each request. */
  uploadHeaders?: UploadHeaders;

  /** With `upload-url`: the `upload` part while uploading. @default 'Uploading the recording' */
  messageUploading?: string;

  /** With `upload-url`: the `upload` part while offline. @default 'Waiting for the network to upload the recording' */
  messageUploadWaiting?: string;

  /** With `upload-url`: the `upload` part once the server holds the recording. @default 'Recording uploaded' */
  messageUploaded?: string;

  /** With `upload-url`: the `upload` part when the upload failed for good; `{message}` becomes the error's message. @default 'Upload failed: {message}' */
  messageUploadFailed?: string;

  /** A second button, part `pause`, shown while recording or paused, pauses and resumes the recording. */
  pausable = false;

  /** The accessible name of the `pause` button while recording. */
  labelPause = 'Pause recording';

  /** The accessible name of the `pause` button while paused. */
  labelResume = 'Resume recording';

  /**
   * What the waveform shows while recording: `bars`, the input level of the last seconds scrolling in
   * from the inline end; `line`, the sound wave itself (an oscilloscope); `none`, nothing (no canvas,
   * no analysis, no animation frames).
   */
  waveform: 'bars' | 'line' | 'none' = 'bars';

  /**
   * Once a recording ends (or one is recovered with `persist`, or restored into the form), the element
   * keeps showing it for review: a play button (part `play`), the recording's own waveform with the
   * played position (a slider that seeks: click, drag, arrow keys, Page Up/Down, Home, End), its
   * position and length in the readout, a delete button (part `discard`), and "Record again" on the
   * main button. Video recordings play in the `preview` part. Loaded only when set.
   */
  review = false;

  /** With `review`: the accessible name of the `play` button while not playing. @default 'Play recording' */
  labelPlay?: string;

  /** With `review`: the accessible name of the `play` button while playing. @default 'Pause playback' */
  labelStopPlayback?: string;

  /** With `review`: the accessible name of the `discard` button. @default 'Delete recording' */
  labelDiscard?: string;

  /** With `review`: the main button's text while it holds a recording. @default 'Record again' */
  labelRestart?: string;

  /** With `review`: the accessible name of the recording's waveform, a slider that seeks. @default 'Playback position' */
  labelSeek?: string;

  /** With `review`: what screen readers say of the slider's value; `{position}` and `{duration}` become lengths in words. @default '{position} of {duration}' */
  labelSeekValue?: string;

  /**
   * With `review`: two handles over the recording's waveform (parts `trim-start` and `trim-end`,
   * sliders: drag them, or arrow keys by 0.1 s and Page Up/Down by 1 s) cut its head and tail. When
   * a handle is let go, the recording held (`blob`, the form value) becomes the cut file, made
   * without re-encoding (WebM sound to the sample, MP4 sound within half an AAC frame, about 11 ms;
   * video from the nearest keyframe), and `change` fires. The recording as it was is kept: widening
   * the handles again gives it back.
   */
  trim = false;

  /** With `trim`: the accessible name of the handle that cuts the head. @default 'Trim start' */
  labelTrimStart?: string;

  /** With `trim`: the accessible name of the handle that cuts the tail. @default 'Trim end' */
  labelTrimEnd?: string;

  /**
   * Once speech has been heard, this many seconds under `silence-threshold` stop the recording
   * (`stop` with `reason: 'silence'`). The level is read on the audio clock, so it works in a hidden tab.
   */
  stopAfterSilence?: number;

  /** The level in dBFS under which the input counts as silence, for `stop-after-silence`. @default -50 */
  silenceThreshold?: number;

  private announcement = '';
  /** What the `message` part says of the input while recording (see `warning`). */
  private warning = '';
  /** The error of the last failed attempt, until a recording starts. */
  private failure: DOMException | Error | null = null;

  /** The recording code's controller, once loaded (see `loadRecording`). */
  #recorder?: RecorderController;
  /** A start asked for before the recording code was loaded: pending until it is. */
  #loadingToStart: Promise<void> | null = null;
  readonly #permissionWatch = new PermissionController(this, (previous) => this.#permissionChanged(previous));
  readonly #internals: ElementInternals | undefined = this.attachInternals?.();
  /** The form value: the last recording as a File, or one the browser restored. */
  #file: File | null = null;
  /** The length of a recording the element holds without having made it (recovered with `persist`). */
  #fileSeconds = 0;
  #startWhenConnected?: boolean;
  /** With `persist`: the code that saves and recovers recordings, loaded when first needed. */
  #persistence: Promise<PersistController | undefined> | undefined;
  /** With `upload-url`: the code that uploads recordings, loaded when first needed. */
  #uploading?: Promise<UploadController | undefined>;
  #upload?: UploadController;
  #reviewLoad?: Promise<void>;
  #review?: ReviewController;

  constructor() {
    super();
    this.requestUpdate('permission');
    // The first sign that the user may record: load the recording code now, so that the click finds it ready.
    for (const intent of ['pointerenter', 'focusin', 'touchstart']) {
      this.addEventListener(intent, () => void this.#loadRecorder().catch(() => {}), { passive: true });
    }
  }

  /**
   * The microphones of this device, for a picker whose choice goes into `device-id`. Browsers hide
   * their names until the page has had microphone access; with `{ labels: true }` this asks for it
   * once (the browser prompts the first time) when they are hidden.
   */
  static async getAudioInputs(options?: { labels?: boolean }): Promise<MediaDeviceInfo[]> {
    return (await loadRecording()).listAudioInputs(options);
  }

  /** The cameras of this device, for a picker whose choice goes into `video-device-id`; `{ labels: true }` as for `getAudioInputs`. */
  static async getVideoInputs(options?: { labels?: boolean }): Promise<MediaDeviceInfo[]> {
    return (await loadRecording()).listVideoInputs(options);
  }

  /**
   * Deletes the recordings saved with `persist` under `key`, or under every key without one, except
   * those still being recorded. For a key a page no longer uses: what is saved under it stays until then.
   */
  static async clearPersisted(key?: string): Promise<void> {
    await (await import('./persist/index.js')).clear(key);
  }

  /** The last final recording (or the recording the browser restored into the form). */
  get blob(): Blob | null {
    return this.#recorder?.blob ?? this.#file;
  }

  /** The live microphone input while acquiring or recording. */
  get stream(): MediaStream | null {
    return this.#recorder?.stream ?? null;
  }

  /** Seconds recorded so far (or by the last recording, or of the recording recovered with `persist`), paused time excluded. */
  get duration(): number {
    return this.#fileSeconds || (this.#recorder?.duration ?? 0);
  }

  /**
   * Asks for the microphone (the first time, the browser asks the user) and starts recording.
   * Resolves once recording has started (or when `stop()` cancelled it first); rejects with
   * the error that the `error` event carries.
   */
  start(): Promise<void> {
    if (this.#recorder) return this.#recorder.start();
    if (this.#loadingToStart) return this.#loadingToStart;
    const attempt: Promise<void> = this.#loadRecorder().then(
      (recorder) => {
        if (this.#loadingToStart !== attempt) return; // cancelled while loading
        this.#loadingToStart = null;
        // Removed while loading (a move reconnects it before this runs): as if cancelled.
        if (!this.isConnected) return this.#viewsChanged('acquiring');
        return recorder.start();
      },
      (error: DOMException) => {
        if (this.#loadingToStart !== attempt) return;
        this.#loadingToStart = null;
        this.#viewsChanged('acquiring');
        this.#failed(error);
        this.dispatchEvent(errorEvent(error));
        throw error;
      },
    );
    this.#loadingToStart = attempt;
    this.#viewsChanged('inactive');
    return attempt;
  }

  /** Stops recording. Resolves with the final Blob, or `null` when nothing was being recorded or the recording produced no data (an `error` event says so, and the `stop` event carries an empty Blob). */
  stop(): Promise<Blob | null> {
    this.#cancelLoadingToStart();
    return this.#recorder?.stop('user') ?? Promise.resolve(null);
  }

  /** Pauses recording; no-op unless recording. */
  pause(): void {
    this.#recorder?.pause();
  }

  /** Resumes a paused recording; no-op unless paused. */
  resume(): void {
    this.#recorder?.resume();
  }

  /** Emits the data recorded so far as a `dataavailable` chunk now; no-op unless recording. */
  requestData(): void {
    this.#recorder?.requestData();
  }

  /** The form the element belongs to. */
  get form(): HTMLFormElement | null {
    return this.#internals?.form ?? null;
  }

  /** The element's validity as a form control: `valueMissing` while `required` and no recording. */
  get validity(): ValidityState | undefined {
    return this.#internals?.validity;
  }

  /** Why the element is invalid, or `''`. */
  get validationMessage(): string {
    return this.#internals?.validationMessage ?? '';
  }

  /** Whether the form validates the element. */
  get willValidate(): boolean {
    return this.#internals?.willValidate ?? false;
  }

  /** `true` when valid; otherwise fires `invalid` on the element and returns `false`. */
  checkValidity(): boolean {
    return this.#internals?.checkValidity() ?? true;
  }

  /** Like `checkValidity()`, and shows the validation message at the button when invalid. */
  reportValidity(): boolean {
    return this.#internals?.reportValidity() ?? true;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.#startWhenConnected) {
      this.#startWhenConnected = false;
      this.recording = true;
    }
    if (this.hasUpdated) this.#recoverPersisted();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Removed while the recording code loads: cancel, unless it was only moved (reconnected in the same task).
    if (this.#loadingToStart) setTimeout(() => this.isConnected || this.#cancelLoadingToStart());
  }

  /** @internal */
  formDisabledCallback(): void {
    // Read at render time (#userCannotOperate), not kept: the browser also calls this while the
    // element reflects its own `disabled`, in the middle of an update, where a change would be lost.
    this.requestUpdate();
  }

  /** @internal */
  formResetCallback(): void {
    this.#recorder?.clear();
    this.failure = null;
    this.#setValue(null);
    this.requestUpdate(); // the readout: back to 0 unless recording
  }

  /** @internal */
  formStateRestoreCallback(state: unknown): void {
    if (state instanceof File) this.#setValue(state);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('required') || changed.has('messageRequired')) this.#updateValidity();
    if (changed.has('persist')) this.#recoverPersisted();
    if (changed.has('deviceId') && changed.get('deviceId') !== undefined) void this.#recorder?.switchMicrophone(this.deviceId);
    if (this.review) this.#loadReview();
  }

  protected override render() {
    const active = this.recording;
    const paused = this.paused;
    const message = this.#message();
    const disabled = this.#userCannotOperate();
    const idleLabel = this.#idleLabel();
    const review = this.review ? this.#review?.view() : undefined;
    return html`
      <div class="bar">
        <button part="button" type="button" aria-pressed=${String(active)} ?disabled=${disabled} @click=${this.#toggle}>
          <span part="icon" aria-hidden="true"></span>
          <span part="label" data-sizer=${active ? idleLabel : this.labelStop} data-sizer-review=${review?.otherLabel ?? nothing}
            >${active ? this.labelStop : (review?.restart ?? idleLabel)}</span
          >
        </button>
        ${this.pausable && (active || !review)
          ? html`<button
              part="pause"
              type="button"
              aria-pressed=${String(paused)}
              aria-label=${paused ? this.labelResume : this.labelPause}
              ?disabled=${disabled}
              @click=${this.#togglePause}
            >
              <span class="pause-icon"></span>
            </button>`
          : review?.play}
        ${this.waveform === 'none' ? nothing : (review?.waveform ?? html`<canvas part="waveform" aria-hidden="true"></canvas>`)}
        <span part="time" role="timer">${review?.readout ?? formatDuration(this.#shownSeconds(), this.#locale())}</span>
        ${review?.discard}
      </div>
      ${active && this.#video() ? html`<video part="preview" aria-label=${this.labelPreview} muted autoplay playsinline></video>` : review?.media}
      <span part="message" ?hidden=${!message}><bdi>${message}</bdi></span>
      ${this.uploadUrl ? this.#upload?.view() : nothing}
      <span class="announcement" role="status">${this.announcement}</span>
    `;
  }

  /** `disabled`, or inside a disabled `<fieldset>`: the user cannot operate the buttons. */
  #userCannotOperate(): boolean {
    return this.disabled || !!this.closest?.('fieldset:disabled'); // no closest() while server rendering
  }

  /** The main button's label while idle, for what `source` records. */
  #idleLabel(): string {
    if (this.source === 'camera') return this.labelStartCamera;
    if (this.source === 'screen') return this.labelStartScreen;
    return this.labelStart;
  }

  /** Whether `source` asks for video. */
  #video(): boolean {
    return this.source === 'camera' || this.source === 'screen';
  }

  #toggle(): void {
    if (this.#userCannotOperate()) return;
    this.recording = !this.recording;
  }

  #togglePause(): void {
    if (this.#userCannotOperate()) return;
    this.paused = !this.paused;
  }

  /** Loads the recording code (once) and sets up its controllers on this element. */
  async #loadRecorder(): Promise<RecorderController> {
    if (this.#recorder) return this.#recorder;
    const recording = await loadRecording();
    this.#recorder ??= recording.recordOn(this, {
      settings: this,
      stateChanged: (previous) => this.#viewsChanged(previous),
      failed: (error) => this.#failed(error),
      warn: warnOnce,
      announce: (text) => this.#announce(text),
      started: () => {
        this.#permissionWatch.learned('granted');
        this.failure = null;
        this.#fileSeconds = 0; // a new recording: its own length from now on
      },
      // A recording cut off by an error: say both, the stop would otherwise replace the error's announcement.
      ended: (announcement, file) => {
        this.#announce(this.failure ? `${announcement}. ${this.#message()}` : announcement);
        if (file) this.#setValue(file);
      },
      tick: () => this.requestUpdate(),
      warned: (message) => (this.warning = message),
      locale: () => this.#locale(),
      beforeRecording: () => (this.persist ? this.#loadPersistence() : undefined),
      beforeCapture: () => (this.uploadUrl ? this.#loadUpload().then((upload) => upload?.check()) : undefined),
    });
    return this.#recorder;
  }

  /** Loads the code of `persist` (once). A failed load is warned about: recordings go on, in memory only. */
  #loadPersistence(): Promise<PersistController | undefined> {
    return (this.#persistence ??= import('./persist/index.js').then(
      ({ PersistController }) =>
        new PersistController(this, {
          adopt: (file, announcement, seconds) => {
            this.#setValue(file, seconds);
            this.#announce(announcement);
          },
          warn: warnOnce,
          locale: () => this.#locale(),
          recovered: (detail, saved) => {
            if (this.uploadUrl) void this.#loadUpload().then((upload) => upload?.resume(saved.uploadUrl, saved.raw, detail.blob, detail.duration));
          },
        }),
      (error: unknown) => {
        this.#persistence = undefined;
        warnOnce(`persist: the code that saves recordings could not be loaded (${error}); recordings are kept in memory only.`);
        return undefined;
      },
    ));
  }

  /** Loads the code of `upload-url` (once). A failed load is reported (`error`): the recording goes on, delivered here only. */
  #loadUpload(): Promise<UploadController | undefined> {
    return (this.#uploading ??= import('./upload/index.js').then(
      ({ UploadController }) =>
        (this.#upload = new UploadController(this, {
          failed: (error) => {
            this.#failed(error);
            this.dispatchEvent(errorEvent(error));
          },
          remember: (url) => void this.#persistence?.then((persistence) => persistence?.rememberUpload(url)),
        })),
      (cause: unknown) => {
        this.#uploading = undefined;
        const error = new DOMException(`the upload code could not be loaded (${cause}): this recording is not uploaded, it is kept here.`, 'NetworkError');
        this.#failed(error);
        this.dispatchEvent(errorEvent(error));
        return undefined;
      },
    ));
  }

  /** Loads the code of `review` (once). */
  #loadReview(): void {
    this.#reviewLoad ??= import('./review/index.js').then(
      ({ ReviewController }) => {
        this.#review = new ReviewController(this, {
          discard: () => this.formResetCallback(),
          keep: (blob, seconds) => {
            const file = blob instanceof File ? blob : new File([blob], this.#file?.name ?? 'recording', { type: blob.type });
            this.#recorder?.clear();
            this.#setValue(file, seconds);
            return file;
          },
          unplayable: (error) => this.#failed(error),
          disabled: () => this.#userCannotOperate(),
          idleLabel: () => this.#idleLabel(),
          locale: () => this.#locale(),
          clock: (seconds) => formatDuration(seconds, this.#locale()),
        });
        this.requestUpdate();
      },
      (error: unknown) => {
        this.#reviewLoad = undefined;
        warnOnce(`review: the code that shows a recording could not be loaded (${error}); recordings are not shown for review.`);
      },
    );
  }

  /** Recovers what is saved under the `persist` key. */
  #recoverPersisted(): void {
    if (this.persist && this.isConnected) void this.#loadPersistence().then((persistence) => persistence?.recover());
  }

  #cancelLoadingToStart(): void {
    if (!this.#loadingToStart) return;
    this.#loadingToStart = null;
    this.#viewsChanged('acquiring');
  }

  /**
   * `state`, `recording` and `paused` are views of the controller: tell Lit they changed so it
   * re-renders and reflects them (for `recording`, an opposite old value makes sure it reflects).
   */
  #viewsChanged(previous: RecorderState): void {
    this.requestUpdate('state', previous);
    this.requestUpdate('recording', !this.recording);
    this.requestUpdate('paused', previous === 'paused');
  }

  /**
   * Seconds recorded, or with `countdown` and `max-duration`, seconds left (whole seconds: a timer
   * that fires a moment early at the limit still ends the countdown at 0).
   */
  #shownSeconds(): number {
    const limit = this.maxDuration;
    return this.countdown && isPositive(limit) ? Math.ceil(limit - this.duration - 0.05) : this.duration;
  }

  #failed(error: DOMException | Error): void {
    this.failure = error;
    // With the camera or the screen, the refusal may not be the microphone's: their error says which.
    if (error.name === 'NotAllowedError' && !this.#video()) this.#permissionWatch.learned('denied');
    if (!this.recording) this.#announce(this.#message());
  }

  #permissionChanged(previous: MicrophonePermission): void {
    // Allowed in the browser's settings since the last attempt: the advice no longer applies.
    if (this.permission !== 'denied' && this.failure?.name === 'NotAllowedError') this.failure = null;
    this.requestUpdate('permission', previous);
  }

  /** What the user should know about the last failure or the blocked microphone, or `''`. */
  #message(): string {
    // With the camera or the screen, their own error says what was refused.
    if (!this.#video() && (this.permission === 'denied' || this.failure?.name === 'NotAllowedError')) return this.messageDenied;
    return this.failure ? this.messageError.replace('{message}', this.failure.message) : this.warning;
  }

  #announce(text: string): void {
    // A live region speaks only when its text changes: a repeated message gets a trailing no-break space.
    this.announcement = text === this.announcement ? `${text}\u00a0` : text;
  }

  /** The page's language where the element is, for numbers and durations. */
  #locale(): string | undefined {
    return this.closest?.('[lang]')?.getAttribute('lang') || undefined; // no closest() while server rendering
  }

  #setValue(file: File | null, seconds = 0): void {
    this.#file = file;
    this.#fileSeconds = seconds;
    // `:state(recorded)`: the element holds a recording, for styling.
    this.#internals?.states?.[file ? 'add' : 'delete']('recorded');
    this.#internals?.setFormValue(file, file);
    this.#updateValidity();
    this.requestUpdate();
  }

  #updateValidity(): void {
    if (!this.#internals) return;
    if (this.required && !this.#file) {
      const button = this.shadowRoot?.querySelector('button') ?? undefined;
      this.#internals.setValidity({ valueMissing: true }, this.messageRequired, button);
    } else {
      this.#internals.setValidity({});
    }
  }
}

/** The `error` event as `recorderEvent` makes it (composed, not bubbling); that function loads with the recording code. */
function errorEvent(error: DOMException): CustomEvent<ErrorEventDetail> {
  return new CustomEvent('error', { detail: { error }, composed: true });
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
