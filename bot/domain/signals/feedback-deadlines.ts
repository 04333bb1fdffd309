/** Counts working days (weekends and public holidays excluded); implemented in bot/scheduling. */
export interface WorkingDays {
  isWorkingDay(date: string): boolean;
  /** The date `days` working days after `date` (yyyy-mm-dd, Amsterdam). */
  addWorkingDays(date: string, days: number): string;
  /** `date` itself when it is a working day, else the next one. */
  nextWorkingDayOnOrAfter(date: string): string;
}

/**
 * A tenant's working days: public holidays plus the tenant's own non-working days. Pass the
 * tenant's settings when the caller has just read them, to save reading them again.
 */
export type WorkingDaysOf = (
  tenantId: string,
  settings?: { extraNonWorkingDays: string[] },
) => Promise<WorkingDays>;

/** Per-tenant service levels for feedback to reporters (EU whistleblower directive as benchmark). */
export interface FeedbackServiceLevels {
  firstFeedbackWorkingDays: number;
  periodicFeedbackMonths: number;
}

export const DEFAULT_FEEDBACK_LEVELS: FeedbackServiceLevels = {
  firstFeedbackWorkingDays: 5,
  periodicFeedbackMonths: 3,
};

/** The date by which a new report must get its first feedback. */
export function firstFeedbackDue(
  reportedOn: string,
  levels: FeedbackServiceLevels,
  workingDays: WorkingDays,
): string {
  return workingDays.addWorkingDays(reportedOn, levels.firstFeedbackWorkingDays);
}

/** The date by which the reporter must hear again after feedback on `fedBackOn`. */
export function nextFeedbackDue(fedBackOn: string, levels: FeedbackServiceLevels): string {
  const [year, month, day] = fedBackOn.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + levels.periodicFeedbackMonths, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}
