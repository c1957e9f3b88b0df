import { sendMouse } from '@web/test-runner-commands';
import type { MediaRecorderButton } from '../../src/index.js';
import { inWebKit } from '../helpers.js';

/**
 * Watches getUserMedia and getDisplayMedia without changing what they do: keeps every stream
 * handed out, so tests can check that all their tracks were stopped.
 */
export function spyOnCapture() {
  const mediaDevices = navigator.mediaDevices;
  const originals = { getUserMedia: mediaDevices.getUserMedia, getDisplayMedia: mediaDevices.getDisplayMedia };
  const streams: MediaStream[] = [];
  const spy = {
    userMedia: [] as (MediaStreamConstraints | undefined)[],
    displayMedia: [] as (DisplayMediaStreamOptions | undefined)[],
    streams,
    /** Every track handed out, and every track of what the element recorded or previewed. */
    liveTracks: (el?: MediaRecorderButton, extra: MediaStream[] = []) =>
      [...streams, ...extra, ...(el?.stream ? [el.stream] : [])]
        .flatMap((stream) => stream.getTracks())
        .filter((track) => track.readyState === 'live'),
    restore: () => Object.assign(mediaDevices, originals),
  };
  mediaDevices.getUserMedia = async (constraints) => {
    spy.userMedia.push(constraints);
    const stream = await originals.getUserMedia.call(mediaDevices, constraints);
    streams.push(stream);
    return stream;
  };
  mediaDevices.getDisplayMedia = async (options) => {
    spy.displayMedia.push(options);
    const stream = await originals.getDisplayMedia.call(mediaDevices, options);
    streams.push(stream);
    return stream;
  };
  return spy;
}

/**
 * `spyOnCapture()` around each test of the suite that calls this: the object returned is the spy of
 * the test running. After each test, whatever it left open (a failed test) is stopped.
 */
export function spyOnCaptureInEachTest(): ReturnType<typeof spyOnCapture> {
  const spy = {} as ReturnType<typeof spyOnCapture>;
  beforeEach(() => Object.assign(spy, spyOnCapture()));
  afterEach(() => {
    spy.restore();
    spy.streams.forEach((stream) => stream.getTracks().forEach((track) => track.stop()));
  });
  return spy;
}

/** Clicks the element's button with a real (trusted) mouse click: a user gesture. */
export async function clickButton(el: MediaRecorderButton): Promise<void> {
  const box = el.shadowRoot!.querySelector('button')!.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

/** A `<video>` that has loaded `blob`'s metadata; revoke with `done()`. */
export async function loadVideo(blob: Blob) {
  const video = document.createElement('video');
  video.muted = true;
  // In the document and loading all of it: a detached element that loads metadata only may never finish a seek in Firefox.
  video.preload = 'auto';
  document.body.append(video);
  const url = URL.createObjectURL(blob);
  video.src = url;
  await new Promise((resolve, reject) => {
    video.onloadedmetadata = resolve;
    video.onerror = () => reject(new Error(`cannot load the recording: ${video.error?.message}`));
  });
  return {
    video,
    done: () => {
      video.remove();
      URL.revokeObjectURL(url);
    },
  };
}

/** Seeks and resolves with where the video went. */
export async function seek(video: HTMLVideoElement, time: number): Promise<number> {
  const seeked = new Promise((resolve) => video.addEventListener('seeked', resolve, { once: true }));
  video.currentTime = time;
  await seeked;
  return video.currentTime;
}

/** The preview part, if rendered. */
export const preview = (el: MediaRecorderButton) => el.shadowRoot!.querySelector<HTMLVideoElement>('[part=preview]');

/** Waits for a video element to have a frame, then reads the colour of its centre pixel (RGBA). */
export async function centrePixel(video: HTMLVideoElement): Promise<number[]> {
  if (video.readyState < 2) await new Promise((resolve) => video.addEventListener('loadeddata', resolve, { once: true }));
  const canvas = Object.assign(document.createElement('canvas'), { width: video.videoWidth, height: video.videoHeight });
  const context = canvas.getContext('2d')!;
  context.drawImage(video, 0, 0);
  return [...context.getImageData(video.videoWidth >> 1, video.videoHeight >> 1, 1, 1).data];
}

/** How many pixels of the video's current frame are not black. */
export async function litPixels(video: HTMLVideoElement): Promise<number> {
  if (video.readyState < 2) await new Promise((resolve) => video.addEventListener('loadeddata', resolve, { once: true }));
  const canvas = Object.assign(document.createElement('canvas'), { width: video.videoWidth, height: video.videoHeight });
  const context = canvas.getContext('2d')!;
  context.drawImage(video, 0, 0);
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  let lit = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] > 0) lit++;
  return lit;
}

let recordsVideo: Promise<boolean> | undefined;

/** Whether this browser's MediaRecorder hands over any data for the camera's video (asked once a page). */
export function browserRecordsVideo(): Promise<boolean> {
  recordsVideo ??= (async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true });
    try {
      const recorder = new MediaRecorder(stream);
      let size = 0;
      recorder.addEventListener('dataavailable', (event) => (size += event.data.size));
      const stopped = new Promise((resolve) => recorder.addEventListener('stop', resolve));
      recorder.start();
      // WebKit hands over its fragments (about a second each) only when asked.
      for (let i = 0; i < 6; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        recorder.requestData();
      }
      recorder.stop();
      await stopped;
      return size > 0;
    } finally {
      stream.getTracks().forEach((track) => track.stop());
    }
  })();
  return recordsVideo;
}

/**
 * Skips a test that needs a recorded video where WebKit records none. WebKitGTK 2.50's video
 * encoder needs GStreamer's `autovideoflip` element (GStreamer 1.24 and later); with Debian 12's
 * GStreamer 1.22 every video recording comes out empty, whatever the codec (H.264, VP8, AV1), and
 * the recorder reports no error. Where the engine does record video, these tests run.
 */
export async function skipWhereWebKitRecordsNoVideo(test: Mocha.Context): Promise<void> {
  if (inWebKit && !(await browserRecordsVideo())) test.skip();
}

/** The first ```html block after `heading` in the docs' page on video (docs/video.md). */
export async function readmeExample(heading: string): Promise<string> {
  const readme = await (await fetch('/docs/video.md')).text();
  const section = readme.slice(readme.indexOf(heading));
  return /```html\n([\s\S]*?)```/.exec(section)![1];
}

/** Puts an example's markup in the page and runs its module script, as a browser would. */
export async function runExample(example: string): Promise<HTMLElement> {
  const container = document.createElement('div');
  container.innerHTML = example.replace(/<script type="module">([\s\S]*?)<\/script>/, '');
  document.body.append(container);
  const script = /<script type="module">([\s\S]*?)<\/script>/.exec(example)?.[1];
  if (script) {
    const url = URL.createObjectURL(new Blob([script], { type: 'text/javascript' }));
    await import(/* @vite-ignore */ url);
    URL.revokeObjectURL(url);
  }
  return container;
}
