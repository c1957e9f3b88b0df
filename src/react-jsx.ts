/**
 * Types for using `<media-recorder-button>` directly in React 19 JSX:
 * `import type {} from 'media-recorder-button/react-jsx'` once in the app.
 * React 19 sets known properties (`recording={true}`) as properties and listens to custom
 * events through lowercase `on<event>` props: `onstart`, `ondataavailable`, `onpause`,
 * `onresume`, `onstop`, `onerror`, `onrecover`, `onchange`, `onwarning`, `onuploadprogress`, `onuploaded`.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { MediaRecorderButtonEventMap } from './events.js';
import type { MediaRecorderButton } from './media-recorder-button.js';
import type { MediaRecorderButtonProperties } from './properties.js';

type EventProps = {
  [K in keyof MediaRecorderButtonEventMap as `on${K}`]?: (event: MediaRecorderButtonEventMap[K]) => void;
};

/** The props of `<media-recorder-button>` in React 19 JSX. */
export type MediaRecorderButtonJSXProps = DetailedHTMLProps<HTMLAttributes<MediaRecorderButton>, MediaRecorderButton> &
  MediaRecorderButtonProperties &
  EventProps & { class?: string };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'media-recorder-button': MediaRecorderButtonJSXProps;
    }
  }
}
