import type * as Recording from './recording/index.js';

export type RecordingModule = typeof Recording;

let loading: Promise<RecordingModule> | undefined;

/**
 * Loads the code that records (a file of its own next to the element's). A failed load is
 * reported as a `NetworkError` that names what failed, and is tried again on the next call. (Chromium
 * and Firefox keep a failed module fetch for the life of the page, so there only a reload loads it:
 * the message says so.)
 */
export function loadRecording(): Promise<RecordingModule> {
  loading ??= import('./recording/index.js').catch((cause: unknown) => {
    loading = undefined;
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new DOMException(
      `The recording code could not be loaded (${detail}). Check the connection and that every file of media-recorder-button is served together, then reload the page.`,
      'NetworkError',
    );
  });
  return loading;
}
