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

/** Opens what `options.source` asks for; the camera and screen code loads only then. */
export async function capture(options: RecordingOptions): Promise<Capture> {
  if (options.source === 'camera' || options.source === 'screen') {
    let video: typeof import('./video/camera-and-screen.js');
    try {
      video = await import('./video/camera-and-screen.js');
    } catch (cause) {
      throw new DOMException(
        `The video recording code could not be loaded (${cause instanceof Error ? cause.message : cause}). Check the connection and that every file of media-recorder-button is served together, then try again.`,
        'NetworkError',
      );
    }
    return video.captureVideo(options);
  }
  const stream = await requestMicrophone(options);
  return { stream, microphone: stream, watched: stream.getAudioTracks(), release: () => stopTracks(stream) };
}
