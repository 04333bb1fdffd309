import { newOutboxEntry, type OutboxEntry } from '../outbox-messages';
import type { RoleDirectory } from '../roles/role-directory';
import { linkRecipient } from './reporter-link';
import type { Signal } from './signal';
import type { ReporterNews } from './signal-lifecycle';

/** The outbox entry that tells a reporter what happened, by identity or through the sealed link. */
export function reporterFeedback(
  signal: Signal,
  news: ReporterNews,
  now: Date,
  extra: { personalLine?: string; question?: { questionId: string; text: string; answerToken: string } } = {},
): OutboxEntry | undefined {
  const recipient =
    signal.reporterAadObjectId ?? (signal.reporterLinkId ? linkRecipient(signal.reporterLinkId) : undefined);
  if (!recipient) return undefined;
  return newOutboxEntry(
    signal.tenantId,
    `reporter-feedback:${signal.id}:${signal.revision}`,
    recipient,
    {
      kind: 'reporter-feedback',
      signalId: signal.id,
      reference: signal.reference,
      news,
      ...(extra.personalLine ? { personalLine: extra.personalLine } : {}),
      ...(extra.question ? { question: extra.question } : {}),
    },
    now,
  );
}

/** Who follows a signal up: its assignee, or every coordinator while nobody is assigned. */
export async function followersOf(
  signal: Pick<Signal, 'tenantId' | 'assigneeAadObjectId'>,
  roles: Pick<RoleDirectory, 'coordinatorIds'>,
): Promise<string[]> {
  return signal.assigneeAadObjectId ? [signal.assigneeAadObjectId] : roles.coordinatorIds(signal.tenantId);
}

/** A notice about a signal to colleagues: never the reporter's identity or the signal's text. */
export function colleagueNotice(
  signal: Signal,
  kind: 'assigned' | 'closure-approval' | 'reporter-answered' | 'feedback-overdue',
  recipients: string[],
  now: Date,
  dedupeSuffix: string = String(signal.revision),
): OutboxEntry[] {
  return recipients.map((recipient) =>
    newOutboxEntry(
      signal.tenantId,
      `${kind}:${signal.id}:${dedupeSuffix}:${recipient}`,
      recipient,
      {
        kind: 'signal-update',
        update: kind,
        signalId: signal.id,
        reference: signal.reference,
        category: signal.category,
        urgency: signal.urgency,
      },
      now,
    ),
  );
}
