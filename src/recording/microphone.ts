import { recorderError, unsupportedError } from './errors.js';

export interface MicrophoneOptions {
  deviceId?: string;
  /** `undefined` leaves the browser's default. */
  echoCancellation?: boolean;
  noiseSuppression?: boolean;
  autoGainControl?: boolean;
  /** A preference: the browser records the channels the microphone has. */
  channelCount?: number;
}

/** The `audio` constraints for getUserMedia: `true` when nothing is asked for, so the browser picks. */
export function audioConstraints(options: MicrophoneOptions): MediaTrackConstraints | true {
  const constraints: MediaTrackConstraints = {};
  if (options.deviceId) constraints.deviceId = { exact: options.deviceId };
  for (const name of ['echoCancellation', 'noiseSuppression', 'autoGainControl'] as const) {
    if (options[name] !== undefined) constraints[name] = options[name];
  }
  if (options.channelCount) constraints.channelCount = { ideal: options.channelCount };
  return Object.keys(constraints).length ? constraints : true;
}

function mediaDevices(): MediaDevices | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
}

/** getUserMedia for audio, with errors that keep their name and say what to do. */
export function requestMicrophone(options: MicrophoneOptions): Promise<MediaStream> {
  const devices = mediaDevices();
  if (!devices?.getUserMedia) return Promise.reject(unsupportedError('navigator.mediaDevices.getUserMedia'));
  return devices.getUserMedia({ audio: audioConstraints(options) }).catch((cause) => Promise.reject(recorderError(cause)));
}

/**
 * The audio inputs. Browsers hide device labels until the page has had microphone access: with
 * `labels: true`, asks for the microphone once (a prompt, the first time) when they are hidden.
 */
export async function listAudioInputs({ labels = false } = {}): Promise<MediaDeviceInfo[]> {
  const devices = mediaDevices();
  if (!devices?.enumerateDevices) throw unsupportedError('navigator.mediaDevices.enumerateDevices');
  const inputs = async () => (await devices.enumerateDevices()).filter((device) => device.kind === 'audioinput');
  const found = await inputs();
  if (!labels || found.every((device) => device.label)) return found;
  const stream = await requestMicrophone({});
  stream.getTracks().forEach((track) => track.stop());
  return inputs();
}
