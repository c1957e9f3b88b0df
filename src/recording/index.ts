/**
 * Everything that records, loaded by the element on the first sign of intent (pointer over it,
 * focus, a touch) or when recording is asked for: nothing here loads with the idle button.
 */
import { recorderEvent, type ErrorEventDetail, type MediaRecorderButtonEventMap, type WarningCode } from '../events.js';
import { preloadVideo } from './capture.js';
import { RecorderController, type RecorderElement } from './recorder-controller.js';
import { addReactListener } from './react-listeners.js';
import { recordingFile } from './mime-type.js';
import { spokenDuration } from './spoken-duration.js';
import { WaveformController } from './waveform.js';
import { recordingStyles } from './recording.styles.js';

export type { RecorderController, RecorderElement } from './recorder-controller.js';
export { listAudioInputs } from './microphone.js';

/** The cameras (see `listVideoInputs` in ./video/video-inputs.ts), loaded with the rest of the video code. */
export async function listVideoInputs(options?: { labels?: boolean }): Promise<MediaDeviceInfo[]> {
  return (await import('./video/video-inputs.js')).listVideoInputs(options);
}

type Host = ConstructorParameters<typeof RecorderController>[0] & {
  renderRoot: HTMLElement | DocumentFragment;
  waveform: string;
  announceStart?: string | null;
  announcePause?: string | null;
  announceResume?: string | null;
  announceStop?: string | null;
  messageNoSignal?: string | null;
  messageMuted?: string | null;
  messageClipping?: string | null;
  messageDeviceLost?: string | null;
  /** Seconds recorded so far. */
  readonly duration: number;
};

/** What the element does for the recording side; its events are dispatched here. */
export interface RecordingElement extends Omit<RecorderElement, 'emit'> {
  /** What went wrong, just before the `error` event says it. */
  failed(error: DOMException | Error): void;
  /** Says `text` in the element's live region. */
  announce(text: string): void;
  /** A recording has started: the microphone was given. */
  started(): void;
  /** A recording has ended: what to announce, and the recording as the form's File (`null` when nothing was recorded). */
  ended(announcement: string, file: File | null): void;
  /** A whole second of recorded time has passed: the readout shows it. */
  tick(): void;
  /** The page's language where the element is. */
  locale(): string | undefined;
  /** What the `message` part should say of the input while recording: the latest warning whose cause lasts, or `''`. */
  warned(message: string): void;
}

/** What the `message` part says of each warning, unless the element's `message-…` attribute says otherwise. */
function warningMessage(host: Host, code: WarningCode): string {
  switch (code) {
    case 'no-signal':
      return host.messageNoSignal ?? 'The microphone gives no sound. Check that it is switched on and not muted, or choose another.';
    case 'muted':
      return host.messageMuted ?? 'The microphone is muted by the system or the device. Unmute it to be heard.';
    case 'clipping':
      return host.messageClipping ?? 'The sound is too loud and distorts. Move away from the microphone or turn its volume down.';
    case 'device-lost':
      return host.messageDeviceLost ?? 'The microphone went away. Recording goes on with another one.';
  }
}

/**
 * Sets up recording on an element: the controller that records, the waveform that draws what the
 * microphone hears into the element's `<canvas>` while a recording runs, the announcements of its
 * states, and the clock of the elapsed-time readout.
 */
export function recordOn(host: Host, callbacks: RecordingElement): RecorderController {
  // Loaded on intent: fetch the camera and screen code too when it will be needed, so the click finds it.
  if (callbacks.settings.source === 'camera' || callbacks.settings.source === 'screen') preloadVideo();
  const root = host.renderRoot;
  if (root instanceof ShadowRoot) root.adoptedStyleSheets = [...root.adoptedStyleSheets, recordingStyleSheet()];
  const waveform = new WaveformController(host);
  const readout = new SecondsClock(() => host.duration, callbacks.tick);
  const emit = <K extends keyof MediaRecorderButtonEventMap>(type: K, detail: MediaRecorderButtonEventMap[K]['detail']) => {
    if (type === 'error') callbacks.failed((detail as ErrorEventDetail).error);
    addReactListener(host, type);
    host.dispatchEvent(recorderEvent(type, detail));
  };
  /** The warnings whose cause lasts, the latest last. */
  const warnings = new Map<WarningCode, string>();
  const recorder: RecorderController = new RecorderController(host, {
    ...callbacks,
    emit,
    warning(code, on) {
      warnings.delete(code);
      if (on) {
        const message = warningMessage(host, code);
        warnings.set(code, message);
        emit('warning', { code, message });
        callbacks.announce(message);
      }
      callbacks.warned([...warnings.values()].pop() ?? '');
    },
    stateChanged(previous) {
      const current = recorder.state;
      if (current === 'recording' && previous === 'acquiring') {
        waveform.start(recorder.heard!);
        showPreview(host, recorder.capture!.preview);
        callbacks.started();
        callbacks.announce(host.announceStart ?? 'Recording started');
      } else if (current === 'recording') {
        waveform.resume();
        callbacks.announce(host.announceResume ?? 'Recording resumed');
      } else if (current === 'paused') {
        waveform.pause();
        callbacks.announce(host.announcePause ?? 'Recording paused');
      } else if (current !== 'acquiring') {
        waveform.stop();
        showPreview(host, undefined);
        if (warnings.size) {
          warnings.clear();
          callbacks.warned('');
        }
      }
      if (current === 'recording') readout.start();
      else readout.stop();
      if (current === 'inactive' && previous === 'stopping') {
        const blob = recorder.blob;
        const announcement = (host.announceStop ?? 'Recording stopped, {duration}').replace('{duration}', spokenDuration(host.duration, callbacks.locale()));
        callbacks.ended(announcement, blob && blob.size > 0 ? recordingFile(blob) : null);
      }
      callbacks.stateChanged(previous);
    },
  });
  void host.updateComplete.then(() => waveform.hostUpdated());
  return recorder;
}

let sheet: CSSStyleSheet | undefined;

/** The styles of the recording states, made once for every element. */
function recordingStyleSheet(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(recordingStyles);
  }
  return sheet;
}

/**
 * Calls `tick` at each whole second of `seconds()` while started, from a timer: nothing runs while
 * stopped, and the animation frames that draw the waveform have no readout to update.
 */
class SecondsClock {
  #timer = 0;

  constructor(
    private readonly seconds: () => number,
    private readonly tick: () => void,
  ) {}

  /** Starts, or after a pause starts again from where the seconds are. */
  start(): void {
    this.stop();
    this.#schedule();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = 0;
  }

  // A timer that fires a little early finds the same whole second: the next one fires at once to show the new one.
  #schedule(): void {
    const seconds = this.seconds();
    this.#timer = window.setTimeout(() => {
      this.tick();
      this.#schedule();
    }, (Math.floor(seconds) + 1 - seconds) * 1000);
  }
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
