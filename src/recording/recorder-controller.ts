import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { BlobParts } from './blob-parts.js';
import { noDataError, recorderError, unsupportedError } from './errors.js';
import type { MediaRecorderButtonEventMap, RecorderState, StopReason } from '../events.js';
import { capture, type Capture } from './capture.js';
import { recordingOptions, type RecordingOptions, type RecordingSettings } from './options.js';
import { chooseMimeType, isWebKit } from './mime-type.js';
import { seekable } from './seekable.js';
import { WebKitRecorder } from './webkit-recorder.js';
import type { FormatRecorder, PreparedFormat } from '../formats/index.js';
import type { Listening } from '../listening/index.js';
import { requestMicrophone } from './microphone.js';
import type { WarningCode } from '../events.js';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * What the controller needs from the element it records for (see `recordOn`, which dispatches the
 * events). Warnings go through the element: one warning per problem, whichever side finds it.
 */
export interface RecorderElement {
  /** The element's settings, read when a recording starts. */
  settings: RecordingSettings;
  stateChanged(previous: RecorderState): void;
  /** Dispatches one of the element's events on it. */
  emit<K extends keyof MediaRecorderButtonEventMap>(type: K, detail: MediaRecorderButtonEventMap[K]['detail']): void;
  /** One console warning per distinct message. */
  warn(message: string): void;
  /** Waited for once the inputs are given, before recording starts (code that must see the recording from its start). */
  beforeRecording?(): Promise<unknown> | undefined;
  /** A warning about the input begins (`true`) or its cause has cleared (`false`), while recording. */
  warning?(code: WarningCode, on: boolean): void;
  /** Waited for before the inputs are asked for: may refuse the recording (a setting that cannot work) by throwing. */
  beforeCapture?(): Promise<unknown> | undefined;
}

/** If MediaRecorder reports an error but never its `stop` event, finalize after this long. */
const STOP_AFTER_ERROR_MS = 500;

/**
 * If MediaRecorder never fires `stop` once its input has ended (WebKit) or once it has been
 * stopped (a WebKit recorder that hangs), finalize with what was collected after this long.
 */
const STOP_EVENT_TIMEOUT_MS = 1000;

/** Everything one recording holds, from the microphone request to the final Blob. */
class Take {
  stream: MediaStream | null = null;
  capture: Capture | null = null;
  recorder: MediaRecorder | FormatRecorder | null = null;
  /** With `format`: how this browser records it. */
  format: PreparedFormat | null = null;
  /** A microphone recording: what listens to it (warnings, silence, changing microphone). */
  listening: Listening | null = null;
  /** Warnings heard before the recording started, said after its `start`. */
  earlyWarnings: Array<[WarningCode, boolean]> = [];
  mimeType = '';
  readonly chunks = new BlobParts();
  reason: StopReason | null = null;
  startedAt = 0;
  pausedAt = 0;
  pausedMs = 0;
  stoppedAt = 0;
  /** Recorded milliseconds when the next chunk began, for `timecode`. */
  nextTimecode = 0;
  maxDurationTimer = 0;
  errorTimer = 0;
  finalized = false;
  started: Promise<void> = Promise.resolve();
  /** The final Blob, or `null` when the recorder handed over no data at all. */
  readonly finished: Promise<Blob | null>;
  resolveFinished!: (blob: Blob | null) => void;
  /** Undo what watches the microphone: run as soon as the recording is asked to end. */
  readonly sourceCleanups: Array<() => void> = [];
  /** Undo what listens to MediaRecorder: run once its final data is in. */
  readonly recorderCleanups: Array<() => void> = [];

  /** Read when the microphone is requested. */
  options: RecordingOptions = {};
  /** What makes up for WebKit's recorder; `null` elsewhere. */
  webkit: WebKitRecorder | null = null;
  /** WebKit without a timeslice: the chunks asked for on the element's clock, not yet dispatched. */
  withheld: Blob[] = [];

  constructor() {
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
  }

