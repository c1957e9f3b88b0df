/**
 * Everything that records, loaded by the element on the first sign of intent (pointer over it,
 * focus, a touch) or when recording is asked for: nothing here loads with the idle button.
 */
import { RecorderController, type RecorderElement } from './recorder-controller.js';
import { addReactListener } from './react-listeners.js';
import { WaveformController } from './waveform.js';

export type { RecorderController, RecorderElement } from './recorder-controller.js';
export { listAudioInputs } from './microphone.js';
export { recordingFile } from './mime-type.js';
export { spokenDuration } from './spoken-duration.js';

type Host = ConstructorParameters<typeof RecorderController>[0] & { renderRoot: HTMLElement | DocumentFragment };

/**
 * Sets up recording on an element: the controller that records, and the waveform that draws what
 * the microphone hears into the element's `<canvas>` while a recording runs. `frame` updates the
 * readouts that follow the recording and returns the seconds recorded; it is called when a whole
 * second may have passed.
 */
export function recordOn(host: Host, callbacks: RecorderElement & { frame(): number }): RecorderController {
  const waveform = new WaveformController(host, callbacks.frame);
  const recorder: RecorderController = new RecorderController(host, {
    ...callbacks,
    emit(type, detail) {
      addReactListener(host, type);
      callbacks.emit(type, detail);
    },
    stateChanged(previous) {
      const current = recorder.state;
      if (current === 'recording' && previous === 'acquiring') waveform.start(recorder.stream!);
      else if (current === 'recording') waveform.resume();
      else if (current === 'paused') waveform.pause();
      else if (current !== 'acquiring') waveform.stop();
      callbacks.stateChanged(previous);
    },
  });
  void host.updateComplete.then(() => {
    const canvas = host.renderRoot.querySelector('canvas');
    if (canvas) waveform.attach(canvas);
  });
  return recorder;
}
