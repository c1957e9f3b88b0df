import type { MicrophoneOptions } from './microphone.js';

/** What one recording is made with; read when it starts. Invalid values are already removed. */
export interface RecordingOptions extends MicrophoneOptions {
  mimeType?: string;
  timeslice?: number;
  audioBitsPerSecond?: number;
  maxDuration?: number;
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
}

const positive = (value: number | undefined) => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined);

/** The options for a recording from the element's settings: empty strings and numbers that are not positive are left out. */
export function recordingOptions(settings: RecordingSettings): RecordingOptions {
  return {
    mimeType: settings.mimeType || undefined,
    deviceId: settings.deviceId || undefined,
    echoCancellation: settings.echoCancellation,
    noiseSuppression: settings.noiseSuppression,
    autoGainControl: settings.autoGainControl,
    timeslice: positive(settings.timeslice),
    audioBitsPerSecond: positive(settings.audioBitsPerSecond),
    maxDuration: positive(settings.maxDuration),
  };
}
