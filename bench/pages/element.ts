// The bench page for <media-recorder-button>: everything the runner drives, through the public element.
import '../../src/index.ts';
import type { MediaRecorderButton } from '../../src/index.ts';
import { withWebmDuration } from '../../src/webm-duration.ts';
import { endRecording, gc, heapUsed, sleep, waveformCss } from './common.ts';

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
let rawChunks: Blob[] = [];

/** Adds an element and starts recording; resolves with ms from the request to `start`. */
async function startRecording(attributes: Record<string, string> = {}): Promise<number> {
  const el = await addElement(attributes);
  current = el;
  chunkCount = 0;
  rawChunks = [];
  el.addEventListener('dataavailable', (event) => {
    chunkCount++;
    rawChunks.push(event.detail.data);
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
    liveTracks: startedTracks.filter((track) => track.readyState === 'live').length + (el.stream ? 1 : 0),
  };
}

/**
 * Finalizing a recording as the element does (one Blob from every chunk, then the Duration fix),
 * on a synthetic WebM of `seconds`: the real header of the last take, then its clusters repeated
 * at its own byte rate, in chunks of `timesliceMs`.
 */
async function finalizeSynthetic(seconds: number, repeats: number, timesliceMs = 100) {
  const header = rawChunks[0];
  const body = new Blob(rawChunks.slice(1));
  const bytesPerSecond = new Blob(rawChunks).size / (rawChunks.length * (timesliceMs / 1000));
  const chunkBytes = Math.max(1, Math.round((bytesPerSecond * timesliceMs) / 1000));
  const chunks: Blob[] = [header];
  const target = bytesPerSecond * seconds;
  for (let size = header.size, offset = 0; size < target; size += chunkBytes, offset = (offset + chunkBytes) % body.size) {
    chunks.push(body.slice(offset, Math.min(body.size, offset + chunkBytes)));
  }
  const times: number[] = [];
  const allocated: number[] = [];
  let size = 0;
  let fixed = false;
  for (let i = 0; i < repeats; i++) {
    gc();
    const before = heapUsed();
    const start = performance.now();
    const blob = await withWebmDuration(new Blob(chunks, { type: 'audio/webm;codecs=opus' }), seconds * 1000);
    times.push(performance.now() - start);
    allocated.push(heapUsed() - before);
    size = blob.size;
    fixed = blob.size > new Blob(chunks).size;
  }
  return { times, allocated, size, chunks: chunks.length, fixed };
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

Object.assign(window, { bench: { startRecording, stopRecording, finalizeSynthetic, addIdle } });