  recordedMs(now = performance.now()): number {
    if (!this.startedAt) return 0;
    const end = this.stoppedAt || this.pausedAt || now;
    return Math.max(0, end - this.startedAt - this.pausedMs);
  }

  /** Stops every track and the timers and listeners that watch them. Safe to call more than once. */
  releaseMicrophone(): void {
    this.stream?.getTracks().forEach((track) => track.stop());
    this.capture?.release();
    this.listening?.release();
    clearTimeout(this.maxDurationTimer);
    this.sourceCleanups.splice(0).forEach((cleanup) => cleanup());
  }

  /** Releases everything, MediaRecorder's listeners included. */
  release(): void {
    this.releaseMicrophone();
    clearTimeout(this.errorTimer);
    this.recorderCleanups.splice(0).forEach((cleanup) => cleanup());
  }
}

/**
 * Owns the microphone and MediaRecorder of a host element: the state machine, the chunks,
 * the final Blob, and the guarantee that the microphone is released however a recording ends.
 * Dispatches the element's events on the host.
 */
export class RecorderController implements ReactiveController {
  state: RecorderState = 'inactive';
  /** The last final recording. */
  blob: Blob | null = null;

  private take: Take | null = null;
  private lastDurationMs = 0;
  /** A start asked for while the previous recording was still stopping. */
  private restartQueued = false;
  private disconnectTimer = 0;

  constructor(
    private readonly host: Host,
    private readonly element: RecorderElement,
  ) {
    host.addController(this);
  }

  /** True from the request to record until the recording is asked to stop. */
  get active(): boolean {
    return this.state === 'acquiring' || this.state === 'recording' || this.state === 'paused' || this.restartQueued;
  }

  get stream(): MediaStream | null {
    return this.take?.listening?.microphone ?? this.take?.stream ?? null;
  }

  /** What the waveform shows: what is recorded of the microphone, across a change of microphone. */
  get heard(): MediaStream | null {
    return this.take?.listening?.routed ? this.take.listening.recorded : (this.take?.capture?.microphone ?? null);
  }

  /** The inputs of the recording going on: its microphone and, for video, its preview. */
  get capture(): Capture | null {
    return this.take?.capture ?? null;
  }

  /** Seconds recorded so far (or by the last recording), paused time excluded. */
  get duration(): number {
    return (this.take ? this.take.recordedMs() : this.lastDurationMs) / 1000;
  }

  hostConnected(): void {
    clearTimeout(this.disconnectTimer);
  }

  hostDisconnected(): void {
    // A framework moving the element disconnects and reconnects it in the same task: wait one task.
    clearTimeout(this.disconnectTimer);
    this.disconnectTimer = window.setTimeout(() => {
      if (!this.host.isConnected) void this.stop('disconnected');
    });
  }

  start(): Promise<void> {
    switch (this.state) {
      case 'acquiring':
        return this.take!.started;
      case 'recording':
      case 'paused':
        return Promise.resolve();
      case 'stopping': {
        this.restartQueued = true;
        this.element.stateChanged(this.state);
        return this.take!.finished.then(() => {
          if (!this.restartQueued) return;
          this.restartQueued = false;
          return this.start();
        });
      }
    }
    const take = new Take();
    this.take = take;
    take.started = this.acquire(take);
    this.setState('acquiring');
    return take.started;
  }

  /** Resolves with the final Blob, or `null` when no recording was going on or it produced no data. */
  stop(reason: StopReason = 'user'): Promise<Blob | null> {
    const take = this.take;
    if (this.restartQueued) {
      this.restartQueued = false;
      this.element.stateChanged(this.state);
    }
    if (!take) return Promise.resolve(null);
    if (this.state === 'acquiring') {
      this.cancel(take);
      return Promise.resolve(null);
    }
    if (this.state === 'recording' || this.state === 'paused') {
      take.reason ??= reason;
      this.finish(take);
    }
    return take.finished;
  }

