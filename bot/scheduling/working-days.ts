import { addDays, dayOfWeek, type IsoDate, parseIsoDate } from './calendar-dates';
import { type DutchHolidayOptions, dutchPublicHolidays } from './dutch-holidays';

export interface WorkingDayCalendarOptions {
  holidays?: Partial<DutchHolidayOptions>;
  /** A tenant's own non-working days (yyyy-mm-dd), e.g. a collective closing between the holidays. */
  extraNonWorkingDays?: Iterable<IsoDate>;
}

/** A long run of non-working days means a misconfigured calendar, not a holiday; stop there. */
const MAX_SEARCH_DAYS = 366;

/**
 * Working days in Europe/Amsterdam: not a weekend, not a Dutch public holiday, not one of the
 * tenant's extra days. Dates are calendar dates (yyyy-mm-dd) as a municipal employee reads them;
 * callers turn an instant into one with `dateInZone(now, MUNICIPAL_TIME_ZONE)`.
 * Structurally it is the domain's `WorkingDays` port.
 */
export class WorkingDayCalendar {
  private readonly holidaysByYear = new Map<number, Set<IsoDate>>();
  private readonly extraDays: Set<IsoDate>;

  constructor(private readonly options: WorkingDayCalendarOptions = {}) {
    this.extraDays = new Set(options.extraNonWorkingDays ?? []);
    for (const day of this.extraDays) parseIsoDate(day);
  }

  isWorkingDay(date: IsoDate): boolean {
    const weekday = dayOfWeek(date);
    if (weekday === 0 || weekday === 6) return false;
    if (this.extraDays.has(date)) return false;
    return !this.holidaysOf(parseIsoDate(date).year).has(date);
  }

  nextWorkingDayOnOrAfter(date: IsoDate): IsoDate {
    let day = date;
    for (let step = 0; step < MAX_SEARCH_DAYS; step += 1) {
      if (this.isWorkingDay(day)) return day;
      day = addDays(day, 1);
    }
    throw new RangeError(`no working day within ${MAX_SEARCH_DAYS} days of ${date}`);
  }

  /**
   * The date `days` working days after `date` (before it when negative). `date` itself need not
   * be a working day and is not counted: adding 1 to a Friday gives the next Monday.
   */
  addWorkingDays(date: IsoDate, days: number): IsoDate {
    if (!Number.isInteger(days)) throw new RangeError(`working days must be a whole number: ${days}`);
    const step = days < 0 ? -1 : 1;
    let left = Math.abs(days);
    let day = date;
    let gap = 0;
    while (left > 0) {
      day = addDays(day, step);
      if (this.isWorkingDay(day)) {
        left -= 1;
        gap = 0;
      } else if (++gap > MAX_SEARCH_DAYS) {
        throw new RangeError(`no working day within ${MAX_SEARCH_DAYS} days of ${day}`);
      }
    }
    return day;
  }

  private holidaysOf(year: number): Set<IsoDate> {
    let holidays = this.holidaysByYear.get(year);
    if (!holidays) {
      holidays = new Set(dutchPublicHolidays(year, this.options.holidays).map((holiday) => holiday.date));
      this.holidaysByYear.set(year, holidays);
    }
    return holidays;
  }
}
