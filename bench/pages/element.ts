// The bench page for <media-recorder-button>: everything the runner drives, through the public element.
// Only the idle element loads up front, as on a user's page: the internals that the growth part
// drives directly are imported where they are used.
import '../../src/index.ts';
import type { MediaRecorderButton } from '../../src/index.ts';
import { loadRecording } from '../../src/load-recording.ts';
import { endRecording, gc, heapUsed, sleep, waveformCss } from './common.ts';
import { wavHeader } from '../../src/containers/wav.ts';
import { wavEncoder } from '../../src/formats/pcm-recorder.ts';
import { startMp3Encoder } from '../../src/formats/mp3-encoder.ts';
import { levelTaps, Listening } from '../../src/listening/index.ts';

/** A fresh element at the bench size; `attributes` as they would be written in HTML. */
async function addElement(attributes: Record<string, string> = {}): Promise<MediaRecorderButton> {
  document.body.replaceChildren();
  const el = document.createElement('media-recorder-button');
  el.style.cssText = waveformCss;
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  document.body.append(el);
  await el.updateComplete;
  await sleep(100); // let the ResizeObserver size the canvas
  return el;
}

let current: MediaRecorderButton | null = null;
let startedTracks: MediaStreamTrack[] = [];
let chunkCount = 0;
let firstChunkAt = 0;
let lastChunkAt = 0;
let rawChunks: Blob[] = [];

/**
 * Adds an element and starts recording; resolves with ms from the request to `start`. With
 * `keepChunks`, the page keeps the chunks (for finalizeSynthetic), otherwise only counts them.
 * With `preload`, the pointer first enters the element, which loads the recording code, and the
 * request waits for it, as when a user moves to the button and then clicks; without, the request
 * loads it (on a fresh page: fetching and evaluating it).
 */
async function startRecording(attributes: Record<string, string> = {}, keepChunks = false, preload = true): Promise<number> {
  const el = await addElement(attributes);
  if (preload) {
    el.dispatchEvent(new PointerEvent('pointerenter'));
    await loadRecording();
    await sleep(50); // the element sets up its controllers; the canvas gets its size
  }
  current = el;
  chunkCount = 0;
  if (keepChunks) rawChunks = []; // otherwise the last kept ones stay the model of synthetic recordings
  el.addEventListener('dataavailable', (event) => {
    lastChunkAt = performance.now();
    if (chunkCount++ === 0) firstChunkAt = lastChunkAt;
    if (keepChunks) rawChunks.push(event.detail.data);
  });
  const started = new Promise((resolve) => el.addEventListener('start', resolve, { once: true }));
  const requestedAt = performance.now();
  el.recording = true;
  await started;
  const ms = performance.now() - requestedAt;
  startedTracks = el.stream!.getTracks();
  return ms;
}

/** Stops the current recording; resolves with ms from the request to `stop`, and what came out. */
async function stopRecording() {
  const el = current!;
  const stopped = new Promise<CustomEvent>((resolve) => el.addEventListener('stop', resolve as EventListener, { once: true }));
  const requestedAt = performance.now();
  el.recording = false;
  const event = await stopped;
  const ms = performance.now() - requestedAt;
  const { blob, duration } = event.detail;
  return {
    ms,
    ...(await endRecording(blob)),
    duration,
    chunks: chunkCount,
    /** Mean time between two chunks. */
    chunkIntervalMs: chunkCount > 1 ? (lastChunkAt - firstChunkAt) / (chunkCount - 1) : NaN,
    liveTracks: startedTracks.filter((track) => track.readyState === 'live').length + (el.stream ? 1 : 0),
  };
}

/** With `upload-url`: when each chunk was handed over (and the bytes recorded then), and when the server confirmed what. */
let uploadWatch: { chunks: Array<{ at: number; recorded: number }>; progress: Array<{ at: number; uploaded: number }>; uploadedAt: number | null; stoppedAt: number | null } | null = null;