  pause(): void {
    const take = this.take;
    // MediaRecorder may have stopped by itself (its tracks ended) a moment before we hear of it.
    if (this.state !== 'recording' || take?.recorder?.state !== 'recording') return;
    take.recorder.pause();
    take.listening?.pause();
    take.pausedAt = performance.now();
    clearTimeout(take.maxDurationTimer);
    this.setState('paused');
    this.element.emit('pause', {});
  }

  resume(): void {
    const take = this.take;
    if (this.state !== 'paused' || take?.recorder?.state !== 'paused') return;
    take.recorder.resume();
    take.listening?.resume();
    take.pausedMs += performance.now() - take.pausedAt;
    take.pausedAt = 0;
    this.scheduleMaxDuration(take);
    this.setState('recording');
    this.element.emit('resume', {});
  }

  /**
   * Records from the microphone `deviceId` (`''`: the browser's default) from now on, within the same
   * recording. One that cannot be opened, or a recording that cannot change microphone, is warned about
   * and the recording goes on as it was.
   */
  async switchMicrophone(deviceId: string): Promise<void> {
    const take = this.take;
    if (!take?.listening || (this.state !== 'recording' && this.state !== 'paused')) return;
    await take.listening.switchTo(deviceId || undefined);
  }

  /** Forgets the last recording (a form reset); a recording in progress goes on. */
  clear(): void {
    this.blob = null;
    this.lastDurationMs = 0;
  }

  requestData(): void {
    const recorder = this.take?.recorder;
    if ((this.state === 'recording' || this.state === 'paused') && recorder?.state !== 'inactive') {
      recorder?.requestData();
      // WebKit without a timeslice: what was held back, in a task of its own as MediaRecorder's own chunks.
      const take = this.take!;
      if (take.withheld.length) window.setTimeout(() => this.emitWithheld(take));
    }
  }

  private setState(state: RecorderState): void {
    const previous = this.state;
    if (previous === state) return;
    this.state = state;
    this.element.stateChanged(previous);
  }

  private async acquire(take: Take): Promise<void> {
    try {
      // Read the options a microtask later: markup and frameworks may set `recording` before the
      // properties that go with it (`device-id`, `timeslice`, …).
      await Promise.resolve();
      if (this.take !== take) return;
      take.options = recordingOptions(this.element.settings, this.element.warn);
      if (take.options.format) {
        // Before the microphone is asked for: a format this browser cannot make is refused here.
        const formats = await import('../formats/index.js').catch((cause: unknown) => void this.formatFailed(take, cause));
        if (this.take !== take) return;
        const { format, sampleRate, channels = 1, audioBitsPerSecond } = take.options;
        take.format = formats?.prepareFormat({ format, sampleRate, channels, audioBitsPerSecond }, this.element.warn) ?? null;
      }
      await this.element.beforeCapture?.();
      if (this.take !== take) return;
      // The listening code loads while the browser asks for the microphone.
      const listening = !take.options.source || take.options.source === 'microphone' ? this.loadListening() : undefined;
      const captured = await capture(take.options);
      if (this.take !== take) {
        // Cancelled while the prompt was open: release the microphone (and camera, screen) we were just given.
        captured.release();
        return;
      }
      take.capture = captured;
      take.stream = captured.stream;
      await this.element.beforeRecording?.();
      if (this.take !== take) return;
      if (listening) await this.listen(take, listening);
      if (this.take !== take) return;
      const formatRecorder = take.format && (await this.openFormat(take));
      if (this.take !== take) {
        formatRecorder?.stop();
        return;
      }
      await this.record(take, formatRecorder);
    } catch (cause) {
      if (this.take !== take) return;
      const error = cause instanceof DOMException ? cause : recorderError(cause);
      take.release();
      this.take = null;
      this.setState('inactive');
      this.element.emit('error', { error });
      throw error;
    }
  }

  /** The recorder of the take's format, or `null` when it cannot be set up (see `formatFailed`). */
  private async openFormat(take: Take): Promise<FormatRecorder | null> {
    try {
      return await take.format!.open(take.stream!);
    } catch (cause) {
      this.formatFailed(take, cause);
      return null;
    }
  }

