import type { FeedbackServiceLevels, WorkingDays } from '../signals/feedback-deadlines';
import { firstFeedbackDue } from '../signals/feedback-deadlines';
import { PARTNERS, type Partner } from '../signals/signal';
import type { SignalFacts } from './figure-queries';
import { daysBetween, localDate } from './periods';

/** New signals per month (`yyyy-mm`, Amsterdam), every month present, also the empty ones. */
export function signalsPerMonth(
  signals: SignalFacts[],
  months: string[],
): { month: string; count: number }[] {
  const counts = new Map(months.map((month) => [month, 0]));
  for (const signal of signals) {
    const month = localDate(signal.createdAt).slice(0, 7);
    if (counts.has(month)) counts.set(month, (counts.get(month) ?? 0) + 1);
  }
  return months.map((month) => ({ month, count: counts.get(month) ?? 0 }));
}

export const AGE_BUCKETS = ['week', 'month', 'quarter', 'older'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

/** How long open signals have been waiting: up to a week, a month, three months, longer. */
export function ageOfOpenSignals(open: SignalFacts[], today: string): { bucket: AgeBucket; count: number }[] {
  const counts: Record<AgeBucket, number> = { week: 0, month: 0, quarter: 0, older: 0 };
  for (const signal of open) {
    const days = daysBetween(localDate(signal.createdAt), today);
    const bucket: AgeBucket = days <= 7 ? 'week' : days <= 31 ? 'month' : days <= 92 ? 'quarter' : 'older';
    counts[bucket] += 1;
  }
  return AGE_BUCKETS.map((bucket) => ({ bucket, count: counts[bucket] }));
}

export interface FeedbackOutcome {
  met: number;
  missed: number;
  /** Not yet fed back, and the deadline has not passed. */
  pending: number;
}

/**
 * Whether each reporter heard from us by the first-feedback deadline (working days from the day
 * of reporting). Late feedback and no feedback after the deadline both count as missed.
 */
export function firstFeedbackOutcome(
  signals: SignalFacts[],
  today: string,
  levels: FeedbackServiceLevels,
  workingDays: WorkingDays,
): FeedbackOutcome {
  const outcome: FeedbackOutcome = { met: 0, missed: 0, pending: 0 };
  for (const signal of signals) {
    const due = firstFeedbackDue(localDate(signal.createdAt), levels, workingDays);
    if (signal.firstFeedbackAt) {
      if (localDate(signal.firstFeedbackAt) <= due) outcome.met += 1;
      else outcome.missed += 1;
    } else if (today > due) outcome.missed += 1;
    else outcome.pending += 1;
  }
  return outcome;
}

/** How many signals went to each partner. */
export function forwardedToPartners(signals: SignalFacts[]): { partner: Partner; count: number }[] {
  return PARTNERS.map((partner) => ({
    partner,
    count: signals.filter((signal) => signal.partner === partner).length,
  }));
}

/** Days from report to closure for the signals closed in the set: the median and the longest. */
export function leadTimes(signals: SignalFacts[]): { closed: number; medianDays?: number; maxDays?: number } {
  const days = signals
    .filter((signal) => signal.closedAt)
    .map((signal) => daysBetween(localDate(signal.createdAt), localDate(signal.closedAt as string)))
    .sort((a, b) => a - b);
  if (days.length === 0) return { closed: 0 };
  const middle = Math.floor(days.length / 2);
  const median = days.length % 2 === 1 ? days[middle] : ((days[middle - 1] ?? 0) + (days[middle] ?? 0)) / 2;
  return { closed: days.length, medianDays: median, maxDays: days[days.length - 1] };
}
