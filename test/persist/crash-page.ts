// The page of the crash and reload tests (test/node/persist-crash.test.mjs): one element with
// `persist` (and `upload-url`, when given) from the query string; the first `recover` and `uploaded`
// events it gets are kept for the test to examine.
import '../../src/index.js';
import type { RecoverEventDetail, UploadedEventDetail } from '../../src/events.js';

const query = new URL(location.href).searchParams;
const key = query.get('key')!;
const el = document.createElement('media-recorder-button');
el.persist = key;
el.uploadUrl = query.get('upload') ?? '';
const recovered: RecoverEventDetail[] = [];
const uploaded: UploadedEventDetail[] = [];
el.addEventListener('uploaded', (event) => uploaded.push(event.detail));
let chunks = 0;
el.addEventListener('dataavailable', () => chunks++);
el.addEventListener('recover', (event) => recovered.push(event.detail));
document.body.append(el);

/** What a player makes of a Blob: its duration, and where a seek to `to` lands (no seek without `to`). */
async function play(blob: Blob, to?: number) {
  const url = URL.createObjectURL(blob);
  try {
    const audio = new Audio();
    audio.src = url;
    await new Promise((resolve, reject) => {
      audio.onloadedmetadata = resolve;
      audio.onerror = () => reject(new Error(`cannot play: ${audio.error?.message}`));
    });
    const duration = audio.duration;
    if (to === undefined) return { duration };
    audio.currentTime = to;
    await new Promise((resolve) => (audio.onseeked = resolve));
    return { duration, currentTime: audio.currentTime };
  } finally {
    URL.revokeObjectURL(url);
  }
}

Object.assign(window, {
  test: {
    start: () => el.start().then(() => el.state),
    chunks: () => chunks,
    duration: () => el.duration,
    /** The first `uploaded` event's URL, and the size and SHA-256 of its Blob and of the recovered one. */
    async uploaded() {
      const giveUpAt = Date.now() + 60_000;
      while (uploaded.length === 0) {
        if (Date.now() > giveUpAt) return { count: 0 };
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const sha256 = async (blob: Blob) =>
        [...new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
      const [{ url, blob }] = uploaded;
      return { count: uploaded.length, url, size: blob.size, sha256: await sha256(blob), recovered: recovered[0] && (await sha256(recovered[0].blob)) };
    },
    async recovered(to?: number) {
      const giveUpAt = Date.now() + 15_000;
      while (recovered.length === 0) {
        if (Date.now() > giveUpAt) return { count: 0 };
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const [{ blob, duration, mimeType }] = recovered;
      const context = new OfflineAudioContext(1, 1, 48000);
      const decoded = (await context.decodeAudioData(await blob.arrayBuffer())).duration;
      return { count: recovered.length, duration, mimeType, size: blob.size, decoded, player: await play(blob, to), value: el.blob === null ? null : el.blob.size };
    },
  },
});