function watchUpload(): void {
  const el = current!;
  const watch: NonNullable<typeof uploadWatch> = { chunks: [], progress: [], uploadedAt: null, stoppedAt: null };
  let recorded = 0;
  el.addEventListener('dataavailable', (event) => watch.chunks.push({ at: performance.now(), recorded: (recorded += event.detail.data.size) }));
  el.addEventListener('uploadprogress', (event) => watch.progress.push({ at: performance.now(), uploaded: event.detail.bytesUploaded }));
  el.addEventListener('stop', () => (watch.stoppedAt = performance.now()));
  el.addEventListener('uploaded', () => (watch.uploadedAt = performance.now()));
  uploadWatch = watch;
}

/** For each chunk handed over before the stop: ms until the server confirmed holding it; and ms from the stop to `uploaded`. */
function uploadLags(): { lags: number[]; stopToUploadedMs: number | null } {
  const { chunks, progress, uploadedAt, stoppedAt } = uploadWatch!;
  const lags = chunks
    .filter((chunk) => stoppedAt === null || chunk.at < stoppedAt)
    .map((chunk) => (progress.find((p) => p.at >= chunk.at && p.uploaded >= chunk.recorded)?.at ?? Infinity) - chunk.at);
  return { lags, stopToUploadedMs: uploadedAt === null || stoppedAt === null ? null : uploadedAt - stoppedAt };
}

/** The page's scripts fetched so far (file names), to tell whether the recording code was loaded. */
function scriptsLoaded(): string[] {
  return performance
    .getEntriesByType('resource')
    .map((entry) => new URL(entry.name).pathname.slice(1))
    .filter((name) => name.endsWith('.js'));
}

/**
 * A synthetic WebM of `seconds` in chunks of `timesliceMs`, modelled on the last take recorded at a
 * timeslice of `modelSliceMs`: its real first chunk (the header), then chunks of its own clusters at
 * its own byte rate, each its own Blob.
 */
async function syntheticChunks(seconds: number, timesliceMs: number, modelSliceMs = 100): Promise<Blob[]> {
  const header = rawChunks[0];
  const body = new Uint8Array(await new Blob(rawChunks.slice(1)).arrayBuffer());
  const bytesPerSecond = (header.size + body.length) / (rawChunks.length * (modelSliceMs / 1000));
  const chunkBytes = Math.min(body.length, Math.max(1, Math.round((bytesPerSecond * timesliceMs) / 1000)));
  const chunks: Blob[] = [header];
  for (let i = 1, offset = 0; i < (seconds * 1000) / timesliceMs; i++) {
    if (offset + chunkBytes > body.length) offset = 0;
    chunks.push(new Blob([body.subarray(offset, offset + chunkBytes)]));
    offset += chunkBytes;
  }
  return chunks;
}

/**
 * Finalizing a synthetic WebM of `seconds`, made as MediaRecorder makes it with a timeslice of
 * `timesliceMs`: the real first chunk (the header) of the last take, then chunks of its own clusters
 * at its own byte rate, each its own Blob. Times and JS heap of `repeats` finalizations.
 */
async function finalizeSynthetic(seconds: number, repeats: number, timesliceMs = 100) {
  const [{ BlobParts }, { withWebmDuration }] = await Promise.all([
    import('../../src/recording/blob-parts.ts'),
    import('../../src/containers/webm-duration.ts'),
  ]);
  /** What the element does with chunks while recording: collect them in a BlobParts. */
  const collect = (chunks: Blob[]) => {
    const parts = new BlobParts();
    for (const chunk of chunks) parts.add(chunk);
    return parts;
  };
  /** What the element does when a recording ends: one Blob from the parts, then the Duration fix. */
  const finalize = (parts: InstanceType<typeof BlobParts>, durationMs: number) => withWebmDuration(parts.toBlob('audio/webm;codecs=opus'), durationMs);
  const chunks = await syntheticChunks(seconds, timesliceMs);
  const inputSize = chunks.reduce((total, chunk) => total + chunk.size, 0);
  await sleep(500); // let the browser finish registering the chunks
  const times: number[] = [];
  const allocated: number[] = [];
  const collecting: number[] = [];
  let fixed = false;
  for (let i = 0; i < repeats; i++) {
    let start = performance.now();
    const parts = collect(chunks);
    collecting.push(performance.now() - start);
    await sleep(1000); // merges happen while recording, spread over its length
    gc();
    await sleep(100); // and the collector's own follow-up work happens before the recording ends
    const before = heapUsed();
    start = performance.now();
    const blob = await finalize(parts, seconds * 1000);
    times.push(performance.now() - start);
    allocated.push(heapUsed() - before);
    fixed = blob.size > inputSize;
  }
  return { times, allocated, collecting, size: inputSize, chunks: chunks.length, fixed };
}

