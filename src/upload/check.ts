/** Pure checks and policies of the upload, kept apart so that they can be tested alone. */

/** Loopback hosts: browsers treat `http://` to them as secure, so a page on `https://` may use them. */
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/**
 * Why `url` cannot be an upload endpoint for a page at `pageUrl`, or `null`: not an absolute
 * `http(s)` URL (`SyntaxError`), or plain `http` from a secure page (`SecurityError`: the browser
 * would block it as mixed content).
 */
export function uploadUrlProblem(url: string, pageUrl: string): DOMException | null {
  let parsed: URL;
  try {
    parsed = new URL(url, pageUrl);
  } catch {
    parsed = new URL('invalid:');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return new DOMException(`upload-url="${url}" is not an http or https URL: nothing can be uploaded to it. Set it to a tus endpoint.`, 'SyntaxError');
  }
  if (new URL(pageUrl).protocol === 'https:' && parsed.protocol === 'http:' && !LOOPBACK.test(parsed.hostname)) {
    return new DOMException(
      `upload-url="${url}" is plain http on an https page: the browser blocks it as mixed content. Use an https URL.`,
      'SecurityError',
    );
  }
  return null;
}

/**
 * Waits between attempts, in ms: quick at first, then every 30 s for about 10 minutes. The count
 * starts again once the server accepts data.
 */
export const RETRY_DELAYS_MS = [0, 1000, 2000, 4000, 8000, 15000, ...Array<number>(20).fill(30000)];

/** Whether a failed request is worth trying again: network failures, 5xx, and the 4xx that mean "later". */
export function retryable(status: number): boolean {
  return status < 400 || status >= 500 || [408, 409, 423, 429].includes(status);
}

/** What went wrong with an upload, for the `error` event. */
export type Failure = 'not-tus' | 'refused' | 'gave-up';

/** Why the upload failed, in words, for the `error` event; `status` 0 when there was no answer. */
export function failureMessage(url: string, failure: Failure, status: number): string {
  if (failure === 'not-tus') {
    return `upload-url="${url}" is not a tus server (it answered ${status} without the tus protocol's headers): the recording is not uploaded. Point upload-url at a tus 1.0 endpoint.`;
  }
  if (failure === 'refused') {
    return `the server at ${url} refused the upload (${status}): the recording is not uploaded, it is kept here. Check the upload's headers (authorization) and the server's limits.`;
  }
  return `the upload to ${url} failed after retrying for about 10 minutes (last answer: ${status || 'none'}); the recording is kept here.`;
}

/** Whether two Blobs hold the same bytes, read a megabyte at a time. */
export async function sameBytes(a: Blob, b: Blob): Promise<boolean> {
  if (a.size !== b.size) return false;
  const step = 1 << 20;
  for (let offset = 0; offset < a.size; offset += step) {
    const [x, y] = await Promise.all([a.slice(offset, offset + step).arrayBuffer(), b.slice(offset, offset + step).arrayBuffer()]);
    const left = new Uint8Array(x);
    const right = new Uint8Array(y);
    for (let i = 0; i < left.length; i++) if (left[i] !== right[i]) return false;
  }
  return true;
}
