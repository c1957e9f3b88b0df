// The README's Vue component (its template and state) as a server-rendered app would use it.
import { defineComponent, ref, watch } from 'vue';
import '../../src/index.js';

export const App = defineComponent({
  props: { onRecorded: { type: Function, default: () => {} } },
  setup(props) {
    const recording = ref(false);
    const blob = ref<Blob | null>(null);
    watch(blob, (value) => value && props.onRecorded(value));
    return { recording, blob };
  },
  template: `
    <main>
      <media-recorder-button
        :recording="recording"
        :max-duration="60"
        @start="recording = true"
        @stop="(e) => { recording = false; blob = e.detail.blob }"
      ></media-recorder-button>
      <p>{{ recording ? 'Recording…' : 'Ready' }}</p>
    </main>`,
});
