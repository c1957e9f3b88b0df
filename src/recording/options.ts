import type { MicrophoneOptions } from './microphone.js';

/** What to record: the microphone alone, the camera with it, or a screen the user picks with it. */
export type Source = 'microphone' | 'camera' | 'screen';

/** What one recording is made with; read when it starts. Invalid values are already removed. */
export interface RecordingOptions extends MicrophoneOptions {
  source?: Source;
  mimeType?: string;
  timeslice?: number;
  audioBitsPerSecond?: number;
  maxDuration?: number;
  videoDeviceId?: string;
  facingMode?: 'user' | 'environment';
  resolution?: number;
  frameRate?: number;
  videoBitsPerSecond?: number;
  /** `wav`, `ogg` or `mp3` (any other value is refused when recording starts); left out for the browser's own. */
  format?: string;
  sampleRate?: number;
  channels?: 1 | 2;
  /** Seconds of silence after speech that end the recording. */
  stopAfterSilence?: number;
  /** dBFS; always set. */
  silenceThreshold?: number;
}

/** The element's recording settings as pages set them: strings may be empty, numbers anything. */
export interface RecordingSettings {
  mimeType: string;
  deviceId: string;
  echoCancellation?: boolean;
  noiseSuppression?: boolean;
  autoGainControl?: boolean;
  timeslice?: number;
  audioBitsPerSecond?: number;
  maxDuration?: number;
  source?: string;
  videoDeviceId?: string;
  facingMode?: string;
  resolution?: number;
  frameRate?: number;
  videoBitsPerSecond?: number;
  format?: string;
  sampleRate?: number;
  channels?: number;
  stopAfterSilence?: number;
  silenceThreshold?: number;
  /** A `persist` key: its chunks are saved as they come, one a second unless `timeslice` is set. */
  persist?: string;
  /** An `upload-url`: chunks are sent as they come, one a second unless `timeslice` is set. */
  uploadUrl?: string;
}

/** The timeslice of a recording saved with `persist` or uploaded that sets none: a second at most is lost in a crash. */
const PERSIST_TIMESLICE_MS = 1000;

const isPositive = (value: number | undefined): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;

/** The numbers a recording takes, by attribute: each must be positive, or it is warned about and left out. */
const numbers = {
  timeslice: 'timeslice',
  audioBitsPerSecond: 'audio-bits-per-second',
  maxDuration: 'max-duration',
  resolution: 'resolution',
  frameRate: 'frame-rate',
  videoBitsPerSecond: 'video-bits-per-second',
  sampleRate: 'sample-rate',
  stopAfterSilence: 'stop-after-silence',
} as const;

/** The level under which the input counts as silence, by default (dBFS). */
export const DEFAULT_SILENCE_THRESHOLD = -50;

const sources: readonly string[] = ['microphone', 'camera', 'screen'];

/**
 * The options for a recording from the element's settings: empty strings and numbers that are not
 * positive are left out; an unknown `source` is warned about and records the microphone.
 */
export function recordingOptions(settings: RecordingSettings, warn: (message: string) => void = () => {}): RecordingOptions {
  let source = settings.source || 'microphone';
  if (!sources.includes(source)) {
    warn(`ignoring source="${source}": expected microphone, camera or screen; recording the microphone.`);
    source = 'microphone';
  }
  const positive = (property: keyof typeof numbers) => {
    const value = settings[property];
    if (isPositive(value)) return value;
    const attribute = numbers[property];
    if (value != null) warn(`ignoring ${attribute}="${(settings as Partial<Element>).getAttribute?.(attribute) ?? value}": expected a positive number.`);
    return undefined;
  };
  const { facingMode } = settings;
  let format = settings.format || undefined;
  if (format && source !== 'microphone') {
    warn(`ignoring format="${format}" with source="${source}": recording the browser's own container.`);
    format = undefined;
  }
  const channels = settings.channels ?? 1;
  if (format && channels !== 1 && channels !== 2) {
    warn(`ignoring channels="${settings.channels}": expected 1 or 2; recording 1.`);
  }
  let silenceThreshold = settings.silenceThreshold ?? DEFAULT_SILENCE_THRESHOLD;
  if (!Number.isFinite(silenceThreshold) || silenceThreshold > 0) {
    warn(`ignoring silence-threshold="${(settings as Partial<Element>).getAttribute?.('silence-threshold') ?? silenceThreshold}": expected dBFS, a number at most 0; using ${DEFAULT_SILENCE_THRESHOLD}.`);
    silenceThreshold = DEFAULT_SILENCE_THRESHOLD;
  }
  return {
    source: source as Source,
    mimeType: settings.mimeType || undefined,
    deviceId: settings.deviceId || undefined,
    echoCancellation: settings.echoCancellation,
    noiseSuppression: settings.noiseSuppression,
    autoGainControl: settings.autoGainControl,
    timeslice: positive('timeslice') ?? (settings.persist || settings.uploadUrl ? PERSIST_TIMESLICE_MS : undefined),
    audioBitsPerSecond: positive('audioBitsPerSecond'),
    maxDuration: positive('maxDuration'),
    stopAfterSilence: positive('stopAfterSilence'),
    silenceThreshold,
    videoDeviceId: settings.videoDeviceId || undefined,
    facingMode: facingMode === 'user' || facingMode === 'environment' ? facingMode : undefined,
    resolution: positive('resolution'),
    frameRate: positive('frameRate'),
    videoBitsPerSecond: positive('videoBitsPerSecond'),
    ...(format && { format, sampleRate: positive('sampleRate'), channels: channels === 2 ? 2 : 1, channelCount: format === 'ogg' ? channels : undefined }),
  };
}
