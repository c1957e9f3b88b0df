/**
 * Listening to a microphone recording while it is made, loaded with the first one: warnings when
 * the input is silent, muted or clipping, stop on silence, and one recording across microphones.
 */
import type { WarningCode } from '../events.js';
import { acquireAudioContext, releaseAudioContext } from '../recording/audio-context.js';
import { FULL_SCALE, LevelWatch, type LevelChange } from './levels.js';

export interface ListeningOptions {
  /** Record through Web Audio, so that the microphone can change within the recording. */
  route: boolean;
  silenceThreshold: number;
  stopAfterSilence?: number;
}

/** What the recording does with what is heard. */
export interface ListeningHooks {
  /** A warning begins (`true`) or its cause has cleared (`false`). */
  warning(code: WarningCode, on: boolean): void;
  /** `stop-after-silence` seconds of silence followed speech. */
  silence(): void;
  /** The microphone went away and no other is there (routed recordings; the others end as their tracks do). */
  sourceEnded(): void;
  /** Opens a microphone like the first one, but `deviceId` (or any, for `undefined`). */
  openMicrophone(deviceId: string | undefined): Promise<MediaStream>;
  warn(message: string): void;
}

/** How often the level is read, in seconds of audio. */
const WINDOW_SECONDS = 0.25;
/**
 * What the recorder holds lags behind what the level taps hear (its encoder's buffers; about 0.2 s in
 * Chromium, measured in the file): silence is counted this much longer before the stop, so that the
 * file ends with at least `stop-after-silence` seconds of it.
 */
const RECORDER_LAG_SECONDS = 0.25;
/**
 * The measured level follows the input through a low-pass filter at this frequency: about a tenth of
 * a second of memory, so that the end of a sound shows within about 0.15 s, and a sound of a fifth of
 * a second between two reads is still seen by the next.
 */
const SMOOTHING_HZ = 10;
/** The fewest samples an analyser keeps: all that is read of the smoothed level. */
const TAP_SIZE = 32;

/** The level's two measures, per sample, as WaveShaper curves over −1…1: the square, and 1 for a clipped sample. */
let curves: { square: Float32Array<ArrayBuffer>; clipped: Float32Array<ArrayBuffer> } | undefined;
function levelCurves() {
  const points = 8193;
  const x = (i: number) => (2 * i) / (points - 1) - 1;
  return (curves ??= {
    square: Float32Array.from({ length: points }, (_, i) => x(i) ** 2),
    // 1 only where the point next to it, towards 0, is at full scale too: a sample under it never counts, even in part.
    clipped: Float32Array.from({ length: points }, (_, i) => (Math.abs(x(i)) >= FULL_SCALE && Math.abs(x(i < points / 2 ? i + 1 : i - 1)) >= FULL_SCALE ? 1 : 0)),
  });
}

/**
 * Measures `input` on the audio thread: each sample squared (or flagged as clipped) by a WaveShaper and
 * smoothed by a low-pass filter, into an analyser from which the main thread reads the last few values:
 * the mean square, and the share of clipped samples. Reading them costs next to nothing.
 */
export function levelTaps(context: BaseAudioContext, input: AudioNode): { meanSquare: AnalyserNode; clipped: AnalyserNode } {
  const tap = (curve: Float32Array<ArrayBuffer>) => {
    const shaper = context.createWaveShaper();
    shaper.curve = curve;
    const smooth = context.createBiquadFilter();
    smooth.type = 'lowpass';
    smooth.frequency.value = SMOOTHING_HZ;
    const analyser = context.createAnalyser();
    analyser.fftSize = TAP_SIZE;
    input.connect(shaper).connect(smooth).connect(analyser);
    return analyser;
  };
  const { square, clipped } = levelCurves();
  return { meanSquare: tap(square), clipped: tap(clipped) };
}

/** Device IDs that name another entry of the same list (Chromium's `default` and `communications`). */
const ALIASES = new Set(['default', 'communications']);

/** The real microphones of the device: without the aliases some browsers list besides them. */
export async function microphones(): Promise<MediaDeviceInfo[]> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices.filter((device) => device.kind === 'audioinput' && !ALIASES.has(device.deviceId));
}

/**
 * Whether a recording has to go through Web Audio to be able to change microphone: only when the
 * page chose one (it may choose another) or the device has more than one. Otherwise MediaRecorder
 * records the microphone itself, as without this module.
 */
export async function mayChangeMicrophone(deviceId: string | undefined): Promise<boolean> {
  if (deviceId) return true;
  try {
    return (await microphones()).length > 1;
  } catch {
    return false;
  }
}

/** How long the page's audio context may take to run before the recording goes ahead without routing through it. */
const CONTEXT_START_MS = 500;

/**
 * Starts listening to `microphone`. Routing goes ahead only with the audio context running: a context
 * the browser keeps suspended (no user gesture yet) would record silence.
 */
