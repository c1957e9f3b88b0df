const advice: Record<string, string> = {
  NotAllowedError:
    'Microphone access was denied. Allow the microphone for this site (the icon in the address bar or the site settings), then try again.',
  NotFoundError: 'No microphone was found. Connect a microphone, then try again.',
  NotReadableError:
    'The microphone could not be started: another application may be using it. Close it, check the microphone, then try again.',
  OverconstrainedError:
    'The chosen microphone is not available. Pick another microphone (device-id) or remove device-id to use the default one.',
  SecurityError:
    'This page may not use the microphone. It must be served over https: (or localhost) and allowed by its Permissions-Policy.',
  AbortError: 'The microphone could not be started. Try again.',
  UnknownError: 'Recording failed. Check the microphone, then try again.',
  NotSupportedError: 'This browser cannot record audio here. Use a current browser on a page served over https: (or localhost).',
};

/**
 * Turns whatever getUserMedia or MediaRecorder threw into an error whose `name` is kept
 * and whose `message` tells the user what to do.
 */
export function recorderError(cause: unknown, fallbackName = 'NotReadableError'): DOMException {
  const name = (cause as { name?: unknown } | null)?.name;
  // Keep the platform's DOMException name; plain Error/TypeError (bad constraints, old browsers) get the fallback.
  const errorName = typeof name === 'string' && !genericNames.has(name) ? name : fallbackName;
  const message = (cause as { message?: unknown } | null)?.message;
  const detail = typeof message === 'string' && message ? ` (${message})` : '';
  return new DOMException((advice[errorName] ?? advice.UnknownError) + detail, errorName);
}

const genericNames = new Set(['Error', 'TypeError', 'RangeError', 'ReferenceError']);

/** The error for a browser or page that lacks getUserMedia or MediaRecorder. */
export function unsupportedError(missing: string): DOMException {
  return new DOMException(`${advice.NotSupportedError} (${missing} is not available.)`, 'NotSupportedError');
}

/**
 * The error for a recording that started but of which the recorder handed over nothing, though it
 * reported no error: WebKitGTK does that with video when GStreamer lacks an element its encoder needs.
 */
export function noDataError(video: boolean): DOMException {
  return video
    ? new DOMException(
        'Nothing was recorded: this browser handed over no data for the video, as it cannot encode video here. Record the microphone alone (source="microphone") or use another browser.',
        'NotSupportedError',
      )
    : new DOMException('Nothing was recorded: the browser handed over no data. Try again, or use another browser.', 'UnknownError');
}
