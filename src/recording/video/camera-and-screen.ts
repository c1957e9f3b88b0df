/**
 * Camera and screen capture, loaded only when `source` asks for one of them: an audio-only
 * recording never loads this folder.
 */
import type { Capture } from '../capture.js';
import { stopTracks } from '../capture.js';
import { unsupportedError } from '../errors.js';
import { audioConstraints, requestMicrophone } from '../microphone.js';
import type { RecordingOptions } from '../options.js';
import { mixAudio } from './mix.js';
import { chooseVideoMimeType } from './mime-type.js';
import { cameraError, screenError } from './errors.js';

export { listVideoInputs } from './video-inputs.js';

/** The `video` constraints: the device exactly, everything else as a preference the camera meets as best it can (never an OverconstrainedError). */
export function videoConstraints(options: RecordingOptions, forScreen = false): MediaTrackConstraints | true {
  const constraints: MediaTrackConstraints = {};
  if (!forScreen && options.videoDeviceId) constraints.deviceId = { exact: options.videoDeviceId };
  if (!forScreen && options.facingMode) constraints.facingMode = { ideal: options.facingMode };
  // The height only: the width follows the source's aspect ratio.
  if (options.resolution) constraints.height = { ideal: options.resolution };
  if (options.frameRate) constraints.frameRate = { ideal: options.frameRate };
  return Object.keys(constraints).length ? constraints : true;
}

export function captureVideo(options: RecordingOptions): Promise<Capture> {
  const devices = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  if (options.source === 'screen') {
    if (!devices?.getDisplayMedia) {
      const error = 'This browser cannot record the screen: phones and some browsers do not let pages share it. Record the camera, or use a desktop browser.';
      return Promise.reject(new DOMException(`${error} (navigator.mediaDevices.getDisplayMedia is not available.)`, 'NotSupportedError'));
    }
    return captureScreen(devices, options);
  }
  if (!devices?.getUserMedia) return Promise.reject(unsupportedError('navigator.mediaDevices.getUserMedia'));
  return captureCamera(devices, options);
}

/** The camera and the microphone in one request: one prompt for both. */
async function captureCamera(devices: MediaDevices, options: RecordingOptions): Promise<Capture> {
  let stream: MediaStream;
  try {
    stream = await devices.getUserMedia({ video: videoConstraints(options), audio: audioConstraints(options) });
  } catch (cause) {
    throw await cameraError(cause, options);
  }
  const facing = stream.getVideoTracks()[0]?.getSettings().facingMode || options.facingMode;
  return {
    stream,
    microphone: new MediaStream(stream.getAudioTracks()),
    watched: stream.getTracks(),
    // Laptop cameras tell no facing mode: they face the user.
    preview: { stream: new MediaStream(stream.getVideoTracks()), mirrored: facing !== 'environment' },
    chooseMimeType: chooseVideoMimeType,
    release: () => stopTracks(stream),
  };
}

/**
 * The screen, window or tab the user picks, then the microphone. The picker is opened first,
 * while the click that asked for it still counts as a user gesture.
 */
async function captureScreen(devices: MediaDevices, options: RecordingOptions): Promise<Capture> {
  // Browsers refuse the picker without a user gesture, some (and automation) silently allow it: say so alike everywhere.
  const activation = (navigator as Navigator & { userActivation?: { isActive: boolean } }).userActivation;
  if (activation && !activation.isActive) throw screenError(new DOMException('No user activation.', 'InvalidStateError'));
  let display: MediaStream;
  try {
    display = await devices.getDisplayMedia({ video: videoConstraints(options, true), audio: true });
  } catch (cause) {
    throw screenError(cause);
  }
  let microphone: MediaStream;
  try {
    microphone = await requestMicrophone(options);
  } catch (error) {
    stopTracks(display);
    throw error;
  }
  const mixed = mixAudio([...microphone.getAudioTracks(), ...display.getAudioTracks()]);
  const video = display.getVideoTracks();
  return {
    stream: new MediaStream([...video, ...mixed.tracks]),
    microphone,
    // The user ending the share in the browser's own UI ends the video track.
    watched: video,
    preview: { stream: new MediaStream(video), mirrored: false },
    chooseMimeType: chooseVideoMimeType,
    release() {
      stopTracks(display);
      stopTracks(microphone);
      mixed.release();
    },
  };
}
