import { addDays, dayOfWeek, type IsoDate, isoDate } from './calendar-dates';

/** Choices that differ between municipalities (their CAO / local arrangements). */
export interface DutchHolidayOptions {
  /**
   * Bevrijdingsdag (5 May) is a national day off only every fifth year ('lustrum', 2025, 2030…)
   * under most CAOs, but many municipalities give it every year. Default: 'every-year'.
   */
  liberationDay: 'every-year' | 'lustrum-only';
  /** Goede Vrijdag is not a general day off in Dutch government CAOs. Default: false. */
  goodFriday: boolean;
}

export const DEFAULT_HOLIDAY_OPTIONS: DutchHolidayOptions = {
  liberationDay: 'every-year',
  goodFriday: false,
};

export interface PublicHoliday {
  date: IsoDate;
  name: string;
}

/** Easter Sunday in the Gregorian calendar (anonymous Gregorian computus, Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

/**
 * The Dutch public holidays of a year, computed (never a per-year list), sorted by date.
 * Koningsdag follows the rule in force since 2014 (27 April, or 26 April when that is a Sunday).
 */
export function dutchPublicHolidays(
  year: number,
  options: Partial<DutchHolidayOptions> = {},
): PublicHoliday[] {
  const { liberationDay, goodFriday } = { ...DEFAULT_HOLIDAY_OPTIONS, ...options };
  const easter = easterSunday(year);
  const kingsDay = isoDate(year, 4, 27);
  const holidays: PublicHoliday[] = [
    { date: isoDate(year, 1, 1), name: 'Nieuwjaarsdag' },
    { date: easter, name: 'Eerste Paasdag' },
    { date: addDays(easter, 1), name: 'Tweede Paasdag' },
    {
      date: dayOfWeek(kingsDay) === 0 ? isoDate(year, 4, 26) : kingsDay,
      name: 'Koningsdag',
    },
    { date: addDays(easter, 39), name: 'Hemelvaartsdag' },
    { date: addDays(easter, 49), name: 'Eerste Pinksterdag' },
    { date: addDays(easter, 50), name: 'Tweede Pinksterdag' },
    { date: isoDate(year, 12, 25), name: 'Eerste Kerstdag' },
    { date: isoDate(year, 12, 26), name: 'Tweede Kerstdag' },
  ];
  if (goodFriday) holidays.push({ date: addDays(easter, -2), name: 'Goede Vrijdag' });
  if (liberationDay === 'every-year' || year % 5 === 0) {
    holidays.push({ date: isoDate(year, 5, 5), name: 'Bevrijdingsdag' });
  }
  return holidays.sort((x, y) => x.date.localeCompare(y.date));
}
