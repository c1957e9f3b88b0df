import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../src/index.js';
import type { MediaRecorderButton } from '../src/index.js';
import type { MediaRecorderButtonEventMap } from '../src/events.js';

/**
 * WebKit: Safari, every iOS browser, WebKitGTK. Chromium's and Firefox's user agents say AppleWebKit
 * or Safari too, so they are told apart by their own names.
 */
export const inWebKit = /AppleWebKit\//.test(navigator.userAgent) && !/Chrome\/|Chromium\/|Firefox\//.test(navigator.userAgent);

export const inFirefox = /Firefox\//.test(navigator.userAgent);

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Records `ms` of the fake devices with the browser's own MediaRecorder, without the element, every
 * track stopped after. With a `timeslice`, as the element records (Chromium then writes live WebM).
 */
export async function recordWithMediaRecorder(constraints: MediaStreamConstraints, options: MediaRecorderOptions, ms: number, timeslice?: number): Promise<Blob> {
  const stream = await navigator.mediaDevices.getUserMedia(constraints);
  try {
    const recorder = new MediaRecorder(stream, options);
    const chunks: Blob[] = [];
    recorder.addEventListener('dataavailable', (event) => chunks.push(event.data));
    const started = new Promise((resolve) => recorder.addEventListener('start', resolve, { once: true }));
    recorder.start(timeslice);
    await started;
    await sleep(ms);
    const stopped = new Promise((resolve) => recorder.addEventListener('stop', resolve, { once: true }));
    recorder.stop();
    await stopped;
    return new Blob(chunks, { type: recorder.mimeType });
  } finally {
    stream.getTracks().forEach((track) => track.stop());
  }
}

/** Resolves once `condition()` holds, looking every 10 ms; fails the test after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${condition}`);
    await sleep(10);
  }
}

export function recorderFixture(template = html`<media-recorder-button></media-recorder-button>`) {
  return fixture<MediaRecorderButton>(template);
}

export function nextEvent<K extends keyof MediaRecorderButtonEventMap>(
  target: EventTarget,
  type: K,
): Promise<MediaRecorderButtonEventMap[K]> {
  return oneEvent(target, type) as Promise<MediaRecorderButtonEventMap[K]>;
}

/** Seconds of audio in an encoded recording, decoded by the browser. */
export async function decodedDuration(blob: Blob): Promise<number> {
  const context = new OfflineAudioContext(1, 1, 48000);
  const buffer = await context.decodeAudioData(await blob.arrayBuffer());
  return buffer.duration;
}

/**
 * What a recording may lack against the seconds the element counted from its `start` event.
 * Firefox's fake microphone is fed by a timer: on a busy machine (two test runs at once on two cores)
 * it gives up to half the sound of the time that passed (2.1 s counted, 1.07 s in the file), and what it
 * never gave is not in the file. So Firefox's files are held only to at least 45 % of their length; the
 * same recording code is held to 0.35 s in Chromium. WebKit's file is cut at the stop point.
 */
const allowedLack = (seconds: number) => (inFirefox ? Math.max(1, seconds * 0.55) : inWebKit ? 0.08 : 0.35);

/** Checks that `blob` decodes to `seconds`: never longer (within 0.35 s), shorter only by what an engine may lack (`allowedLack`). */
export async function expectDecodedLength(blob: Blob, seconds: number, what = 'decoded length'): Promise<void> {
  expect(await decodedDuration(blob), what).to.be.within(seconds - allowedLack(seconds), seconds + 0.35);
}

/**
 * Watches getUserMedia without changing what it does: counts the calls and keeps every
 * stream handed out, so tests can check that all their tracks were stopped.
 */
export function spyOnGetUserMedia() {
  const mediaDevices = navigator.mediaDevices;
  const original = mediaDevices.getUserMedia;
  const streams: MediaStream[] = [];
  const spy = {
    calls: 0,
    constraints: [] as (MediaStreamConstraints | undefined)[],
    streams,
    liveTracks: () => streams.flatMap((stream) => stream.getTracks()).filter((track) => track.readyState === 'live'),
    restore: () => {
      mediaDevices.getUserMedia = original;
    },
  };
  mediaDevices.getUserMedia = async (constraints) => {
    spy.calls++;
    spy.constraints.push(constraints);
    const stream = await original.call(mediaDevices, constraints);
    streams.push(stream);
    return stream;
  };
  return spy;
}

