/** The element class without registering it: `customElements.define('my-recorder', MediaRecorderButton)`. */
export * from './media-recorder-button.js';
export type * from './events.js';
