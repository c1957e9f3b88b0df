/**
 * Everything that records, loaded by the element on the first sign of intent (pointer over it,
 * focus, a touch) or when recording is asked for: nothing here loads with the idle button.
 */
export { RecorderController, type RecordingOptions } from './recorder-controller.js';
export { WaveformController } from './waveform.js';
export { listAudioInputs } from './microphone.js';
export { fileExtension } from './mime-type.js';
export { recordingFileName, spokenDuration } from './format.js';
