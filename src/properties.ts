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
    | 'format'
    | 'sampleRate'
    | 'channels'
    | 'deviceId'
    | 'maxDuration'
    | 'stopAfterSilence'
    | 'silenceThreshold'
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
    | 'messageNoSignal'
    | 'messageMuted'
    | 'messageClipping'
    | 'messageDeviceLost'
    | 'source'
    | 'videoDeviceId'
    | 'facingMode'
    | 'resolution'
    | 'frameRate'
    | 'videoBitsPerSecond'
    | 'labelStartCamera'
    | 'labelStartScreen'
    | 'labelPreview'
    | 'persist'
    | 'announceRecover'
    | 'uploadUrl'
    | 'uploadHeaders'
    | 'messageUploading'
    | 'messageUploadWaiting'
    | 'messageUploaded'
    | 'messageUploadFailed'
    | 'pausable'
    | 'labelPause'
    | 'labelResume'
    | 'waveform'
    | 'review'
    | 'trim'
    | 'labelTrimStart'
    | 'labelTrimEnd'
    | 'labelPlay'
    | 'labelStopPlayback'
    | 'labelDiscard'
    | 'labelRestart'
    | 'labelSeek'
    | 'labelSeekValue'
  >
>;

/** The kebab-case attributes of `<media-recorder-button>`, for framework typings that check attribute names. */
export type MediaRecorderButtonAttributes = Partial<{
  'mime-type': string;
  timeslice: number | string;
  'audio-bits-per-second': number | string;
  format: '' | 'wav' | 'ogg' | 'mp3';
  'sample-rate': number | string;
  channels: 1 | 2 | '1' | '2';
  'device-id': string;
  'max-duration': number | string;
  'stop-after-silence': number | string;
  'silence-threshold': number | string;
  'echo-cancellation': boolean | 'true' | 'false';
  'noise-suppression': boolean | 'true' | 'false';
  'auto-gain-control': boolean | 'true' | 'false';
  'label-start': string;
  'label-stop': string;
  'announce-start': string;
  'announce-pause': string;
  'announce-resume': string;
  'announce-stop': string;
  'message-denied': string;
  'message-error': string;
  'message-required': string;
  'message-no-signal': string;
  'message-muted': string;
  'message-clipping': string;
  'message-device-lost': string;
  'upload-url': string;
  'message-uploading': string;
  'message-upload-waiting': string;
  'message-uploaded': string;
  'message-upload-failed': string;
  'label-pause': string;
  'label-resume': string;
  'label-play': string;
  'label-stop-playback': string;
  'label-discard': string;
  'label-restart': string;
  'label-seek': string;
  'label-seek-value': string;
  'label-trim-start': string;
  'label-trim-end': string;
}>;
