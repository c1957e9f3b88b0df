// The element from plain TypeScript: tag name map, typed events, properties.
import 'media-recorder-button';
import { MediaRecorderButton } from 'media-recorder-button/element';
import type { StopEventDetail, StopReason } from 'media-recorder-button';

const created: MediaRecorderButton = document.createElement('media-recorder-button');
const found: MediaRecorderButton | null = document.querySelector('media-recorder-button');

created.addEventListener('stop', (event) => {
  const blob: Blob = event.detail.blob;
  const reason: StopReason = event.detail.reason;
  const detail: StopEventDetail = event.detail;
  console.log(blob, reason, detail.duration.toFixed(1), detail.mimeType.toUpperCase());
});
created.addEventListener('start', (event) => event.detail.mimeType.toUpperCase());
created.addEventListener('dataavailable', (event) => event.detail.data.size + event.detail.timecode);
found?.addEventListener('error', (event) => event.detail.error.name === 'NotAllowedError');
created.addEventListener('click', (event) => event.clientX); // DOM events keep their own types
created.addEventListener('change', (event) => {
  const held: Blob | null = event.detail.blob; // the element's own `change`, not the DOM's plain Event
  console.log(held?.size);
});

created.addEventListener('warning', (event) => {
  const code: 'no-signal' | 'muted' | 'clipping' | 'device-lost' = event.detail.code;
  console.log(code, event.detail.message);
});
// @ts-expect-error not a warning code
created.addEventListener('warning', (event) => event.detail.code === 'silence');
created.stopAfterSilence = 2;
created.silenceThreshold = -45;

created.recording = true;
created.maxDuration = 30;
const stopped: Promise<Blob | null> = created.stop();
const started: Promise<void> = created.start();
const state: 'inactive' | 'acquiring' | 'recording' | 'paused' | 'stopping' = created.state;
console.log(stopped, started, state, created.blob?.size, created.stream?.active, created.duration);

// @ts-expect-error the stop detail has no such field
created.addEventListener('stop', (event) => event.detail.url);
// @ts-expect-error reason is a union of known strings
created.addEventListener('stop', (event) => event.detail.reason === 'finished');
// @ts-expect-error recording is a boolean
created.recording = 'yes';
// @ts-expect-error blob is read-only
created.blob = new Blob();

customElements.define('my-recorder', class extends MediaRecorderButton {});
