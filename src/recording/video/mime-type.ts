import { chooseMimeType } from '../mime-type.js';

/**
 * Video containers, best first for playback everywhere, phones included: MP4 with H.264 (Safari
 * writes it with AAC, Chromium with Opus) plays in every current browser, iOS included; WebM
 * (Firefox records only WebM) plays everywhere but in older Safari. Plain `video/mp4` comes last:
 * Chromium puts VP9 in it, which fewer phones play than WebM's.
 */
const videoMimeTypes = [
  'video/mp4;codecs=avc1,mp4a.40.2',
  'video/mp4;codecs=avc1,opus',
  'video/webm;codecs=vp9,opus',
  'video/webm;codecs=vp8,opus',
  'video/webm',
  'video/mp4',
] as const;

/** WebKit records MP4 well and claims WebM it records badly: MP4 whatever its codecs first there. */
const webkitVideoMimeTypes = ['video/mp4;codecs=avc1,mp4a.40.2', 'video/mp4', 'video/webm'] as const;

/** The page's preferred type when it is a video type the browser records, else the first of ours it records, else `''`. */
export function chooseVideoMimeType(preferred: string | undefined, isTypeSupported: (type: string) => boolean, isWebKit: boolean): string {
  const video = preferred && /^video\//i.test(preferred) ? preferred : undefined;
  return chooseMimeType(video, isTypeSupported, isWebKit, isWebKit ? webkitVideoMimeTypes : videoMimeTypes);
}
