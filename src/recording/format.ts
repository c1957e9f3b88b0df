import { cached, clockParts, durationFormatConstructor } from '../format.js';

/** A duration in words for announcements: `75` → `1 minute, 15 seconds` in English (`75 seconds` without Intl.DurationFormat). */
export function spokenDuration(seconds: number, locale?: string): string {
  const parts = clockParts(seconds);
  const DurationFormat = durationFormatConstructor();
  if (DurationFormat) {
    // Units that are 0 are left out, so 0 s would be said as nothing unless seconds are always shown.
    const zero = !parts.hours && !parts.minutes && !parts.seconds;
    const options: Record<string, string> = zero ? { style: 'long', secondsDisplay: 'always' } : { style: 'long' };
    return cached(zero ? 'zero' : 'words', locale, (l) => new DurationFormat(l, options)).format(parts);
  }
  const total = parts.hours * 3600 + parts.minutes * 60 + parts.seconds;
  return cached('seconds', locale, (l) => new Intl.NumberFormat(l, { style: 'unit', unit: 'second', unitDisplay: 'long' })).format(total);
}

/** `recording-20261121-142501.webm`: a file name for a recording made at `date`. */
export function recordingFileName(date: Date, extension: string): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
  return `recording-${day}-${time}.${extension}`;
}
