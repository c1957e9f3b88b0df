import { requestMicrophone } from './microphone.js';
import type { RecordingOptions } from './options.js';

/** The inputs of one recording, and how to let go of them. */
export interface Capture {
  /** What MediaRecorder records. */
  stream: MediaStream;
  /** The microphone alone, for the waveform. */
  microphone: MediaStream;
  /** The recording ends (`source-ended`) once every one of these tracks has ended. */
  watched: MediaStreamTrack[];
  /** Video only: what the preview shows, and whether to show it mirrored (a user-facing camera). */
  preview?: { stream: MediaStream; mirrored: boolean };
  /** Video only: the container to record, from the page's preference and what the browser supports. */
  chooseMimeType?: (preferred: string | undefined, isTypeSupported: (type: string) => boolean, isWebKit: boolean) => string;
  /** Stops every track it opened (and whatever mixes them). Safe to call more than once. */
  release(): void;
}

export const stopTracks = (stream: MediaStream) => stream.getTracks().forEach((track) => track.stop());

/** The camera and screen code; loaded once, tried again after a failure. */
let video: Promise<typeof import('./video/camera-and-screen.js')> | undefined;
function loadVideo() {
  video ??= import('./video/camera-and-screen.js').catch((cause: unknown) => {
    video = undefined;
    throw cause;
  });
  return video;
}

/** Fetches the camera and screen code ahead of a click that will need it. */
export function preloadVideo(): void {
  loadVideo().catch(() => {}); // reported when recording starts
}

/** Opens what `options.source` asks for; the camera and screen code loads only then. */
export async function capture(options: RecordingOptions): Promise<Capture> {
  if (options.source === 'camera' || options.source === 'screen') {
    let code: typeof import('./video/camera-and-screen.js');
    try {
      code = await loadVideo();
    } catch (cause) {
      throw new DOMException(
        `The video recording code could not be loaded (${cause instanceof Error ? cause.message : cause}). Check the connection and that every file of media-recorder-button is served together, then try again.`,
        'NetworkError',
      );
    }
    return code.captureVideo(options);
  }
  const stream = await requestMicrophone(options);
  return { stream, microphone: stream, watched: stream.getAudioTracks(), release: () => stopTracks(stream) };
}
