/**
 * Types for `<media-recorder-button>` in Svelte 5 templates (checked by svelte-check and the Svelte
 * editor tooling): `import type {} from 'media-recorder-button/svelte'` once in the app.
 * `recording={…}`, `max-duration={60}`, … are typed, and `onstop={(e) => e.detail.blob}` knows the event.
 */
import type { HTMLAttributes } from 'svelte/elements';
import type { MediaRecorderButtonEventMap } from './events.js';
import type { MediaRecorderButton } from './media-recorder-button.js';
import type { MediaRecorderButtonAttributes, MediaRecorderButtonProperties } from './properties.js';

type EventProps = {
  [K in keyof MediaRecorderButtonEventMap as `on${K}`]?:
    | ((event: MediaRecorderButtonEventMap[K] & { currentTarget: EventTarget & MediaRecorderButton }) => unknown)
    | null;
};

/** The attributes, properties and event handlers of `<media-recorder-button>` in Svelte 5. */
export type MediaRecorderButtonSvelteAttributes = Omit<HTMLAttributes<MediaRecorderButton>, keyof EventProps> &
  MediaRecorderButtonProperties &
  MediaRecorderButtonAttributes &
  EventProps;

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'media-recorder-button': MediaRecorderButtonSvelteAttributes;
  }
}
