/** The parts of `Intl.DurationFormat` we use; not in TypeScript's `lib` yet. */
interface DurationFormat {
  format(duration: { hours?: number; minutes?: number; seconds?: number }): string;
}
type DurationFormatConstructor = new (locale: string | undefined, options: Record<string, string>) => DurationFormat;

const formatters = new Map<string, unknown>();

/** One formatter per kind and locale, made on first use; an invalid locale falls back to the browser's. */
function cached<T>(key: string, locale: string | undefined, make: (locale: string | undefined) => T): T {
  const id = `${key} ${locale ?? ''}`;
  let formatter = formatters.get(id) as T | undefined;
  if (!formatter) {
    try {
      formatter = make(locale);
    } catch {
      formatter = make(undefined);
    }
    formatters.set(id, formatter);
  }
  return formatter;
}

function clockParts(seconds: number) {
  const whole = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  return { hours: Math.floor(whole / 3600), minutes: Math.floor((whole % 3600) / 60), seconds: whole % 60 };
}

function durationFormatConstructor(): DurationFormatConstructor | undefined {
  return (Intl as unknown as { DurationFormat?: DurationFormatConstructor }).DurationFormat;
}

/**
 * The elapsed-time readout in the digits and separators of `locale`:
 * `75.4` → `01:15`, `3725` → `1:02:05` in English. Without Intl.DurationFormat, Latin digits.
 */
export function formatDuration(seconds: number, locale?: string): string {
  const parts = clockParts(seconds);
  const DurationFormat = durationFormatConstructor();
  if (DurationFormat) {
    return cached('clock', locale, (l) => new DurationFormat(l, { style: 'digital', hoursDisplay: 'auto' })).format(parts);
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${parts.hours ? `${parts.hours}:` : ''}${pad(parts.minutes)}:${pad(parts.seconds)}`;
}

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
