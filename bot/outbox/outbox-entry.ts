/**
 * What the outbox needs to know of a message: its kind (for logs). What it says is the sender's
 * business: the domain defines its messages (bot/domain/outbox-messages.ts) and the edge renders
 * them; the outbox only stores, paces and delivers them, and imports nothing from the domain.
 */
export interface OutboxPayload {
  kind: string;
}

export type OutboxStatus = 'pending' | 'sent' | 'unreachable';

/**
 * A message that must arrive, written in the same transaction as the change that causes it and
 * delivered later by the dispatcher. The id is the dedupe key: writing the same message twice
 * is a 409, not a second message.
 */
export interface OutboxEntry<M extends OutboxPayload = OutboxPayload> {
  id: string;
  type: 'outbox';
  tenantId: string;
  recipientAadObjectId: string;
  message: M;
  status: OutboxStatus;
  attempts: number;
  /** When the dispatcher may next try; also serves as the claim lease while a send is under way. */
  nextAttemptAt: string;
  /** Set while an instance is sending it: nothing else may move it (see wakeRecipient). */
  leaseUntil?: string;
  createdAt: string;
  sentAt?: string;
  /** A short machine-readable reason (status code, "no-conversation"); never message content. */
  lastError?: string;
}

export function newOutboxEntry<M extends OutboxPayload>(
  tenantId: string,
  dedupeKey: string,
  recipientAadObjectId: string,
  message: M,
  now: Date,
): OutboxEntry<M> {
  return {
    id: `outbox:${dedupeKey}`,
    type: 'outbox',
    tenantId,
    recipientAadObjectId,
    message,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now.toISOString(),
    createdAt: now.toISOString(),
  };
}
