// Svelte 5 typings: what svelte-check uses for `<media-recorder-button …>` in markup (test/types/svelte/
// checks markup written as an application does; these are the errors it must report).
import type { SvelteHTMLElements } from 'svelte/elements';
import type {} from 'media-recorder-button/svelte';

type Attributes = SvelteHTMLElements['media-recorder-button'];

export const good: Attributes = {
  recording: true,
  'max-duration': 60,
  onstop: (event) => event.detail.blob.size + event.detail.duration,
  onerror: (event) => event.detail.error.name,
};
// @ts-expect-error recording is a boolean
export const wrongType: Attributes = { recording: 'yes' };
// @ts-expect-error the stop detail has no such field
export const wrongDetail: Attributes = { onstop: (event) => event.detail.url };
// @ts-expect-error the error event carries a detail, unlike the DOM's error event of other elements
export const wrongError: Attributes = { onerror: (event: ErrorEvent) => event.message };
