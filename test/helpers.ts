import { fixture, html, oneEvent } from '@open-wc/testing';
import '../src/index.js';
import type { MediaRecorderButton } from '../src/index.js';
import type { MediaRecorderButtonEventMap } from '../src/events.js';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
