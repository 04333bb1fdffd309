import type { GoalStatus } from '../herijking/round';
import type { CategoryId } from '../signals/categories';
import type { Partner, SignalStatus } from '../signals/signal';

/**
 * What the figures need to know about one signal: no text, no people, no reference. Storage
 * projects signals onto this shape, so personal data never reaches the figures at all.
 */
export interface SignalFacts {
  createdAt: string;
  category: CategoryId;
  status: SignalStatus;
  partner?: Partner;
  /** When the reporter first heard from us (pick-up, question, forward, case or closure). */
  firstFeedbackAt?: string;
  closedAt?: string;
}

/** An agreed action without its text: owner, dates and status. */
export interface ActionFacts {
  id: string;
  title: string;
  ownerAadObjectId: string;
  dueOn: string;
  originalDueOn?: string;
  rescheduled?: number;
  status: 'open' | 'done';
  createdAt: string;
  doneAt?: string;
}

/** One herijking round and its answers, reduced to what the goal figures show. */
export interface RoundFacts {
  quarter: string;
  invited: number;
  goals: { id: string; number: number; title: string }[];
  answers: { goalId: string; status: GoalStatus; explanation: string }[][];
}

/** Storage the figures read; every query is scoped to one tenant and bounded by status or period. */
export interface FigureQueries {
  /** COUNT of the tenant's signals, optionally of one status or category: answered from the index. */
  countSignals(tenantId: string, filter: { status?: SignalStatus; category?: CategoryId }): Promise<number>;
  /** Signals reported in [fromIso, toIso): bounded by the period, not by all history. */
  signalsCreatedBetween(tenantId: string, fromIso: string, toIso: string): Promise<SignalFacts[]>;
  /** Signals not closed: the working set that `open` already reads. */
  openSignals(tenantId: string): Promise<SignalFacts[]>;
  /** Open actions plus actions due or done in [fromDate, toDate). */
  actions(tenantId: string, fromDate: string, toDate: string): Promise<ActionFacts[]>;
  /** The rounds of these quarters with their answers. */
  rounds(tenantId: string, quarters: string[]): Promise<RoundFacts[]>;
}
