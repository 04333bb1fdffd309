import { type OutboxEntry as EntryOf, newOutboxEntry as entryOf } from '../outbox/outbox-entry';
import type { HerijkingSummary } from './herijking/herijking-rounds';
import type { AgendaDigest } from './werkgroep/agenda-digest';

/** Every message the bot sends through the outbox, by kind: what the edge renders. */
export type OutboxMessage =
  | { kind: 'signal-notice'; signalId: string; reference: string; category: string; urgency: string }
  /**
   * The receipt of a report made in the message action's dialog, sent to the reporter's 1:1 chat.
   * It carries the form token, not the code: the code is derived when it is sent (receipt-codes.ts).
   */
  | {
      kind: 'signal-receipt';
      signalId: string;
      reference: string;
      category: string;
      urgency: string;
      observedOn: string;
      anonymous: boolean;
      formToken: string;
    }
  | {
      kind: 'signal-update';
      update: 'assigned' | 'closure-approval' | 'reporter-answered' | 'feedback-overdue';
      signalId: string;
      reference: string;
      category: string;
      urgency: string;
    }
  | {
      kind: 'reporter-feedback';
      signalId: string;
      reference: string;
      news: 'picked-up' | 'question' | 'forwarded' | 'case' | 'closed';
      personalLine?: string;
      question?: { questionId: string; text: string; answerToken: string };
    }
  | {
      kind: 'handover';
      fromAadObjectId: string;
      items: { reference: string; status: string; lastNote?: string }[];
    }
  | {
      kind: 'action-reminder';
      reminder: 'assigned' | 'before' | 'due' | 'overdue';
      actionId: string;
      title: string;
      dueOn: string;
      revision: number;
    }
  | {
      kind: 'herijking';
      event: 'opened' | 'prompt' | 'reminder';
      quarter: string;
      closesOn: string;
      goals: { number: number; title: string }[];
    }
  | ({ kind: 'herijking-summary'; forCoordinator: boolean } & HerijkingSummary)
  | ({
      kind: 'agenda-digest';
      meetingAt: string;
      /** The previous meeting (or when the series was planned): "new since" counts from here. */
      sinceAt: string;
      location?: string;
      calendarToken: string;
    } & AgendaDigest)
  | { kind: 'delivery-problem'; unreachableAadObjectId: string; failedKind: string }
  /** The case of the month: one example, what to look for in the recipient's own line of work. */
  | {
      kind: 'monthly-case';
      month: string;
      caseText: string;
      caseLine?: string;
      lookForLine?: string;
      lookFor?: string;
    }
  /** Signals whose personal data will be removed, and when: references and dates only. */
  | { kind: 'retention-warning'; items: { reference: string; anonymiseOn: string }[] };

/** An outbox entry carrying one of the domain's messages. */
export type OutboxEntry = EntryOf<OutboxMessage>;

/** A new entry for one of the domain's messages (typed, so only known messages are written). */
export function newOutboxEntry(
  tenantId: string,
  dedupeKey: string,
  recipientAadObjectId: string,
  message: OutboxMessage,
  now: Date,
): OutboxEntry {
  return entryOf(tenantId, dedupeKey, recipientAadObjectId, message, now);
}