/** Idle page: `count` elements that nobody records with. */
async function addIdle(count: number) {
  document.body.replaceChildren();
  for (let i = 0; i < count; i++) {
    const el = document.createElement('media-recorder-button');
    el.style.cssText = waveformCss;
    document.body.append(el);
  }
  await Promise.all([...document.querySelectorAll('media-recorder-button')].map((el) => el.updateComplete));
}

let persistKeys = 0;

/** The size of a saved chunk: a Blob, or bytes where the browser stores no Blobs. */
const byteSize = (chunk: Blob | ArrayBuffer) => (chunk instanceof Blob ? chunk.size : chunk.byteLength);

/**
 * Spooling: the chunks of a synthetic recording handed to a Spool one by one, `paceMs` apart, as
 * the element does on each `dataavailable`. Time of each add() (what the recorder's event path pays)
 * and of the synchronous part of each write, and the JS heap before and after (after GC) with the
 * chunks saved. Without `spooling`, the same loop saving nothing: the baseline of the main thread's time.
 */
async function persistSpool(seconds: number, timesliceMs: number, paceMs: number, spooling = true) {
  const [{ Spool }, { listRecordings, readRecording }] = await Promise.all([import('../../src/persist/spool.ts'), import('../../src/persist/store.ts')]);
  const chunks = await syntheticChunks(seconds, timesliceMs);
  const warnings: string[] = [];
  gc();
  const heapBefore = heapUsed();
  const spool = new Spool({ key: `bench-${persistKeys++}`, mimeType: 'audio/webm;codecs=opus', startedAt: Date.now() }, (w) => warnings.push(w));
  const writeMs: number[] = [];
  const timed = spool as unknown as { writePending: () => Promise<void> };
  const writePending = timed.writePending.bind(spool);
  timed.writePending = () => {
    const start = performance.now();
    const result = writePending();
    writeMs.push(performance.now() - start);
    return result;
  };
  const addMs: number[] = [];
  for (let i = 0; i < chunks.length; i++) {
    const start = performance.now();
    if (spooling) spool.add(chunks[i], (i + 1) * timesliceMs);
    addMs.push(performance.now() - start);
    if (paceMs) await sleep(paceMs);
  }
  spool.flush();
  await spool.tail;
  // The bytes each write read are let go with its transaction; give the collector a moment for them.
  await sleep(2000);
  gc();
  const heapAfter = heapUsed();
  // Read after the heap is measured: reading brings the saved bytes into the page.
  const storedBytes = ((await readRecording(spool.id))?.chunks ?? []).reduce((total, chunk) => total + byteSize(chunk), 0);
  await spool.discard();
  return { chunks: chunks.length, addMs, writeMs, storedBytes, heapBefore, heapAfter, warnings, left: (await listRecordings()).length };
}

/**
 * Recovery of a synthetic recording of `seconds` saved in chunks of `timesliceMs` as a crashed tab
 * leaves it: total time to the `recover` Blob (reading, joining, the WebM fix), the time of the
 * reading alone, and whether the Blob is seekable.
 */
