import { addDays, parseIsoDate } from '../../scheduling/calendar-dates';
import type { WorkingDays } from '../signals/feedback-deadlines';

/**
 * True when `date` is a working day and no earlier date of its month on the same weekday was
 * one: the month's first working Tuesday (for a Tuesday). A holiday or closing day on the first
 * Tuesday moves the case to the second Tuesday, never to the holiday.
 */
export function isFirstWorkingWeekdayOfMonth(
  date: string,
  workingDays: Pick<WorkingDays, 'isWorkingDay'>,
): boolean {
  if (!workingDays.isWorkingDay(date)) return false;
  const { month } = parseIsoDate(date);
  for (
    let earlier = addDays(date, -7);
    parseIsoDate(earlier).month === month;
    earlier = addDays(earlier, -7)
  ) {
    if (workingDays.isWorkingDay(earlier)) return false;
  }
  return true;
}
