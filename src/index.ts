/**
 * `import 'media-recorder-button'` registers `<media-recorder-button>`.
 * To register under another name, import the class from `media-recorder-button/element` instead.
 */
import './define.js';

export * from './media-recorder-button.js';
export type * from './events.js';
