/**
 * Everything that records, loaded by the element on the first sign of intent (pointer over it,
 * focus, a touch) or when recording is asked for: nothing here loads with the idle button.
 */
import { preloadVideo } from './capture.js';
import { RecorderController, type RecorderElement } from './recorder-controller.js';
import { addReactListener } from './react-listeners.js';
import { WaveformController } from './waveform.js';

export type { RecorderController, RecorderElement } from './recorder-controller.js';
export { listAudioInputs } from './microphone.js';
export { recordingFile } from './mime-type.js';
export { spokenDuration } from './spoken-duration.js';

/** The cameras (see `listVideoInputs` in ./video/video-inputs.ts), loaded with the rest of the video code. */
export async function listVideoInputs(options?: { labels?: boolean }): Promise<MediaDeviceInfo[]> {
  return (await import('./video/video-inputs.js')).listVideoInputs(options);
}

type Host = ConstructorParameters<typeof RecorderController>[0] & { renderRoot: HTMLElement | DocumentFragment };

/**
 * Sets up recording on an element: the controller that records, and the waveform that draws what
 * the microphone hears into the element's `<canvas>` while a recording runs. `frame` updates the
 * readouts that follow the recording and returns the seconds recorded; it is called when a whole
 * second may have passed.
 */
export function recordOn(host: Host, callbacks: RecorderElement & { frame(): number }): RecorderController {
  // Loaded on intent: fetch the camera and screen code too when it will be needed, so the click finds it.
  if (callbacks.settings.source === 'camera' || callbacks.settings.source === 'screen') preloadVideo();
  const waveform = new WaveformController(host, callbacks.frame);
  const recorder: RecorderController = new RecorderController(host, {
    ...callbacks,
    emit(type, detail) {
      addReactListener(host, type);
      callbacks.emit(type, detail);
    },
    stateChanged(previous) {
      const current = recorder.state;
      if (current === 'recording' && previous === 'acquiring') {
        waveform.start(recorder.capture!.microphone);
        showPreview(host, recorder.capture!.preview);
      } else if (current === 'recording') waveform.resume();
      else if (current === 'paused') waveform.pause();
      else if (current !== 'acquiring') {
        waveform.stop();
        showPreview(host, undefined);
      }
      callbacks.stateChanged(previous);
    },
  });
  void host.updateComplete.then(() => {
    const canvas = host.renderRoot.querySelector('canvas');
    if (canvas) waveform.attach(canvas);
  });
  return recorder;
}

/**
 * Shows a camera or screen in the element's `preview` part (rendered while a video recording is
 * on), or empties it. The `<video>` element draws the frames: no script runs per frame.
 */
function showPreview(host: Host, preview: { stream: MediaStream; mirrored: boolean } | undefined): void {
  const show = () => {
    const video = host.renderRoot.querySelector('video');
    if (!video) return;
    video.srcObject = preview?.stream ?? null;
    // The recording itself is never mirrored, only what the user sees of a camera facing them.
    video.style.transform = preview?.mirrored ? 'scaleX(-1)' : '';
  };
  show();
  if (preview) void host.updateComplete.then(show);
}
