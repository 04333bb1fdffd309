import type { Case } from '../cases/case';
import { REMOVED } from './anonymise-signal';

/**
 * The case without its free text: the title and each decision's text may name the people the case
 * is about, and who wrote a decision down is a colleague's id. What the figures need stays: the
 * reference, dates, status, partners and the outcome. Pure, so it is tested on its own.
 */
export function anonymiseCase(found: Case, now: Date): Case {
  return {
    ...found,
    title: REMOVED,
    decisions: found.decisions.map((decision) => ({
      on: decision.on,
      at: decision.at,
      text: REMOVED,
      by: REMOVED,
    })),
    createdBy: REMOVED,
    revision: found.revision + 1,
    anonymisedAt: now.toISOString(),
  };
}
