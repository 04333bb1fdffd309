import { type Options, RRule } from 'rrule';
import { dateInZone, MUNICIPAL_TIME_ZONE } from '../clock';
import { addDays, type IsoDate, parseIsoDate } from './calendar-dates';
import type { WorkingDayCalendar } from './working-days';

/** What a recurrence needs of a calendar: any working-day calendar will do. */
export type RecurrenceCalendar = Pick<WorkingDayCalendar, 'nextWorkingDayOnOrAfter' | 'addWorkingDays'>;

import { parseLocalTime, zonedWallTimeToUtc } from './zoned-time';

/** When something recurs: which local dates (RRULE), at which local time, in which zone. */
export interface Recurrence {
  /** The RRULE value, e.g. `FREQ=MONTHLY;BYMONTH=1,4,7,10;BYMONTHDAY=1`. Daily or coarser. */
  rrule: string;
  /** The first local date the rule counts from (its DTSTART), yyyy-mm-dd. */
  startsOn: IsoDate;
  /** Local wall-clock time, HH:MM. */
  localTime: string;
  /** Moves each occurrence to the first working day on or after its date. */
  shiftToWorkingDay: boolean;
  /**
   * Occurs this many working days before each date of the rule (after any shift), e.g. 1 for
   * "the working day before each meeting".
   */
  leadWorkingDays?: number;
  timeZone?: string;
}

/**
 * How far back a date can be and still shift into a window: longer than any run of holidays,
 * weekends and a tenant's collective closing days.
 */
const SHIFT_LOOKBACK_DAYS = 31;
const FORBIDDEN_PARTS = ['byhour', 'byminute', 'bysecond', 'dtstart', 'tzid'] as const;

/**
 * rrule only produces the local *dates*, computed "floating" (UTC midnights standing for local
 * dates), and Intl turns date + local time into an instant. rrule's own tzid support converts
 * through the process's time zone, so its results depend on the machine; this does not.
 */
function parseRule(recurrence: Recurrence): RRule {
  const parsed: Partial<Options> = RRule.parseString(recurrence.rrule);
  if (parsed.freq === undefined || parsed.freq > RRule.DAILY)
    throw new RangeError(`a schedule recurs daily or less often: ${recurrence.rrule}`);
  for (const part of FORBIDDEN_PARTS) {
    if (parsed[part] !== undefined && parsed[part] !== null)
      throw new RangeError(`time and start come from localTime and startsOn, not the RRULE: ${part}`);
  }
  parseLocalTime(recurrence.localTime);
  const lead = recurrence.leadWorkingDays ?? 0;
  if (!Number.isInteger(lead) || lead < 0 || lead > 10)
    throw new RangeError(`leadWorkingDays is a whole number from 0 to 10: ${lead}`);
  return new RRule({ ...parsed, dtstart: floating(recurrence.startsOn) });
}

/** Checks a recurrence; throws a RangeError saying what is wrong. */
export function validateRecurrence(recurrence: Recurrence): void {
  parseRule(recurrence);
}

/**
 * The occurrences with `after < instant <= until`, ascending. With `shiftToWorkingDay`, a date
 * that is not a working day moves to the next one; two dates shifted onto the same day occur once.
 */
export function occurrencesBetween(
  recurrence: Recurrence,
  after: Date,
  until: Date,
  calendar: RecurrenceCalendar,
): Date[] {
  if (until <= after) return [];
  const zone = recurrence.timeZone ?? MUNICIPAL_TIME_ZONE;
  const rule = parseRule(recurrence);
  const lead = recurrence.leadWorkingDays ?? 0;
  const lookback = recurrence.shiftToWorkingDay ? SHIFT_LOOKBACK_DAYS : 1;
  // A rule date this far after `until` can still lead to an occurrence before it.
  const lookahead = lead > 0 ? SHIFT_LOOKBACK_DAYS + lead * 7 : 1;
  const from = floating(addDays(dateInZone(after, zone), -lookback));
  const to = floating(addDays(dateInZone(until, zone), lookahead));
  const instants = new Map<number, Date>();
  for (const raw of rule.between(from, to, true)) {
    const date = raw.toISOString().slice(0, 10);
    const shifted = recurrence.shiftToWorkingDay ? calendar.nextWorkingDayOnOrAfter(date) : date;
    const day = lead > 0 ? calendar.addWorkingDays(shifted, -lead) : shifted;
    const instant = zonedWallTimeToUtc(day, recurrence.localTime, zone);
    if (instant > after && instant <= until) instants.set(instant.getTime(), instant);
  }
  return [...instants.values()].sort((a, b) => a.getTime() - b.getTime());
}

/** The first occurrence after `after`, looking at most `horizonDays` ahead; undefined if none. */
export function nextOccurrenceAfter(
  recurrence: Recurrence,
  after: Date,
  calendar: RecurrenceCalendar,
  horizonDays = 3 * 366,
): Date | undefined {
  const windowDays = 62;
  for (let start = 0; start < horizonDays; start += windowDays) {
    const from = new Date(after.getTime() + start * 86_400_000);
    const to = new Date(from.getTime() + windowDays * 86_400_000);
    const [first] = occurrencesBetween(recurrence, from, to, calendar);
    if (first) return first;
  }
  return undefined;
}

function floating(date: IsoDate): Date {
  const { year, month, day } = parseIsoDate(date);
  return new Date(Date.UTC(year, month - 1, day));
}
