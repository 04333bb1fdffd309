import type { Container } from '@azure/cosmos';
import type { OutboxEntry } from '../outbox/outbox-entry';
import type { OutboxRepository, VersionedOutboxEntry } from '../outbox/outbox-repository';
import { isConflict, isPreconditionFailed } from './cosmos-errors';

export class CosmosOutboxRepository implements OutboxRepository {
  constructor(private readonly container: Container) {}

  async findDue(now: Date, limit: number): Promise<VersionedOutboxEntry[]> {
    const { resources } = await this.container.items
      .query<VersionedOutboxEntry>({
        query:
          'SELECT TOP @limit * FROM c WHERE c.type = "outbox" AND c.status = "pending" ' +
          'AND c.nextAttemptAt <= @now ORDER BY c.nextAttemptAt',
        parameters: [
          { name: '@limit', value: limit },
          { name: '@now', value: now.toISOString() },
        ],
      })
      .fetchAll();
    return resources;
  }

  async nextDueAt(): Promise<Date | undefined> {
    const { resources } = await this.container.items
      .query<string>(
        'SELECT TOP 1 VALUE c.nextAttemptAt FROM c WHERE c.type = "outbox" AND c.status = "pending" ' +
          'ORDER BY c.nextAttemptAt',
      )
      .fetchAll();
    const [first] = resources;
    return first ? new Date(first) : undefined;
  }

  async enqueue(entries: OutboxEntry[]): Promise<void> {
    for (const entry of entries) {
      try {
        await this.container.items.create(entry);
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    }
  }

  async replaceIfUnchanged(
    entry: VersionedOutboxEntry,
    next: OutboxEntry,
  ): Promise<VersionedOutboxEntry | undefined> {
    try {
      const { resource } = await this.container
        .item(entry.id, entry.tenantId)
        .replace<OutboxEntry>(next, { accessCondition: { type: 'IfMatch', condition: entry._etag } });
      return resource as VersionedOutboxEntry;
    } catch (error) {
      if (isPreconditionFailed(error)) return undefined;
      throw error;
    }
  }

  async wakeRecipient(tenantId: string, recipientAadObjectId: string, now: Date): Promise<void> {
    const { resources } = await this.container.items
      .query<VersionedOutboxEntry>(
        {
          query:
            'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "outbox" AND c.status = "pending" ' +
            'AND c.recipientAadObjectId = @recipient AND c.nextAttemptAt > @now ' +
            'AND c.lastError = "no-conversation" AND NOT IS_DEFINED(c.leaseUntil)',
          parameters: [
            { name: '@tenantId', value: tenantId },
            { name: '@recipient', value: recipientAadObjectId },
            { name: '@now', value: now.toISOString() },
          ],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    for (const entry of resources) {
      const { _etag, ...body } = entry;
      // A lost race means the dispatcher touched it already; that is fine either way.
      await this.replaceIfUnchanged(entry, { ...body, nextAttemptAt: now.toISOString() });
    }
  }
}
