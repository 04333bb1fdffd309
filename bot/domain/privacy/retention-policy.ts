import type { CategoryId } from '../signals/categories';
import { CLOSURE_REASONS, type ClosureReason, type Signal } from '../signals/signal';

/**
 * How long a closed signal keeps its personal data, per tenant: a term in months per closure
 * reason, optionally a longer term for a category, and how many weeks ahead coordinators are
 * warned. The reasoning behind the defaults is in docs/privacy.md.
 */
export interface RetentionPolicy {
  id: 'retention-policy';
  type: 'retention-policy';
  tenantId: string;
  monthsByReason: Record<ClosureReason, number>;
  /** A category whose protocol asks for longer; the longer of the two terms applies. */
  monthsByCategory: Partial<Record<CategoryId, number>>;
  warningWeeks: number;
  updatedAt?: string;
  updatedBy?: string;
}

/** Closed without follow-up or for lack of information: 6 months; handed on or merged: 2 years. */
export const DEFAULT_MONTHS_BY_REASON: Record<ClosureReason, number> = {
  'no-follow-up': 6,
  'insufficient-information': 6,
  'forwarded-done': 24,
  merged: 24,
};
export const DEFAULT_WARNING_WEEKS = 4;
export const MIN_TERM_MONTHS = 1;
export const MAX_TERM_MONTHS = 120;
export const MAX_WARNING_WEEKS = 26;

export function defaultRetentionPolicy(tenantId: string): RetentionPolicy {
  return {
    id: 'retention-policy',
    type: 'retention-policy',
    tenantId,
    monthsByReason: { ...DEFAULT_MONTHS_BY_REASON },
    monthsByCategory: {},
    warningWeeks: DEFAULT_WARNING_WEEKS,
  };
}

/**
 * The terms as one string, the same for the same terms whatever their order or who set them: a
 * review made under other terms is looked at again (RetentionReview). Readable on purpose, as it
 * stands on signals: `reason:merged=24,…;category:…;warning:4`.
 */
export function retentionTermsKey(
  policy: Pick<RetentionPolicy, 'monthsByReason' | 'monthsByCategory' | 'warningWeeks'>,
): string {
  // A policy stored by an older version may lack a part: the key must not throw for every tenant.
  const listed = (terms: Partial<Record<string, number>> | undefined) =>
    Object.entries(terms ?? {})
      .filter((entry): entry is [string, number] => entry[1] !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, months]) => `${key}=${months}`)
      .join(',');
  return `reason:${listed(policy.monthsByReason)};category:${listed(policy.monthsByCategory)};warning:${policy.warningWeeks}`;
}

/** When the signal was closed: the last `closed` entry of its history. */
export function closedAt(signal: Pick<Signal, 'status' | 'history'>): Date | undefined {
  if (signal.status !== 'closed') return undefined;
  const entry = signal.history.findLast((item) => item.action === 'closed');
  return entry ? new Date(entry.at) : undefined;
}

/** The term in months for a closed signal: by its reason, or its category's if that is longer. */
export function termMonths(policy: RetentionPolicy, signal: Pick<Signal, 'closure' | 'category'>): number {
  const reason = signal.closure?.reason;
  const byReason = reason ? policy.monthsByReason[reason] : Math.max(...Object.values(policy.monthsByReason));
  return Math.max(byReason, policy.monthsByCategory[signal.category] ?? 0);
}

/** The day the term ends: the closure instant plus the term, in calendar months (UTC). */
export function retentionEndsAt(policy: RetentionPolicy, signal: Signal): Date | undefined {
  const closed = closedAt(signal);
  return closed ? addMonths(closed, termMonths(policy, signal)) : undefined;
}

export function addMonths(instant: Date, months: number): Date {
  const result = new Date(instant);
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

export const isClosureReason = (value: string): value is ClosureReason =>
  (CLOSURE_REASONS as readonly string[]).includes(value);
