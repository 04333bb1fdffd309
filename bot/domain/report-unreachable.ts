import type { OutboxEntry as AnyOutboxEntry } from '../outbox/outbox-entry';
import type { OutboxRepository } from '../outbox/outbox-repository';
import { newOutboxEntry } from './outbox-messages';
import type { RoleDirectory } from './roles/role-directory';

/**
 * A message could not arrive (the person removed the bot, or left): tells the coordinators,
 * except the unreachable person, so someone can reach them another way. A delivery problem
 * that itself cannot arrive is not reported again.
 */
export async function reportUnreachable(
  deps: { roles: RoleDirectory; outbox: OutboxRepository },
  entry: AnyOutboxEntry,
  now: Date,
): Promise<void> {
  if (entry.message.kind === 'delivery-problem') return;
  const coordinatorIds = await deps.roles.coordinatorIds(entry.tenantId);
  const notices = coordinatorIds
    .filter((id) => id !== entry.recipientAadObjectId)
    .map((coordinatorId) =>
      newOutboxEntry(
        entry.tenantId,
        `delivery-problem:${entry.id}:${coordinatorId}`,
        coordinatorId,
        {
          kind: 'delivery-problem',
          unreachableAadObjectId: entry.recipientAadObjectId,
          failedKind: entry.message.kind,
        },
        now,
      ),
    );
  await deps.outbox.enqueue(notices);
}
