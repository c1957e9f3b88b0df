import { recorderError } from '../errors.js';
import type { RecordingOptions } from '../options.js';

const cameraAdvice: Record<string, string> = {
  NotAllowedError:
    'Camera or microphone access was denied. Allow the camera and the microphone for this site (the icon in the address bar or the site settings), then try again.',
  NotFoundError: 'No camera was found. Connect a camera, then try again.',
  NotReadableError:
    'The camera could not be started: another application or tab may be using it. Close it, check the camera, then try again.',
  OverconstrainedError:
    'The chosen camera is not available. Pick another camera (video-device-id) or remove video-device-id to use the default one.',
  AbortError: 'The camera could not be started. Try again.',
};

const screenAdvice: Record<string, string> = {
  NotAllowedError: 'Screen sharing was cancelled or blocked. Start again and pick a screen, window or tab to share.',
  InvalidStateError:
    'Screen recording must be started by the user: start it from a click or a key press, as the browser asks what to share only then.',
  NotReadableError: 'The screen could not be captured: another application may be blocking it. Close it, then try again.',
  NotFoundError: 'There is nothing to share here. Open the window or tab to share, then try again.',
  AbortError: 'The screen could not be captured. Try again.',
};

function adviceError(cause: unknown, advice: Record<string, string>): DOMException {
  const error = recorderError(cause);
  const text = advice[error.name];
  if (!text) return error;
  const message = (cause as { message?: unknown } | null)?.message;
  return new DOMException(text + (typeof message === 'string' && message ? ` (${message})` : ''), error.name);
}

/**
 * getUserMedia's error for the camera and the microphone together, told about the one that is at
 * fault where that can be known: a missing microphone or a microphone `device-id` gets the microphone's advice.
 */
export async function cameraError(cause: unknown, options: RecordingOptions): Promise<DOMException> {
  const name = (cause as { name?: unknown } | null)?.name;
  if (name === 'OverconstrainedError' && !options.videoDeviceId) return recorderError(cause);
  if (name === 'NotFoundError') {
    const kinds = await navigator.mediaDevices
      .enumerateDevices()
      .then((devices) => new Set(devices.map((device) => device.kind)))
      .catch(() => new Set<string>());
    if (kinds.has('videoinput') && !kinds.has('audioinput')) return recorderError(cause);
  }
  return adviceError(cause, cameraAdvice);
}

/** getDisplayMedia's error: the picker cancelled, no user gesture, capture blocked. */
export function screenError(cause: unknown): DOMException {
  return adviceError(cause, screenAdvice);
}
