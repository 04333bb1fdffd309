import type { LineOfWork } from '../playbook/lines-of-work';

/** A case a coordinator wrote in advance for a coming month. */
export interface QueuedCase {
  id: string;
  text: string;
  addedBy: string;
  addedAt: string;
}

/** The case chosen for a month: a coordinator's, or an example from the playbook (by position). */
export type ChosenCase = (
  | { source: 'queue'; text: string; caseId: string }
  | { source: 'playbook'; line: LineOfWork; index: number }
) & {
  /**
   * When the month's messages were written to the outbox. Sent outbox entries expire after 30
   * days, so this, not the outbox ids alone, keeps a late re-run from sending the month again.
   */
  enqueuedAt?: string;
};

/**
 * One per tenant: the coordinators' queue, where the playbook's examples have got to, and the
 * case each month got. Choosing is recorded before anything is sent, so a retried occurrence
 * sends the same case and the queue gives each case once.
 */
export interface MonthlyCaseQueue {
  id: 'monthly-case-queue';
  type: 'monthly-case-queue';
  tenantId: string;
  queue: QueuedCase[];
  /** How many playbook examples have been used; the next is this one (round the list). */
  nextExample: number;
  chosen: Record<string, ChosenCase>;
}

export const QUEUE_ID = 'monthly-case-queue';

export function emptyQueue(tenantId: string): MonthlyCaseQueue {
  return { id: QUEUE_ID, type: 'monthly-case-queue', tenantId, queue: [], nextExample: 0, chosen: {} };
}

/** A playbook example: one bullet of a line of work's text. */
export interface PlaybookExample {
  line: LineOfWork;
  index: number;
  text: string;
}

/**
 * The month's case: already chosen (a retry), else the first queued one, else the next playbook
 * example. Returns the queue as it must be stored, or undefined when there is nothing to send.
 */
export function chooseCase(
  queue: MonthlyCaseQueue,
  month: string,
  examples: PlaybookExample[],
): { chosen: ChosenCase; next: MonthlyCaseQueue } | undefined {
  const already = queue.chosen[month];
  if (already) return { chosen: already, next: queue };
  const [first, ...rest] = queue.queue;
  if (first) {
    const chosen: ChosenCase = { source: 'queue', text: first.text, caseId: first.id };
    return { chosen, next: { ...queue, queue: rest, chosen: { ...queue.chosen, [month]: chosen } } };
  }
  if (examples.length === 0) return undefined;
  const example = examples[queue.nextExample % examples.length] as PlaybookExample;
  const chosen: ChosenCase = { source: 'playbook', line: example.line, index: example.index };
  return {
    chosen,
    next: { ...queue, nextExample: queue.nextExample + 1, chosen: { ...queue.chosen, [month]: chosen } },
  };
}
