import { newOutboxEntry, type OutboxEntry } from '../../bot/outbox/outbox-entry';

/** The coordinator's notice of signal number `sequence`, as the meldpunt enqueues it. */
export function signalNoticeEntry(
  tenantId: string,
  sequence: number,
  recipientAadObjectId: string,
  now: Date,
): OutboxEntry {
  const reference = `OND-2026-${String(sequence).padStart(4, '0')}`;
  return newOutboxEntry(
    tenantId,
    `signal-notice:${reference}:${recipientAadObjectId}`,
    recipientAadObjectId,
    {
      kind: 'signal-notice',
      signalId: `signal:${reference}`,
      reference,
      category: 'other',
      urgency: 'normal',
    },
    now,
  );
}