async function persistRecover(seconds: number, timesliceMs: number, repeats: number) {
  const [{ recover }, { readRecording, transaction }] = await Promise.all([import('../../src/persist/spool.ts'), import('../../src/persist/store.ts')]);
  const chunks = await syntheticChunks(seconds, timesliceMs);
  // As the spool saves them: at most about one row a second, the chunks in between joined.
  const perRow = Math.max(1, Math.round(1000 / timesliceMs));
  const rows: Blob[] = [];
  for (let seq = 0; seq * perRow < chunks.length; seq++) rows.push(new Blob(chunks.slice(seq * perRow, (seq + 1) * perRow)));
  const times: number[] = [];
  const reading: number[] = [];
  let seekable = false;
  for (let r = 0; r < repeats; r++) {
    const key = `bench-${persistKeys++}`;
    const id = `${key}-saved`;
    await transaction('readwrite', ({ recordings, chunks: store }) => {
      rows.forEach((data, seq) => store.put({ recording: id, seq, data }));
      recordings.put({ id, key, mimeType: 'audio/webm;codecs=opus', startedAt: Date.now(), recordedMs: seconds * 1000 });
    });
    await sleep(200);
    let start = performance.now();
    await readRecording(id);
    reading.push(performance.now() - start);
    let blob: Blob | null = null;
    start = performance.now();
    await recover(key, () => {}, (detail) => (blob = detail.blob));
    times.push(performance.now() - start);
    if (r === 0) seekable = (await endRecording(blob!)).seekable;
  }
  return { chunks: chunks.length, rows: rows.length, times, reading, seekable };
}

/** Bytes the browser counts for this origin's storage (IndexedDB included). */
async function storageUsage(): Promise<number> {
  return (await navigator.storage.estimate()).usage ?? NaN;
}

/** What is saved under the element's `persist` key right now: bytes, and recorded ms. */
async function persistSaved(key: string) {
  const { listRecordings, readRecording } = await import('../../src/persist/store.ts');
  const rows = await listRecordings(key);
  let bytes = 0;
  for (const row of rows) bytes += (await readRecording(row.id))!.chunks.reduce((total, chunk) => total + byteSize(chunk), 0);
  return { recordings: rows.length, bytes, recordedMs: rows.reduce((total, row) => total + row.recordedMs, 0) };
}

/** The last recording the current element holds, as base64 (for the runner to keep as a file). */
async function heldRecording(): Promise<string> {
  const url = await new Promise<string>((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.readAsDataURL(current!.blob!);
  });
  return url.slice(url.indexOf(',') + 1);
}

let reviewed: MediaRecorderButton | null = null;
/** The recording waiting to be handed over, fetched beforehand. */
let pending: File | null = null;
/** The object URL that played the recording shown last. */
let reviewedUrl = '';
/** The object URL made of each Blob (weakly: the bench measures what the page keeps), to find the review's. */
const objectUrls = new WeakMap<object, string>();
const createObjectUrl = URL.createObjectURL;
URL.createObjectURL = (of: Blob | MediaSource) => {
  const url = createObjectUrl.call(URL, of);
  objectUrls.set(of, url);
  return url;
};

const reviewPart = (name: string) => reviewed!.shadowRoot!.querySelector<HTMLElement>(`[part~=${name}]`);

/**
 * The recording at `path` fetched from the runner's server into a File, as the browser restores one
 * into a form, for an element with `review` (a new one, its review code loaded, unless `again`:
 * then the same element as last time). Returns the File's size.
 */
async function prepareReview(path: string, again = false): Promise<number> {
  if (!again) {
    reviewed = await addElement({ review: '' });
    while (!reviewPart('discard')) await sleep(10); // the review code is loaded
  }
  const blob = await (await fetch(path)).blob();
  pending = new File([blob], 'x.webm', { type: 'audio/webm' });
  performance.clearResourceTimings(); // the page keeps an entry per fetch: not the element's memory
  return pending.size;
}

/**
 * Hands the recording over (`formStateRestoreCallback`, as the browser restores a form) and waits
 * until its waveform is drawn with the decoded levels: the slider's `aria-valuemax` is the decoded
 * length (0 until then, as a restored File has no recorded length), then one frame more. The page
 * marks both ends (`review-start`, `review-drawn`) for the runner's trace. Resolves with the
 * wall-clock times to the decoded length and to the frame after, and the slider's maximum.
 */
