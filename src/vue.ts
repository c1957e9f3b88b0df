/**
 * Types for `<media-recorder-button>` in Vue templates (checked by vue-tsc and the Vue editor
 * tooling): `import type {} from 'media-recorder-button/vue'` once in the app.
 * `:recording`, `:timeslice`, … are typed, and `@stop="(e) => e.detail.blob"` knows the event.
 */
import type { DefineComponent } from 'vue';
import type { MediaRecorderButtonEventMap } from './events.js';
import type { MediaRecorderButtonProperties } from './properties.js';

type Emits = { [K in keyof MediaRecorderButtonEventMap]: (event: MediaRecorderButtonEventMap[K]) => void };

declare module 'vue' {
  interface GlobalComponents {
    'media-recorder-button': DefineComponent<MediaRecorderButtonProperties, {}, {}, {}, {}, {}, {}, Emits>;
  }
}