  /**
   * The take's format cannot be recorded after all (its code, worklet or worker failed to load): says why
   * with an `error`, and the browser's own recorder records instead, so that nothing is lost for it.
   */
  private formatFailed(take: Take, cause: unknown): void {
    const error =
      cause instanceof DOMException && cause.name !== 'NotSupportedError'
        ? cause
        : new DOMException(`The ${take.options.format!.toUpperCase()} recorder could not be loaded (${(cause as Error)?.message ?? cause}).`, 'NotSupportedError');
    this.element.warn(`format="${take.options.format}": ${error.message} Recording in the browser's own format instead.`);
    this.element.emit('error', { error });
    take.format = null;
  }

  /** Starts the recorder (MediaRecorder, or the format's) on the take's stream; resolves on its `start` event. */
  private record(take: Take, formatRecorder: FormatRecorder | null = null): Promise<void> {
    const { options } = take;
    if (formatRecorder) return this.watchRecorder(take, formatRecorder, take.format!.mimeType);
    if (typeof MediaRecorder === 'undefined') throw unsupportedError('MediaRecorder');
    const mimeType = (take.capture?.chooseMimeType ?? chooseMimeType)(options.mimeType, (type) => MediaRecorder.isTypeSupported(type), isWebKit(navigator.userAgent));
    if (options.mimeType && mimeType !== options.mimeType) {
      this.element.warn(`this browser cannot record mime-type="${options.mimeType}"; recording ${mimeType || 'its default type'} instead.`);
    }
    let recorder: MediaRecorder;
    try {
      recorder = new MediaRecorder(take.listening?.recorded ?? take.stream!, {
        ...(mimeType && { mimeType }),
        ...(options.audioBitsPerSecond && { audioBitsPerSecond: options.audioBitsPerSecond }),
        ...(options.videoBitsPerSecond && { videoBitsPerSecond: options.videoBitsPerSecond }),
      });
    } catch (cause) {
      throw recorderError(cause, 'NotSupportedError');
    }
    if (isWebKit(navigator.userAgent)) {
      const webkit = (take.webkit = new WebKitRecorder(recorder));
      take.recorderCleanups.push(() => webkit.release());
    }
    return this.watchRecorder(take, recorder, mimeType);
  }

  /** Listens to the take's recorder and starts it; resolves on its `start` event. */
  private watchRecorder(take: Take, recorder: MediaRecorder | FormatRecorder, mimeType: string): Promise<void> {
    const { options } = take;
    take.recorder = recorder;
    take.mimeType = mimeType;
    return new Promise<void>((resolve, reject) => {
      const listen = <K extends keyof MediaRecorderEventMap>(type: K, listener: (event: MediaRecorderEventMap[K]) => void) => {
        recorder.addEventListener(type, listener as EventListener);
        take.recorderCleanups.push(() => recorder.removeEventListener(type, listener as EventListener));
      };
      // Cancelled before MediaRecorder started: settle start() without an error.
      take.recorderCleanups.push(() => resolve());
      listen('start', () => {
        if (this.take !== take) return;
        take.startedAt = performance.now();
        // A format's type is the one promised (`audio/ogg;codecs=opus`), whatever the recorder spells.
        if (!take.format) take.mimeType = recorder.mimeType || take.mimeType;
        this.watchSource(take);
        take.webkit?.start();
        this.scheduleMaxDuration(take);
        this.setState('recording');
        this.element.emit('start', { mimeType: take.mimeType });
        take.earlyWarnings.splice(0).forEach(([code, on]) => this.element.warning?.(code, on));
        resolve();
      });
      listen('dataavailable', (event) => this.collect(take, event.data));
      listen('stop', () => void this.finalize(take));
      listen('error', (event) => {
        const cause = (event as Event & { error?: unknown }).error;
        const error = recorderError(cause, 'UnknownError');
        if (take.startedAt === 0) {
          reject(error);
          return;
        }
        this.element.emit('error', { error });
        take.reason ??= 'error';
        this.finish(take);
        // Some failures fire `error` and no `stop`: deliver what we have rather than wait forever.
        take.errorTimer = window.setTimeout(() => void this.finalize(take), STOP_AFTER_ERROR_MS);
      });
      try {
        recorder.start(options.timeslice);
      } catch (cause) {
        reject(recorderError(cause, 'NotSupportedError'));
      }
    });
  }

