import { CASE_OUTCOMES, type CaseOutcome } from '../cases/case';
import type { CaseFacts } from '../cases/case-repository';
import type { Period } from './periods';

const within = (iso: string | undefined, period: Period) =>
  iso !== undefined && iso >= period.fromIso && iso < period.toIso;

/** Cases opened and closed in a period, and the outcomes of those closed, in CASE_OUTCOMES order. */
export function caseCounts(
  facts: CaseFacts[],
  period: Period,
): { opened: number; closed: number; outcomes: { outcome: CaseOutcome; count: number }[] } {
  const closed = facts.filter((found) => found.status === 'closed' && within(found.closedAt, period));
  return {
    opened: facts.filter((found) => within(found.createdAt, period)).length,
    closed: closed.length,
    outcomes: CASE_OUTCOMES.map((outcome) => ({
      outcome,
      count: closed.filter((found) => found.outcome === outcome).length,
    })),
  };
}

/** Cases open at the end of the facts' window: what `casussen` shows today. */
export function openCases(facts: CaseFacts[]): number {
  return facts.filter((found) => found.status === 'open').length;
}
