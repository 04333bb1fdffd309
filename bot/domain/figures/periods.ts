import { dateInZone, MUNICIPAL_TIME_ZONE } from '../../clock';
import { zonedWallTimeToUtc } from '../../scheduling/zoned-time';

/** A calendar period in the municipality's time zone: [from, to) as dates and as instants. */
export interface Period {
  from: string;
  to: string;
  fromIso: string;
  toIso: string;
}

export function periodOf(from: string, to: string): Period {
  return {
    from,
    to,
    fromIso: zonedWallTimeToUtc(from, '00:00', MUNICIPAL_TIME_ZONE).toISOString(),
    toIso: zonedWallTimeToUtc(to, '00:00', MUNICIPAL_TIME_ZONE).toISOString(),
  };
}

const QUARTER = /^(\d{4})-Q([1-4])$/;

export function isQuarter(value: string): boolean {
  return QUARTER.test(value);
}

/** `2026-Q3` -> 1 July 2026 up to 1 October 2026, Amsterdam time. */
export function quarterPeriod(quarter: string): Period {
  const match = QUARTER.exec(quarter);
  if (!match) throw new Error(`not a quarter: ${quarter}`);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return periodOf(monthStart(year, index * 3), monthStart(year, index * 3 + 3));
}

export function previousQuarter(quarter: string): string {
  const match = QUARTER.exec(quarter);
  if (!match) throw new Error(`not a quarter: ${quarter}`);
  const year = Number(match[1]);
  const number = Number(match[2]);
  return number === 1 ? `${year - 1}-Q4` : `${year}-Q${number - 1}`;
}

/** The last `count` quarters up to and including `quarter`, oldest first. */
export function quartersUpTo(quarter: string, count: number): string[] {
  const quarters = [quarter];
  while (quarters.length < count) quarters.unshift(previousQuarter(quarters[0] as string));
  return quarters;
}

/** `2026-11` for the first day of a month counted from January of `year` (may overflow years). */
function monthStart(year: number, monthIndex: number): string {
  const y = year + Math.floor(monthIndex / 12);
  const m = ((monthIndex % 12) + 12) % 12;
  return `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** The twelve months ending with the month of `today`, oldest first, as `yyyy-mm`. */
export function lastTwelveMonths(today: string): string[] {
  const [year, month] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: 12 }, (_, i) => monthStart(year, month - 12 + i).slice(0, 7));
}

export function monthPeriod(firstMonth: string, lastMonth: string): Period {
  const [year, month] = lastMonth.split('-').map(Number) as [number, number];
  return periodOf(`${firstMonth}-01`, monthStart(year, month));
}

/** The Amsterdam calendar date of a stored instant. */
export function localDate(iso: string): string {
  return dateInZone(new Date(iso), MUNICIPAL_TIME_ZONE);
}

export function daysBetween(fromDate: string, toDate: string): number {
  return Math.round((Date.parse(`${toDate}T00:00:00Z`) - Date.parse(`${fromDate}T00:00:00Z`)) / 86_400_000);
}