async function showReview(timeoutMs = 60_000) {
  const el = reviewed!;
  const decoded = () => {
    const slider = reviewPart('waveform');
    return slider?.getAttribute('role') === 'slider' && Number(slider.getAttribute('aria-valuemax')) > 0;
  };
  const shown = new Promise<void>((resolve) => {
    const observer = new MutationObserver(() => {
      if (!decoded()) return;
      observer.disconnect();
      resolve();
    });
    observer.observe(el.shadowRoot!, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuemax', 'role'] });
  });
  performance.mark('review-start');
  const start = performance.now();
  el.formStateRestoreCallback(pending);
  pending = null;
  let timer = 0;
  const waited = await Promise.race([shown.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(resolve, timeoutMs, false)))]);
  clearTimeout(timer);
  if (!waited) {
    const slider = reviewPart('waveform');
    const message = reviewPart('message')?.textContent?.trim();
    return { timedOut: true, blob: el.blob?.size ?? null, role: slider?.getAttribute('role'), valueMax: slider?.getAttribute('aria-valuemax'), message };
  }
  const decodedMs = performance.now() - start;
  // The frame that shows it: the second animation frame starts once the first is drawn.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  performance.mark('review-drawn');
  const ms = performance.now() - start;
  performance.clearMarks(); // the trace has them
  // The player gets it when played: the one made of the recording held.
  reviewedUrl = (el.blob && objectUrls.get(el.blob)) ?? '';
  return { ms, decodedMs, seconds: Number(reviewPart('waveform')!.getAttribute('aria-valuemax')) };
}

/** Clicks the `discard` part, as the user deletes the recording: whether the element let go of it (`blob` null, no slider). */
async function discardReview() {
  const el = reviewed!;
  reviewPart('discard')!.click();
  await el.updateComplete;
  await sleep(100);
  return { blobLetGo: el.blob === null, sliderGone: reviewPart('waveform')?.getAttribute('role') !== 'slider' };
}

/** Whether the object URL that played the recording shown last still fetches (`null`: there was none). */
async function reviewedUrlFetches(): Promise<boolean | null> {
  if (!reviewedUrl) return null;
  return fetch(reviewedUrl).then(
    (response) => response.blob().then(() => true),
    () => false,
  );
}

/**
 * The steps of showing the recording at `path`, as the review code runs them, each timed apart on
 * a page that shows no review: reading the Blob into an ArrayBuffer, decoding it at 3 kHz as `decode.ts` does in Chromium (wall
 * clock: the browser decodes off the main thread), `levelsOf` over the decoded samples and drawing
 * the levels (both on the main thread, as script).
 */
async function reviewSteps(path: string) {
  const { levelsOf, drawPeaks } = await import('../../src/review/peaks.ts');
  const blob = await (await fetch(path)).blob();
  let start = performance.now();
  const bytes = await blob.arrayBuffer();
  const readMs = performance.now() - start;
  start = performance.now();
  const buffer = await new OfflineAudioContext(1, 1, 3000).decodeAudioData(bytes);
  const decodeMs = performance.now() - start;
  start = performance.now();
  const channels: Float32Array[] = [];
  for (let i = 0; i < buffer.numberOfChannels; i++) channels.push(buffer.getChannelData(i));
  const channelsMs = performance.now() - start;
  start = performance.now();
  const levels = levelsOf(channels);
  const levelsMs = performance.now() - start;
  const canvas = document.createElement('canvas');
  canvas.width = 600;
  canvas.height = 128;
  const context = canvas.getContext('2d')!;
  start = performance.now();
  drawPeaks(context, levels, 0, canvas.width, canvas.height, { color: '#000', playedColor: '#00f', barWidth: 6, barGap: 4 });
  const drawMs = performance.now() - start;
  return { readMs, decodeMs, channelsMs, levelsMs, drawMs, samples: buffer.length, sampleRate: buffer.sampleRate };
}

