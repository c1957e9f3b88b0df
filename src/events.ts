/** What the element is doing; reflected as the `state` attribute. */
export type RecorderState = 'inactive' | 'acquiring' | 'recording' | 'paused' | 'stopping';

/** What ended a recording. */
export type StopReason = 'user' | 'max-duration' | 'silence' | 'source-ended' | 'disconnected' | 'error';

/** What a `warning` is about. */
export type WarningCode = 'no-signal' | 'muted' | 'clipping' | 'device-lost';

export interface StartEventDetail {
  /** The container and codec really being recorded, e.g. `audio/webm;codecs=opus`. */
  mimeType: string;
}

export interface DataAvailableEventDetail {
  /** One chunk of the recording. Only the chunks in order from the first form a playable file. */
  data: Blob;
  /** Milliseconds of recording (paused time excluded) before this chunk began. */
  timecode: number;
}

export type PauseEventDetail = Record<string, never>;
export type ResumeEventDetail = Record<string, never>;

export interface StopEventDetail {
  /** The whole recording: every chunk, in order. */
  blob: Blob;
  mimeType: string;
  /** Seconds recorded, paused time excluded. */
  duration: number;
  reason: StopReason;
}

export interface ErrorEventDetail {
  /** `error.name` is the DOMException name (`NotAllowedError`, …); `error.message` says what to do. */
  error: DOMException | Error;
}

export interface RecoverEventDetail {
  /** Everything saved of a recording that never ended, playable and seekable. */
  blob: Blob;
  mimeType: string;
  /** Seconds saved, paused time excluded. */
  duration: number;
  /** When the recording started, in ms since the epoch. */
  startedAt: number;
}

export interface WarningEventDetail {
  /** `no-signal`: nothing above the noise floor in the first 3 s; `muted`: the system or the hardware muted the input; `clipping`: the input keeps hitting full scale; `device-lost`: the microphone went away and another records on. */
  code: WarningCode;
  /** What the `message` part shows of it. */
  message: string;
}

export interface ChangeEventDetail {
  /** The recording the element now holds (`blob`, the form value), or `null` once it holds none. */
  blob: Blob | null;
}

export interface UploadProgressEventDetail {
  /** Bytes the server has confirmed holding (its tus `Upload-Offset`). */
  bytesUploaded: number;
  /** Bytes of the recording so far: what the server will hold once it has caught up. */
  bytesRecorded: number;
}

export interface UploadedEventDetail {
  /** The tus upload's URL on the server. */
  url: string;
  /** The bytes the server holds: the recording's final file. */
  blob: Blob;
}

/** Headers for every upload request (an auth token): an object, or a function called before each request. */
export type UploadHeaders = Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);

export interface MediaRecorderButtonEventMap {
  start: CustomEvent<StartEventDetail>;
  dataavailable: CustomEvent<DataAvailableEventDetail>;
  pause: CustomEvent<PauseEventDetail>;
  resume: CustomEvent<ResumeEventDetail>;
  stop: CustomEvent<StopEventDetail>;
  error: CustomEvent<ErrorEventDetail>;
  recover: CustomEvent<RecoverEventDetail>;
  change: CustomEvent<ChangeEventDetail>;
  warning: CustomEvent<WarningEventDetail>;
  uploadprogress: CustomEvent<UploadProgressEventDetail>;
  uploaded: CustomEvent<UploadedEventDetail>;
}

/**
 * Builds one of the element's events: always composed; everything bubbles but `error`,
 * which, like a media element's, must not reach window error handlers.
 */
export function recorderEvent<K extends keyof MediaRecorderButtonEventMap>(
  type: K,
  detail: MediaRecorderButtonEventMap[K]['detail'],
): MediaRecorderButtonEventMap[K] {
  return new CustomEvent(type, {
    detail,
    bubbles: type !== 'error',
    composed: true,
  }) as MediaRecorderButtonEventMap[K];
}
