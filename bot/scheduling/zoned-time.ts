import { type IsoDate, parseIsoDate } from './calendar-dates';

const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Checks an HH:MM wall-clock time and returns its parts. */
export function parseLocalTime(time: string): { hours: number; minutes: number } {
  const match = LOCAL_TIME.exec(time);
  if (!match) throw new RangeError(`not an HH:MM time: ${time}`);
  return { hours: Number(match[1]), minutes: Number(match[2]) };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in ms (Amsterdam: +1 h in winter, +2 h in summer). */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const part = (type: string) => Number(format.formatToParts(instant).find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant at which the clocks in `timeZone` show `time` on `date`. Intl knows the zone's
 * rules, so a 09:00 stays 09:00 local in summer and winter. Times that happen twice (the autumn
 * change) resolve to the first; times that do not exist (the spring change) move forward by the
 * gap, 02:30 becoming 03:30, as RFC 5545 prescribes.
 */
export function zonedWallTimeToUtc(date: IsoDate, time: string, timeZone: string): Date {
  const { year, month, day } = parseIsoDate(date);
  const { hours, minutes } = parseLocalTime(time);
  const wall = Date.UTC(year, month - 1, day, hours, minutes);
  const before = zoneOffsetMs(new Date(wall - 12 * 3600_000), timeZone);
  const after = zoneOffsetMs(new Date(wall + 12 * 3600_000), timeZone);
  const candidates = [wall - before, wall - after].filter(
    (instant) => instant + zoneOffsetMs(new Date(instant), timeZone) === wall,
  );
  // No candidate shows this wall time: it falls in the gap; the offset before the change applies.
  return new Date(candidates.length > 0 ? Math.min(...candidates) : wall - before);
}
