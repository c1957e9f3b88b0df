/** The part of `Intl.DurationFormat` used here; not in TypeScript's `lib` yet. */
export type DurationFormat = new (locale: string | undefined, options: Record<string, string>) => {
  format(duration: { hours: number; minutes: number; seconds: number }): string;
};

/** One clock formatter per locale, made on first use; an invalid locale gets the browser's. */
const clocks = new Map<string | undefined, InstanceType<DurationFormat>>();

/**
 * The elapsed-time readout in the digits and separators of `locale`:
 * `75.4` → `01:15`, `3725` → `1:02:05` in English. Without Intl.DurationFormat, Latin digits.
 */
export function formatDuration(seconds: number, locale?: string): string {
  const whole = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const parts = { hours: Math.floor(whole / 3600), minutes: Math.floor((whole % 3600) / 60), seconds: whole % 60 };
  const DurationFormat = (Intl as unknown as { DurationFormat?: DurationFormat }).DurationFormat;
  if (DurationFormat) {
    let clock = clocks.get(locale);
    if (!clock) {
      const options = { style: 'digital', hoursDisplay: 'auto' };
      try {
        clock = new DurationFormat(locale, options);
      } catch {
        clock = new DurationFormat(undefined, options);
      }
      clocks.set(locale, clock);
    }
    return clock.format(parts);
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${parts.hours ? `${parts.hours}:` : ''}${pad(parts.minutes)}:${pad(parts.seconds)}`;
}
