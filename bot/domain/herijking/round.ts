export const GOAL_STATUSES = ['on-track', 'behind', 'achieved', 'needs-adjusting'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

/** One quarterly review round (herijking) of a tenant; the id is the quarter, so it opens once. */
export interface HerijkingRound {
  id: string;
  type: 'herijking-round';
  tenantId: string;
  quarter: string;
  status: 'open' | 'closed';
  openedAt: string;
  /** Non-responders are reminded from this date (yyyy-mm-dd, Amsterdam). */
  remindOn: string;
  /** The round closes at 09:00 Amsterdam on this date. */
  closesOn: string;
  goals: { id: string; number: number; title: string }[];
  invited: string[];
  reminded: boolean;
  closedAt?: string;
}

/** A member's answer; every status needs an explanation, because "green" without one says nothing. */
export interface HerijkingAnswer {
  id: string;
  type: 'herijking-answer';
  tenantId: string;
  roundId: string;
  memberAadObjectId: string;
  goals: { goalId: string; status: GoalStatus; explanation: string; proposal?: string }[];
  processChange?: string;
  submittedAt: string;
}

/** `2027-Q1` for an Amsterdam calendar date. */
export function quarterOf(date: string): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

export const roundId = (quarter: string) => `herijking:${quarter}`;
export const answerId = (quarter: string, member: string) => `herijking-answer:${quarter}:${member}`;