/**
 * The format's own main-thread work per second of sound: `seconds` of a mono tone at `sampleRate`, in the
 * blocks the worklet hands over (four a second), through the encoder as the recorder calls it, with a
 * chunk (Blob) a second, timed as one run (the page's clock is too coarse for each call). For MP3 that is
 * handing the blocks to LAME's worker and taking its answers; LAME itself runs in the worker.
 */
async function formatCost(format: 'wav' | 'mp3', sampleRate: number, seconds: number) {
  const frames = sampleRate / 4;
  const encoder = format === 'wav' ? wavEncoder(sampleRate, 1, wavHeader) : await startMp3Encoder({ sampleRate, channels: 1 });
  const blocks = Array.from({ length: seconds * 4 }, () => Int16Array.from({ length: frames }, (_, j) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * j) / sampleRate))));
  const type = format === 'wav' ? 'audio/wav' : 'audio/mpeg';
  let bytes = 0;
  let parts: Uint8Array[] = [];
  let busyMs = 0;
  // Each answer is taken as the recorder takes it: kept, and a Blob made of a second's worth.
  const keep = (encoded: Uint8Array, i: number) => {
    parts.push(encoded);
    if (i % 4 === 3) {
      bytes += new Blob(parts as BlobPart[], { type }).size;
      parts = [];
    }
  };
  const started = performance.now();
  const answers = blocks.map((block) => encoder.encode([block]));
  if (format === 'wav') (answers as unknown as Uint8Array[]).forEach(keep);
  busyMs += performance.now() - started;
  if (format === 'mp3') {
    for (const [i, answer] of answers.entries()) {
      const encoded = await answer;
      const taken = performance.now();
      keep(encoded, i);
      busyMs += performance.now() - taken;
    }
  }
  bytes += (await encoder.finish()).length;
  encoder.close();
  return { msPerSecond: busyMs / seconds, bytesPerSecond: bytes / seconds };
}

/**
 * The listening code's main-thread time per second, in a real recording with warnings and
 * `stop-after-silence` on: its reads of the level and the scheduling of the next, timed around each
 * call. In steps, so that the page can be hidden between them: `listeningMeterStart` records (after
 * a second, what is counted starts), `listeningMeterRead` says the figures so far, `listeningMeterStop`
 * ends the recording.
 */
let listeningMeter: { busyMs: number; reads: number; from: number; undo: Array<() => void> } | null = null;

async function listeningMeterStart(oneMicrophone: boolean) {
  const prototype = Listening.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const meter = { busyMs: 0, reads: 0, from: 0, undo: [] as Array<() => void> };
  const wrap = (name: string) => {
    const original = prototype[name];
    prototype[name] = function (this: unknown, ...args: unknown[]) {
      const started = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        meter.busyMs += performance.now() - started;
        if (name === 'read') meter.reads++;
      }
    };
    meter.undo.push(() => (prototype[name] = original));
  };
  const enumerate = navigator.mediaDevices.enumerateDevices;
  if (oneMicrophone) {
    const devices = await enumerate.call(navigator.mediaDevices);
    navigator.mediaDevices.enumerateDevices = async () => devices.filter((device) => device.kind === 'audioinput').slice(0, 1);
  }
  meter.undo.push(() => (navigator.mediaDevices.enumerateDevices = enumerate));
  wrap('read');
  wrap('scheduleTick');
  listeningMeter = meter;
  await startRecording({ waveform: 'none', 'stop-after-silence': '600' });
  await sleep(1000);
  listeningMeterReset();
}

function listeningMeterReset() {
  Object.assign(listeningMeter!, { busyMs: 0, reads: 0, from: performance.now() });
}

function listeningMeterRead() {
  const { busyMs, reads, from } = listeningMeter!;
  const elapsed = (performance.now() - from) / 1000;
  return { msPerSecond: busyMs / elapsed, readsPerSecond: reads / elapsed };
}