export async function listen(microphone: MediaStream, options: ListeningOptions, hooks: ListeningHooks): Promise<Listening> {
  const context = acquireAudioContext();
  if (context.state !== 'running') {
    await Promise.race([context.resume().catch(() => {}), new Promise((resolve) => setTimeout(resolve, CONTEXT_START_MS))]);
  }
  try {
    return new Listening(context, microphone, { ...options, route: options.route && context.state === 'running' }, hooks);
  } catch (cause) {
    releaseAudioContext();
    throw cause;
  }
}

/**
 * The listening side of one recording. The level is measured on the audio thread (`levelTaps`) and
 * read at the end of each window of audio: by a timer in a visible page, by a source node's `ended`
 * on the audio clock in a hidden one (never an animation frame), so it goes on in a background tab.
 * Routed, the microphone feeds a MediaStreamAudioDestinationNode whose stream MediaRecorder records
 * (`recorded`), so that another microphone can take its place.
 */
export class Listening {
  /** The microphone heard now. */
  microphone: MediaStream;
  /** What MediaRecorder records: the routed stream, or the microphone itself. */
  readonly recorded: MediaStream;
  readonly routed: boolean;

  private readonly context: AudioContext;
  private readonly input: GainNode;
  private readonly taps: { meanSquare: AnalyserNode; clipped: AnalyserNode };
  private readonly values = new Float32Array(TAP_SIZE);
  private readonly watch: LevelWatch;
  private source: MediaStreamAudioSourceNode;
  private readonly opened: MediaStream[] = [];
  private readonly cleanups: Array<() => void> = [];
  /** What reads next: a timer, or (in a hidden page) a source node; never both. */
  private timer: ReturnType<typeof setTimeout> | undefined;
  private tick: ConstantSourceNode | null = null;
  /** The audio clock's time of the last sample read. */
  private readUntil = 0;
  private paused = false;
  private released = false;
  private replacing = false;
  private readonly warnings = new Set<WarningCode>();

  constructor(
    context: AudioContext,
    microphone: MediaStream,
    options: ListeningOptions,
    private readonly hooks: ListeningHooks,
  ) {
    this.context = context;
    this.microphone = microphone;
    this.routed = options.route;
    this.input = this.context.createGain();
    this.taps = levelTaps(this.context, this.input);
    const { stopAfterSilence } = options;
    this.watch = new LevelWatch({ ...options, stopAfterSilence: stopAfterSilence && stopAfterSilence + RECORDER_LAG_SECONDS });
    this.source = this.connect(microphone);
    if (this.routed) {
      const destination = this.context.createMediaStreamDestination();
      // As many channels as the microphone: a mono microphone makes a mono file, as unrouted.
      destination.channelCount = Math.min(2, microphone.getAudioTracks()[0]?.getSettings().channelCount ?? 1);
      destination.channelCountMode = 'explicit';
      this.input.connect(destination);
      this.recorded = destination.stream;
    } else {
      this.recorded = microphone;
    }
    this.readUntil = this.context.currentTime;
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    this.cleanups.push(() => document.removeEventListener('visibilitychange', this.onVisibilityChange));
    this.scheduleTick();
  }

  pause(): void {
    this.paused = true;
  }

  /** Goes on from now: what was heard while paused is no part of the recording. */
  resume(): void {
    this.paused = false;
    this.readUntil = this.context.currentTime;
  }

  /**
   * Switches to the microphone `deviceId` within the recording. One that cannot be opened is warned
   * about, and the recording goes on with the current one. Resolves `true` once switched.
   */
  async switchTo(deviceId: string | undefined): Promise<boolean> {
    if (!this.routed) {
      this.hooks.warn(`device-id="${deviceId ?? ''}" was set during a recording that records its microphone directly (the device had one microphone, or a format is set); it applies from the next recording.`);
      return false;
    }
    let stream: MediaStream;
    try {
      stream = await this.hooks.openMicrophone(deviceId);
    } catch (error) {
      this.hooks.warn(`device-id="${deviceId ?? ''}": that microphone could not be opened (${(error as Error)?.message ?? error}); recording goes on with the current one.`);
      return false;
    }
    if (this.released) {
      stream.getTracks().forEach((track) => track.stop());
      return false;
    }
    this.use(stream);
    return true;
  }

  /**
   * Looks at the microphone: every track of it ended without an `ended` event (the page stopped
   * them) ends the recording, as unrouted. Called now and then by the recording.
   */
  checkInput(): void {
    if (this.replacing || this.released) return;
    if (this.microphone.getAudioTracks().every((track) => track.readyState === 'ended')) this.hooks.sourceEnded();
  }

  /**
   * The microphone went away (its track's `ended`): the recording goes on with another one
   * (`device-lost`), or ends when there is none.
   */
  private async replace(lost: MediaStreamTrack): Promise<void> {
    if (!this.routed || this.replacing || this.released) return;
    this.replacing = true;
    const { deviceId, groupId } = lost.getSettings();
    try {
      const others = (await microphones()).filter((device) => device.deviceId !== deviceId && (!groupId || device.groupId !== groupId));
      let stream: MediaStream | undefined;
      for (const other of others) {
        stream = await this.hooks.openMicrophone(other.deviceId).catch(() => undefined);
        if (stream) break;
      }
      if (this.released) return void stream?.getTracks().forEach((track) => track.stop());
      if (!stream) return this.hooks.sourceEnded();
      this.use(stream);
      this.say('device-lost', true);
    } finally {
      this.replacing = false;
    }
  }

