import type { MediaRecorderButton } from './media-recorder-button.js';

/** The properties a template may set on `<media-recorder-button>` (for framework typings). */
export type MediaRecorderButtonProperties = Partial<
  Pick<
    MediaRecorderButton,
    | 'recording'
    | 'paused'
    | 'mimeType'
    | 'timeslice'
    | 'audioBitsPerSecond'
    | 'deviceId'
    | 'maxDuration'
    | 'countdown'
    | 'echoCancellation'
    | 'noiseSuppression'
    | 'autoGainControl'
    | 'disabled'
    | 'name'
    | 'required'
    | 'labelStart'
    | 'labelStop'
    | 'announceStart'
    | 'announcePause'
    | 'announceResume'
    | 'announceStop'
    | 'messageDenied'
    | 'messageError'
    | 'messageRequired'
    | 'source'
    | 'videoDeviceId'
    | 'facingMode'
    | 'resolution'
    | 'frameRate'
    | 'videoBitsPerSecond'
    | 'labelStartCamera'
    | 'labelStartScreen'
    | 'labelPreview'
  >
>;
