// `upload-url` against a real tus server (@tus/server with @tus/file-store) behind a proxy that
// injects faults (scripts/wtr-tus.mjs).
import { expect, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { MediaRecorderButton } from '../src/index.js';
import type { UploadProgressEventDetail } from '../src/events.js';
import { uploadUrlProblem } from '../src/upload/check.js';
import { nextEvent, recorderFixture, sleep, spyOnGetUserMedia, until, within } from './helpers.js';

interface LogEntry {
  method: string;
  path: string;
  status: number | 'dropped' | 'stalled';
  offset?: string;
  bytes: number;
  length?: string;
  token?: string;
  newOffset?: string;
  location?: string;
}

interface ServerFile {
  size: number;
  offset: number;
  length: number | null;
  sha256: string;
  metadata: Record<string, string | null>;
  base64?: string;
}

type Fault = { method: string; kind: 'status'; status: number } | { method: string; kind: 'delay'; ms: number } | { method: string; kind: 'drop' | 'stall' };

const tus = <T>(payload: Record<string, unknown>) => executeServerCommand<T, Record<string, unknown>>('tus', payload);
const endpoint = async () => (await tus<{ endpoint: string }>({ action: 'endpoint' })).endpoint;
const serverLog = () => tus<LogEntry[]>({ action: 'log' });
const serverFile = async (url: string, bytes = false) => (await tus<ServerFile | false>({ action: 'file', url, bytes })) || null;
const inject = (...faults: Fault[]) => tus({ action: 'faults', faults });

async function sha256(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** An element uploading to the test server, recording with a short timeslice. */
async function uploader(url?: string) {
  const el = await recorderFixture(html`<media-recorder-button upload-url=${url ?? (await endpoint())} timeslice="500"></media-recorder-button>`);
  const progress: UploadProgressEventDetail[] = [];
  el.addEventListener('uploadprogress', (event) => progress.push(event.detail));
  return { el, progress };
}

/** Records until the server has confirmed some bytes, then stops; resolves with the final Blob and the `uploaded` event. */
async function recordAndUpload(el: MediaRecorderButton, progress: UploadProgressEventDetail[], seconds = 2.5) {
  await el.start();
  await until(() => progress.some((p) => p.bytesUploaded > 0) && el.duration >= seconds, 30000);
  const uploaded = nextEvent(el, 'uploaded');
  const blob = (await el.stop())!;
  const event = await within(60000, 'uploaded', uploaded);
  return { blob, event };
}

/** The upload URL of the live upload (the first one created since the last reset). */
async function liveUploadUrl(): Promise<string> {
  const created = (await serverLog()).find((entry) => entry.method === 'POST' && entry.status === 201);
  expect(created?.location, 'a created upload').to.be.a('string');
  return created!.location!;
}

/** Bytes of the PATCH requests that reached the server for `url`, and whether each started where the server was. */
function patchesTo(log: LogEntry[], url: string) {
  const path = new URL(url).pathname;
  return log.filter((entry) => entry.method === 'PATCH' && entry.path === path && (typeof entry.status !== 'number' || entry.status < 300) && entry.status !== 'stalled');
}

/** Checks that the server holds exactly `blob` at `url`, with nothing sent twice to it. */
async function expectServerHolds(url: string, blob: Blob) {
  const file = await serverFile(url);
  expect(file, `the server's file at ${url}`).to.not.equal(null);
  expect(file!.size).to.equal(blob.size);
  expect(file!.offset).to.equal(blob.size);
  expect(file!.length).to.equal(blob.size);
  expect(file!.sha256).to.equal(await sha256(blob));
  // Nothing sent twice: the bytes of the PATCHes the server got add up to the file (a dropped one's included).
  const sent = patchesTo(await serverLog(), url).reduce((total, entry) => total + entry.bytes, 0);
  expect(sent, `bytes the server received: ${JSON.stringify(await serverLog())}`).to.equal(blob.size);
  return file!;
}

describe('upload-url', () => {
  beforeEach(() => tus({ action: 'reset' }));

  it('sends the recording while it is made; after stop the server holds exactly the final file, which plays and seeks', async function () {
    this.timeout(120000);
    const { el, progress } = await uploader();
    el.uploadHeaders = { 'X-Test-Token': 'static' };
    await el.start();
    await until(() => progress.some((p) => p.bytesUploaded > 0), 30000);
    // Before the stop, the server holds what was recorded so far.
    const live = await liveUploadUrl();
    const early = await serverFile(live);
    expect(early!.size).to.be.greaterThan(0);
    expect(el.state).to.equal('recording');
    const part = el.shadowRoot!.querySelector('[part=upload]')!;
    expect(part.getAttribute('role')).to.equal('status');
    expect(part.getAttribute('data-state')).to.equal('uploading');
    await until(() => el.duration >= 2.5, 30000);
    const uploaded = nextEvent(el, 'uploaded');
    const stopped = nextEvent(el, 'stop');
    void el.stop();
    const { detail: stop } = await stopped;
    const { detail, bubbles, composed } = await within(60000, 'uploaded', uploaded);
    expect(bubbles && composed).to.be.true;
    expect(detail.blob).to.equal(stop.blob);
    const file = await expectServerHolds(detail.url, stop.blob);
    expect(file.metadata.filetype).to.equal(stop.blob.type);
    expect(file.metadata.filename).to.match(/^recording-\d{8}-\d{6}\.(webm|ogg|mp4|m4a)$/);
    const log = await serverLog();
    expect(log.every((entry) => entry.token === 'static'), 'the headers on every request').to.be.true;
    if (detail.url === live) {
      // The final file is the bytes recorded (Ogg): one upload, completed by declaring its length.
      expect(log.filter((entry) => entry.method === 'POST')).to.have.length(1);
    } else {
      // A header fix rewrote the head (WebM, MP4): the fixed file was uploaded, then the live upload deleted.
      expect(log.some((entry) => entry.method === 'DELETE' && entry.path === new URL(live).pathname && entry.status === 204)).to.be.true;
      expect(await serverFile(live)).to.equal(null);
    }
    const last = progress.at(-1)!;
    expect(last.bytesUploaded).to.equal(stop.blob.size);
    await el.updateComplete;
    expect(part.getAttribute('data-state')).to.equal('done');
    expect(part.textContent).to.equal('Recording uploaded');
    // The stored file, read by ffprobe: a duration, no errors.
    const stored = await serverFile(detail.url, true);
    const probe = await executeServerCommand<{ ok: boolean; errors: string; format: { duration?: string } }, unknown>('ffprobe', { base64: stored!.base64, name: 'stored' });
    expect(probe.ok, probe.errors).to.be.true;
    expect(probe.errors).to.equal('');
    expect(Number(probe.format.duration)).to.be.within(2, 10);
  });

  it('retries 503s and a dropped PATCH with backoff, resuming from the server offset: nothing sent twice, nothing lost', async function () {
    this.timeout(120000);
    await inject({ method: 'PATCH', kind: 'status', status: 503 }, { method: 'PATCH', kind: 'status', status: 503 }, { method: 'PATCH', kind: 'drop' });
    const { el, progress } = await uploader();
    const { blob, event } = await recordAndUpload(el, progress);
    const log = await serverLog();
    expect(log.filter((entry) => entry.status === 503)).to.have.length(2);
    const dropped = log.findIndex((entry) => entry.status === 'dropped');
    expect(dropped).to.be.greaterThan(-1);
    // After the dropped PATCH (the server got its bytes, the client never heard): a HEAD asks where the server is.
    expect(log.slice(dropped + 1).find((entry) => entry.method !== 'OPTIONS')?.method).to.equal('HEAD');
    await expectServerHolds(event.detail.url, blob);
    const live = await liveUploadUrl();
    if (event.detail.url !== live) {
      // The live upload (deleted since the fixed file replaced it) got every recorded byte once too.
      const patches = patchesTo(log, live);
      const declared = Number(log.find((entry) => entry.path === new URL(live).pathname && entry.length)?.length);
      expect(patches.reduce((total, entry) => total + entry.bytes, 0)).to.equal(declared);
    }
  });

  it('gives up on a stalled request and resumes from the server offset', async function () {
    this.timeout(120000);
    await inject({ method: 'PATCH', kind: 'stall' });
    const { el, progress } = await uploader();
    const { blob, event } = await recordAndUpload(el, progress);
    const log = await serverLog();
    const stalled = log.findIndex((entry) => entry.status === 'stalled');
    expect(stalled).to.be.greaterThan(-1);
    expect(log.slice(stalled + 1).find((entry) => entry.method !== 'OPTIONS')?.method).to.equal('HEAD');
    await expectServerHolds(event.detail.url, blob);
  });

  it('keeps up with a slow server (answers 3 s late) without sending anything twice', async function () {
    this.timeout(120000);
    await inject(...[1, 2, 3].map(() => ({ method: 'PATCH', kind: 'delay' as const, ms: 3000 })));
    const { el, progress } = await uploader();
    const { blob, event } = await recordAndUpload(el, progress);
    await expectServerHolds(event.detail.url, blob);
    expect((await serverLog()).some((entry) => entry.status === 'stalled' || entry.status === 'dropped')).to.be.false;
  });

  it('waits for the network while offline, then resumes', async function () {
    this.timeout(120000);
    const { el, progress } = await uploader();
    await el.start();
    await until(() => progress.some((p) => p.bytesUploaded > 0), 30000);
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    try {
      await inject({ method: 'PATCH', kind: 'status', status: 503 });
      const part = () => el.shadowRoot!.querySelector('[part=upload]');
      await until(() => part()?.getAttribute('data-state') === 'waiting', 30000);
      expect(part()!.textContent).to.equal('Waiting for the network to upload the recording');
    } finally {
      delete (navigator as { onLine?: boolean }).onLine;
    }
    window.dispatchEvent(new Event('online'));
    await until(() => el.duration >= 3, 30000);
    const uploaded = nextEvent(el, 'uploaded');
    const blob = (await el.stop())!;
    const { detail } = await within(60000, 'uploaded', uploaded);
    await expectServerHolds(detail.url, blob);
  });

  it('calls an uploadHeaders function (async) before every request', async function () {
    this.timeout(120000);
    const { el, progress } = await uploader();
    let calls = 0;
    el.uploadHeaders = async () => {
      calls++;
      await sleep(1);
      return { 'X-Test-Token': `token-${calls}` };
    };
    const { blob, event } = await recordAndUpload(el, progress);
    await expectServerHolds(event.detail.url, blob);
    const log = await serverLog();
    const tokens = log.map((entry) => entry.token);
    expect(tokens.every((token) => /^token-\d+$/.test(token ?? '')), JSON.stringify(tokens)).to.be.true;
    expect(new Set(tokens).size, 'a fresh call for each request').to.equal(log.length);
    expect(calls).to.be.at.least(log.length);
  });

  it('a refusal (403): error with NetworkError, and the recording is still delivered by stop', async function () {
    this.timeout(60000);
    await inject({ method: 'POST', kind: 'status', status: 403 });
    const { el } = await uploader();
    const failed = nextEvent(el, 'error');
    await el.start();
    const { detail, bubbles, composed } = await within(30000, 'error', failed);
    expect(bubbles).to.be.false;
    expect(composed).to.be.true;
    expect(detail.error.name).to.equal('NetworkError');
    expect(detail.error.message).to.match(/refused the upload \(403\)/);
    expect(el.state).to.equal('recording');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=upload]')!.getAttribute('data-state')).to.equal('failed');
    await sleep(1200);
    const stopped = nextEvent(el, 'stop');
    const blob = await el.stop();
    expect((await stopped).detail.blob).to.equal(blob);
    expect(blob!.size).to.be.greaterThan(0);
  });

  it('refuses an upload-url that is not a URL, before the microphone is asked for', async () => {
    const spy = spyOnGetUserMedia();
    try {
      const el = await recorderFixture(html`<media-recorder-button upload-url="https://[not-an-address]/files/"></media-recorder-button>`);
      const failed = nextEvent(el, 'error');
      let rejected: unknown;
      await el.start().catch((error: unknown) => (rejected = error));
      const { detail } = await failed;
      expect(detail.error.name).to.equal('SyntaxError');
      expect(detail.error.message).to.match(/not an http or https URL/);
      expect(rejected).to.equal(detail.error);
      expect(spy.calls).to.equal(0);
      expect(el.state).to.equal('inactive');
    } finally {
      spy.restore();
    }
  });

  it('says so when upload-url is not a tus server', async function () {
    this.timeout(60000);
    const { el } = await uploader((await endpoint()).replace('/files/', '/not-tus/'));
    const failed = nextEvent(el, 'error');
    await el.start();
    const { detail } = await within(30000, 'error', failed);
    expect(detail.error.name).to.equal('NetworkError');
    expect(detail.error.message).to.match(/is not a tus server/);
    const blob = await el.stop();
    expect(blob!.size).to.be.greaterThan(0);
  });

  it('refuses mixed content (http from an https page) but not loopback', () => {
    const problem = uploadUrlProblem('http://uploads.example/files/', 'https://app.example/page');
    expect(problem?.name).to.equal('SecurityError');
    expect(problem?.message).to.match(/mixed content/);
    expect(uploadUrlProblem('http://127.0.0.1:1080/files/', 'https://app.example/')).to.equal(null);
    expect(uploadUrlProblem('https://uploads.example/files/', 'https://app.example/')).to.equal(null);
    expect(uploadUrlProblem('/files/', 'https://app.example/')).to.equal(null);
    expect(uploadUrlProblem('mailto:someone@example.com', 'https://app.example/')?.name).to.equal('SyntaxError');
  });
});
