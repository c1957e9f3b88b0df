import { sendMouse } from '@web/test-runner-commands';
import type { MediaRecorderButton } from '../../src/index.js';

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

/** The first ```html block after `heading` in the README. */
export async function readmeExample(heading: string): Promise<string> {
  const readme = await (await fetch('/README.md')).text();
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
