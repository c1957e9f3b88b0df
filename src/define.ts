import { MediaRecorderButton } from './media-recorder-button.js';

// Guarded: importing in Node or during server rendering must not throw, nor may a second copy of the package.
if (typeof customElements !== 'undefined' && !customElements.get('media-recorder-button')) {
  customElements.define('media-recorder-button', MediaRecorderButton);
}

declare global {
  interface HTMLElementTagNameMap {
    'media-recorder-button': MediaRecorderButton;
  }
}