async function listeningMeterStop() {
  try {
    await stopRecording();
  } finally {
    listeningMeter?.undo.forEach((restore) => restore());
    listeningMeter = null;
  }
}

async function listeningCost(seconds: number, oneMicrophone: boolean) {
  try {
    await listeningMeterStart(oneMicrophone);
    await sleep(seconds * 1000);
    return listeningMeterRead();
  } finally {
    await listeningMeterStop();
  }
}

/**
 * The audio thread's extra work per second of sound for listening: `seconds` of noise rendered offline
 * through the listening's gain and level taps, against straight to the output (best of `runs` each).
 */
async function listeningAudioCost(seconds: number, runs: number) {
  const rate = 48000;
  const noise = new Float32Array(rate * seconds).map(() => Math.random() * 0.5 - 0.25);
  const render = async (listening: boolean) => {
    const context = new OfflineAudioContext(1, noise.length, rate);
    const buffer = context.createBuffer(1, noise.length, rate);
    buffer.copyToChannel(noise, 0);
    const source = context.createBufferSource();
    source.buffer = buffer;
    if (listening) {
      const input = context.createGain();
      source.connect(input);
      levelTaps(context, input);
      input.connect(context.destination);
    } else {
      source.connect(context.destination);
    }
    source.start();
    const started = performance.now();
    await context.startRendering();
    return performance.now() - started;
  };
  const best = async (listening: boolean) => {
    let fastest = Infinity;
    for (let i = 0; i < runs; i++) fastest = Math.min(fastest, await render(listening));
    return fastest;
  };
  const plain = await best(false);
  const listening = await best(true);
  return { msPerSecond: (listening - plain) / seconds };
}

/**
 * Records a microphone that plays a continuous tone, changes microphone 1.5 s in (`device-id`, or the
 * microphone going away), records 1.5 s more, and measures the longest stretch of the file under
 * −40 dBFS in the middle of it: the gap at the change, in ms.
 */
async function switchGap(how: 'device-id' | 'device-lost') {
  const el = await addElement({ waveform: 'none' });
  const stopped = new Promise<CustomEvent>((resolve) => el.addEventListener('stop', resolve as EventListener, { once: true }));
  await el.start();
  const microphones = (await navigator.mediaDevices.enumerateDevices()).filter((device) => device.kind === 'audioinput' && !['default', 'communications'].includes(device.deviceId));
  await sleep(1500);
  if (how === 'device-id') {
    el.deviceId = microphones[1].deviceId;
  } else {
    const track = el.stream!.getAudioTracks()[0];
    Object.defineProperty(track, 'readyState', { configurable: true, get: () => 'ended' });
    track.dispatchEvent(new Event('ended'));
  }
  await sleep(1500);
  await el.stop();
  const { blob } = (await stopped).detail;
  const rate = 48000;
  const sound = (await new OfflineAudioContext(1, 1, rate).decodeAudioData(await blob.arrayBuffer())).getChannelData(0);
  const step = rate / 400; // 2.5 ms
  let longest = 0;
  let run = 0;
  for (let from = rate / 2; from + step <= sound.length - rate * 0.3; from += step) {
    let sum = 0;
    for (let i = from; i < from + step; i++) sum += sound[i] * sound[i];
    run = Math.sqrt(sum / step) < 0.01 ? run + step : 0;
    longest = Math.max(longest, run);
  }
  return { gapMs: (longest / rate) * 1000, seconds: sound.length / rate };
}

Object.assign(window, {
  bench: {
    listeningCost,
    listeningMeterStart,
    listeningMeterReset,
    listeningMeterRead,
    listeningMeterStop,
    listeningAudioCost,
    switchGap,
    formatCost,
    startRecording,
    stopRecording,
    watchUpload,
    uploadLags,
    finalizeSynthetic,
    addIdle,
    scriptsLoaded,
    persistSpool,
    persistRecover,
    persistSaved,
    storageUsage,
    heldRecording,
    prepareReview,
    showReview,
    discardReview,
    reviewedUrlFetches,
    reviewSteps,
  },
});
