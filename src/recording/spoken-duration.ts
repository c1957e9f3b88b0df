import type { DurationFormat } from '../format.js';

/** Makes a formatter for `locale`, or for the browser's own language when `locale` is not valid. */
function inLocale<T>(locale: string | undefined, make: (locale: string | undefined) => T): T {
  try {
    return make(locale);
  } catch {
    return make(undefined);
  }
}

/** A duration in words for announcements: `75` → `1 minute, 15 seconds` in English (`75 seconds` without Intl.DurationFormat). */
export function spokenDuration(seconds: number, locale?: string): string {
  const total = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const DurationFormat = (Intl as unknown as { DurationFormat?: DurationFormat }).DurationFormat;
  if (DurationFormat) {
    const parts = { hours: Math.floor(total / 3600), minutes: Math.floor((total % 3600) / 60), seconds: total % 60 };
    // Units that are 0 are left out, so 0 s would be said as nothing unless seconds are always shown.
    const options: Record<string, string> = total ? { style: 'long' } : { style: 'long', secondsDisplay: 'always' };
    return inLocale(locale, (l) => new DurationFormat(l, options)).format(parts);
  }
  return inLocale(locale, (l) => new Intl.NumberFormat(l, { style: 'unit', unit: 'second', unitDisplay: 'long' })).format(total);
}
