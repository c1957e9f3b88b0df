/** Containers we prefer, best first, when the page asks for none or for one the browser cannot record. */
const preferredMimeTypes = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4'] as const;

/** On WebKit, MediaRecorder claims WebM support that produces broken files: MP4 goes first there. */
const webkitMimeTypes = ['audio/mp4', 'audio/webm;codecs=opus', 'audio/ogg;codecs=opus'] as const;

/**
 * The type to hand to MediaRecorder: the page's preference when the browser can record it,
 * else the first supported type of our ranked list, else `''` (the browser's default).
 */
export function chooseMimeType(
  preferred: string | undefined,
  isTypeSupported: (type: string) => boolean,
  isWebKit = false,
  ranked: readonly string[] = isWebKit ? webkitMimeTypes : preferredMimeTypes,
): string {
  const supported = (type: string) => {
    try {
      return isTypeSupported(type);
    } catch {
      return false;
    }
  };
  if (preferred && supported(preferred)) return preferred;
  return ranked.find(supported) ?? '';
}

/** Safari and every iOS browser (all of them run on WebKit); not Chrome, Edge or Android browsers. */
export function isWebKit(userAgent: string): boolean {
  return /AppleWebKit/.test(userAgent) && !/Chrome|Chromium|Android/.test(userAgent);
}

/** A file name extension for a recorded type: `audio/webm;codecs=opus` → `webm`, `video/mp4` → `mp4`. */
export function fileExtension(mimeType: string): string {
  const [type, subtype = ''] = mimeType.split(';')[0].trim().toLowerCase().split('/');
  if (type === 'video' && subtype === 'mp4') return 'mp4';
  const known: Record<string, string> = { webm: 'webm', ogg: 'ogg', mp4: 'm4a', 'x-m4a': 'm4a', mpeg: 'mp3', wav: 'wav' };
  return known[subtype] ?? (subtype || 'bin');
}

/** `recording-20261121-142501.webm`: a file name for a recording made at `date`. */
export function recordingFileName(date: Date, extension: string): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
  return `recording-${day}-${time}.${extension}`;
}

/** The recording as a `File` for forms and downloads, named by when it ended and what it holds. */
export function recordingFile(blob: Blob, date = new Date()): File {
  return new File([blob], recordingFileName(date, fileExtension(blob.type)), { type: blob.type });
}