  private collect(take: Take, data: Blob): void {
    if (take.finalized || data.size === 0) return;
    take.chunks.add(data);
    if (!take.mimeType && data.type) take.mimeType = data.type;
    if (take.webkit) {
      take.webkit.collected(data);
      // Without a timeslice, one chunk at the end (or at requestData()), as in the other engines.
      if (!take.options.timeslice) {
        take.withheld.push(data);
        return;
      }
    }
    this.emitChunk(take, data);
  }

  /** Dispatches the WebKit chunks held back since the last one dispatched, as one chunk. */
  private emitWithheld(take: Take): void {
    if (take.withheld.length === 0) return;
    const parts = take.withheld.splice(0);
    this.emitChunk(take, new Blob(parts, { type: parts[0].type || take.mimeType }));
  }

  private emitChunk(take: Take, data: Blob): void {
    const timecode = take.nextTimecode;
    take.nextTimecode = Math.floor(take.recordedMs());
    this.element.emit('dataavailable', { data, timecode });
  }

  /** Ends the recording when every input track has ended (unplugged, revoked, stopped from outside). */
  private watchSource(take: Take): void {
    const tracks = take.capture!.watched;
    const check = () => {
      // Routed through Web Audio, another microphone takes the place of one that went away.
      if (take.listening?.routed) return take.listening.checkInput();
      if (tracks.every((track) => track.readyState === 'ended')) {
        take.reason ??= 'source-ended';
        this.finish(take);
      }
    };
    for (const track of tracks) {
      track.addEventListener('ended', check);
      take.sourceCleanups.push(() => track.removeEventListener('ended', check));
    }
    // `ended` does not fire for track.stop() called by the page: look again now and then.
    const poll = window.setInterval(check, 250);
    const onPageHide = () => void this.stop('disconnected');
    window.addEventListener('pagehide', onPageHide);
    take.sourceCleanups.push(
      () => clearInterval(poll),
      () => window.removeEventListener('pagehide', onPageHide),
    );
  }

  /** The listening code; a failure to load it is warned about, and recordings go on without. */
  private loadListening(): Promise<typeof import('../listening/index.js') | undefined> {
    return import('../listening/index.js').catch((cause: unknown) => {
      this.element.warn(`the code that listens to the microphone could not be loaded (${cause}); recording without warnings, stop-after-silence or changing microphone.`);
      return undefined;
    });
  }

  /** Sets up what listens to the take's microphone, routed through Web Audio when the microphone may change. */
  private async listen(take: Take, code: Promise<typeof import('../listening/index.js') | undefined>): Promise<void> {
    const listening = await code;
    // A format records the microphone through its own audio graph, which does not change microphone.
    const route = !!listening && !take.format && (await listening.mayChangeMicrophone(take.options.deviceId));
    if (!listening || this.take !== take) return;
    const { options } = take;
    const ifCurrent = (action: () => void) => () => {
      if (this.take === take && !take.stoppedAt) action();
    };
    try {
      const opened = await listening.listen(
        take.stream!,
        { route, silenceThreshold: options.silenceThreshold!, stopAfterSilence: options.stopAfterSilence },
        {
          warning: (code, on) => {
            if (this.take !== take || take.stoppedAt) return;
            if (take.startedAt) this.element.warning?.(code, on);
            else take.earlyWarnings.push([code, on]);
          },
          silence: ifCurrent(() => {
            take.reason ??= 'silence';
            this.finish(take);
          }),
          sourceEnded: ifCurrent(() => {
            take.reason ??= 'source-ended';
            this.finish(take);
          }),
          openMicrophone: (deviceId) => requestMicrophone({ ...options, deviceId }),
          warn: this.element.warn,
        },
      );
      if (this.take === take) take.listening = opened;
      else opened.release();
    } catch (cause) {
      this.element.warn(`could not listen to the microphone (${(cause as Error)?.message ?? cause}); recording without warnings, stop-after-silence or changing microphone.`);
    }
  }