  /** Lets go of the audio graph and of the microphones opened here (the first belongs to the recording). */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.cleanups.splice(0).forEach((cleanup) => cleanup());
    clearTimeout(this.timer);
    if (this.tick) this.tick.onended = null;
    this.tick?.disconnect();
    this.input.disconnect();
    this.taps.meanSquare.disconnect();
    this.taps.clipped.disconnect();
    this.opened.forEach((stream) => stream.getTracks().forEach((track) => track.stop()));
    releaseAudioContext();
  }

  /** Makes `stream` the microphone heard (and recorded), and lets the one before go. */
  private use(stream: MediaStream): void {
    const previous = this.source;
    this.source = this.connect(stream);
    previous.disconnect();
    // The one left is let go at once: its indicator goes off.
    this.microphone.getTracks().forEach((track) => track.stop());
    this.opened.push(stream);
    this.microphone = stream;
    // A muted microphone that is gone no longer needs saying.
    if (this.warnings.has('muted') && !stream.getAudioTracks().some((track) => track.muted)) this.say('muted', false);
  }

  /** Connects a microphone to the graph and watches it for `mute` and for going away. */
  private connect(stream: MediaStream): MediaStreamAudioSourceNode {
    const source = this.context.createMediaStreamSource(stream);
    source.connect(this.input);
    for (const track of stream.getAudioTracks()) {
      const mute = () => this.microphone === stream && track.muted && this.say('muted', true);
      const unmute = () => this.microphone === stream && this.say('muted', false);
      const ended = () => this.microphone === stream && void this.replace(track);
      track.addEventListener('mute', mute);
      track.addEventListener('unmute', unmute);
      track.addEventListener('ended', ended);
      this.cleanups.push(() => {
        track.removeEventListener('mute', mute);
        track.removeEventListener('unmute', unmute);
        track.removeEventListener('ended', ended);
      });
      if (track.muted) queueMicrotask(mute); // muted from the start: no event says so
    }
    this.cleanups.push(() => source.disconnect());
    return source;
  }

  /**
   * Schedules the next read, a window of audio from now. In a visible page a timer does it, for next
   * to nothing. A hidden page's timers are slowed to once a second, and after five minutes to once a
   * minute, so there a source node does it: its `ended` comes on the audio clock, for several times a
   * timer's main-thread work (the node's making).
   */
  private scheduleTick(): void {
    if (document.visibilityState !== 'hidden') {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.onTick();
      }, WINDOW_SECONDS * 1000);
      return;
    }
    const tick = this.context.createConstantSource();
    tick.offset.value = 0;
    // Connected, so that the graph renders it and its `ended` comes (WebKit's does not otherwise).
    tick.connect(this.context.destination);
    tick.onended = () => {
      tick.disconnect();
      this.tick = null;
      this.onTick();
    };
    const now = this.context.currentTime;
    tick.start(now);
    tick.stop(now + WINDOW_SECONDS);
    this.tick = tick;
  }

  private onTick(): void {
    if (this.released) return;
    this.read();
    this.scheduleTick();
  }

  /** The page hidden while a timer waits: the audio clock takes over now, not a second later. */
  private readonly onVisibilityChange = () => {
    if (document.visibilityState !== 'hidden' || this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.scheduleTick();
  };

  /** Feeds the level of the audio since the last read to the level watch. */
  private read(): void {
    const now = this.context.currentTime;
    const seconds = now - this.readUntil;
    this.readUntil = now;
    if (this.paused || seconds <= 0) return;
    const level = { meanSquare: this.last(this.taps.meanSquare), clipped: this.last(this.taps.clipped) };
    for (const change of this.watch.feed(level, seconds)) this.heard(change);
  }

  /** The mean of what `tap` holds now, never below 0 (the filter may ring a little below). */
  private last(tap: AnalyserNode): number {
    tap.getFloatTimeDomainData(this.values);
    let sum = 0;
    for (let i = 0; i < TAP_SIZE; i++) sum += this.values[i];
    return Math.max(0, sum / TAP_SIZE);
  }

  private heard(change: LevelChange): void {
    if (change === 'silence') this.hooks.silence();
    else if (change === 'signal') this.say('no-signal', false);
    else if (change === 'clipping-cleared') this.say('clipping', false);
    else this.say(change, true);
  }

  /** Says a warning once per cause, until it clears; a microphone going away is said each time. */
  private say(code: WarningCode, on: boolean): void {
    if (code !== 'device-lost') {
      if (this.warnings.has(code) === on) return;
      if (on) this.warnings.add(code);
      else this.warnings.delete(code);
    }
    this.hooks.warning(code, on);
  }
}
