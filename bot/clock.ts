/** The only source of "now" in the bot, so tests and simulations can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The calendar date (yyyy-mm-dd) of an instant in a time zone. */
export function dateInZone(instant: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  return format.format(instant);
}

/**
 * One formatter per time zone: making one costs ~70 µs (ICU loads the zone and locale data), and
 * a list of 50 signals asks for 50 dates. A formatter keeps no state between calls.
 */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

export const MUNICIPAL_TIME_ZONE = 'Europe/Amsterdam';