  private scheduleMaxDuration(take: Take): void {
    const limit = take.options.maxDuration;
    if (!limit) return;
    clearTimeout(take.maxDurationTimer);
    take.maxDurationTimer = window.setTimeout(() => {
      take.reason ??= 'max-duration';
      this.finish(take);
    }, Math.max(0, limit * 1000 - take.recordedMs()));
  }

  /** Asks MediaRecorder for its last data and releases the microphone right away. */
  private finish(take: Take): void {
    if (take !== this.take || take.stoppedAt) return;
    take.stoppedAt = take.pausedAt || performance.now();
    this.setState('stopping');
    const recorder = take.recorder!;
    const stopRecorder = () => {
      if (recorder.state !== 'inactive') {
        try {
          recorder.stop();
        } catch {
          // Already stopped by the browser; its `stop` event is on the way.
        }
      }
      take.releaseMicrophone();
      if (take.webkit || take.reason === 'source-ended') {
        take.errorTimer ||= window.setTimeout(() => void this.finalize(take), STOP_EVENT_TIMEOUT_MS);
      }
    };
    // WebKit would leave out the unfinished last fragment: record on until it is handed over.
    // An ended input or a failed recorder gives nothing more.
    if (take.webkit && take.reason !== 'source-ended' && take.reason !== 'error' && recorder.state !== 'inactive') {
      take.webkit.stopAfter(take.stoppedAt - take.startedAt, stopRecorder);
    } else {
      stopRecorder();
    }
  }

  /**
   * Builds the final Blob from every chunk, gives it a seekable duration where the browser
   * left none, and ends the take with one `stop` event.
   */
  private async finalize(take: Take): Promise<void> {
    if (take.finalized) return;
    if (!take.stoppedAt) {
      // MediaRecorder stopped by itself (every track ended): finish first, so times and tracks are settled.
      take.reason ??= 'source-ended';
      this.finish(take);
    }
    take.finalized = true;
    take.release();
    const mimeType = take.mimeType || take.chunks.firstType;
    // A recording the element encodes itself is as long as the sound it holds, counted by the audio clock.
    const durationMs = (take.recorder as FormatRecorder | null)?.recordedMs ?? take.recordedMs();
    this.emitWithheld(take);
    // WebKit recorded on past the stop point, and keeps paused time in the file: cut its media at
    // the time from start to stop.
    const mediaMs = take.webkit ? take.stoppedAt - take.startedAt : undefined;
    const blob = await seekable(take.chunks.toBlob(mimeType), durationMs, this.element.warn, mediaMs);
    // A take that produced no data at all is no recording: `blob` keeps the last one, stop() gives null.
    const recorded = take.chunks.count > 0;
    this.take = null;
    if (recorded) this.blob = blob;
    this.lastDurationMs = durationMs;
    this.setState('inactive');
    // Failed, whether the recorder said so or not. A failure it reported was reported already.
    if (!recorded && take.reason !== 'error') {
      this.element.emit('error', { error: noDataError(!!take.options.source && take.options.source !== 'microphone') });
    }
    this.element.emit('stop', { blob, mimeType, duration: durationMs / 1000, reason: take.reason ?? 'user' });
    // The element holds a new recording, as an input's `change` says its value changed.
    if (recorded) this.element.emit('change', { blob });
    take.resolveFinished(recorded ? blob : null);
  }

  private cancel(take: Take): void {
    this.take = null;
    const recorder = take.recorder;
    take.release();
    if (recorder && recorder.state !== 'inactive') recorder.stop();
    this.setState('inactive');
  }
}