/** Replaces getUserMedia with `implementation` until `restore()`. */
export function stubGetUserMedia(implementation: (constraints?: MediaStreamConstraints) => Promise<MediaStream>) {
  const mediaDevices = navigator.mediaDevices;
  const original = mediaDevices.getUserMedia;
  mediaDevices.getUserMedia = implementation;
  return {
    real: (constraints?: MediaStreamConstraints) => original.call(mediaDevices, constraints),
    restore: () => {
      mediaDevices.getUserMedia = original;
    },
  };
}

/** Counts requestAnimationFrame calls (still scheduling them) until `restore()`. */
export function countAnimationFrames() {
  const original = window.requestAnimationFrame;
  const counter = {
    count: 0,
    restore: () => {
      window.requestAnimationFrame = original;
    },
  };
  window.requestAnimationFrame = (callback) => {
    counter.count++;
    return original.call(window, callback);
  };
  return counter;
}

/**
 * Emulates CSS media features (`[]` ends the emulation), e.g. `[{ name: 'forced-colors', value: 'active' }]`.
 * Resolves false where the browser cannot (Chromium only).
 */
export function emulateMediaFeatures(features: Array<{ name: string; value: string }>): Promise<boolean> {
  return executeServerCommand<boolean, typeof features>('emulate-media-features', features);
}

/** Replaces the Permissions API's microphone query with a status the test controls, until `restore()`. */
export function stubMicrophonePermission(initial: PermissionState | 'throws') {
  const permissions = navigator.permissions;
  const status = new EventTarget() as EventTarget & { state: PermissionState };
  status.state = initial === 'throws' ? 'prompt' : initial;
  const listeners = new Set<unknown>();
  const add = status.addEventListener.bind(status);
  const remove = status.removeEventListener.bind(status);
  status.addEventListener = (type: string, listener: EventListenerOrEventListenerObject | null) => {
    listeners.add(listener);
    add(type, listener);
  };
  status.removeEventListener = (type: string, listener: EventListenerOrEventListenerObject | null) => {
    listeners.delete(listener);
    remove(type, listener);
  };
  permissions.query = async () => {
    if (initial === 'throws') throw new TypeError("'microphone' is not a valid permission name.");
    return status as PermissionStatus;
  };
  return {
    listeners: () => listeners.size,
    change(state: PermissionState) {
      status.state = state;
      status.dispatchEvent(new Event('change'));
    },
    restore: () => {
      delete (permissions as { query?: unknown }).query;
    },
  };
}

/** Loads `blob` in an <audio>: its duration at `loadedmetadata`, and where it is after seeking to `seekTo`. */
export async function playerView(blob: Blob, seekTo?: number) {
  const url = URL.createObjectURL(blob);
  const audio = new Audio();
  try {
    audio.preload = 'auto';
    audio.src = url;
    await within(5000, 'loadedmetadata', new Promise((resolve, reject) => {
      audio.onloadedmetadata = resolve;
      audio.onerror = () => reject(audio.error);
    }));
    const duration = audio.duration;
    if (seekTo === undefined) return { duration, position: undefined };
    audio.currentTime = seekTo;
    await within(5000, 'seeked', new Promise((resolve) => (audio.onseeked = resolve)));
    return { duration, position: audio.currentTime };
  } finally {
    audio.removeAttribute('src');
    URL.revokeObjectURL(url);
  }
}

export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  return Promise.race([promise, sleep(ms).then(() => Promise.reject(new Error(`no ${what} within ${ms} ms`)))]);
}

/** A recording that decodes the same in every engine: 2 s of a tone that swells and fades, as 8 kHz WAV. */
export function toneWav(seconds = 2, rate = 8000): File {
  const samples = seconds * rate;
  const view = new DataView(new ArrayBuffer(44 + samples * 2));
  const text = (offset: number, value: string) => [...value].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  text(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, samples * 2, true);
  for (let i = 0; i < samples; i++) {
    const envelope = Math.sin((Math.PI * i) / samples) ** 2;
    view.setInt16(44 + i * 2, Math.round(envelope * 30000 * Math.sin((2 * Math.PI * 440 * i) / rate)), true);
  }
  return new File([view.buffer], 'answer.wav', { type: 'audio/wav' });
}

export interface Probe {
  ok: boolean;
  /** What ffprobe complained about; empty for a clean file. */
  errors: string;
  format: { duration?: string };
  streams: Array<{ index: number; codec_type: string; channels?: number; sample_rate?: string }>;
}

/** Reads `blob` with Debian's ffprobe, a reader independent of the browsers (scripts/wtr-ffprobe.mjs). */
export async function ffprobe(blob: Blob, name: string): Promise<Probe> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return executeServerCommand<Probe, { base64: string; name: string }>('ffprobe', { base64: btoa(binary), name });
}
