import type { Container } from '@azure/cosmos';
import type { OutboxEntry } from '../outbox/outbox-entry';
import type { OutboxRepository, VersionedOutboxEntry } from '../outbox/outbox-repository';
import { isConflict, isNotFound, isPreconditionFailed, withoutSystemProperties } from './cosmos-errors';

/** Ids per history lookup: a query's parameters stay small. */
const HISTORY_LOOKUP_CHUNK = 100;

/**
 * Entries waiting to be sent live in `tenantData`, next to the changes that cause them (one batch);
 * an entry that reached its end (sent, unreachable) moves to `outboxHistory`, so the dispatcher's
 * queries and every turn's queries scan only what is still to do, however long the history.
 */
export class CosmosOutboxRepository implements OutboxRepository {
  constructor(
    private readonly container: Container,
    private readonly history: Container,
  ) {}

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
    // The id is the dedupe key; one that was sent already lives in the history, not here.
    const done = await this.idsInHistory(entries);
    for (const entry of entries) {
      if (done.has(`${entry.tenantId}\u0000${entry.id}`)) continue;
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
    if (next.status !== 'pending') return this.moveToHistory(entry, next);
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

  /**
   * Records the end of an entry by moving it: the history copy first (an upsert, so a retry
   * repeats it harmlessly), then the delete of the pending entry on its ETag. That delete is the
   * one step that decides, as the replace did before: a lost race (another instance took the entry
   * over after its lease) leaves it pending there, and a crash between the two steps leaves it
   * pending too, as a crash between the send and the replace always did. The copy stays either
   * way: this instance did send it, and the next end of the entry overwrites the copy.
   */
  private async moveToHistory(
    entry: VersionedOutboxEntry,
    next: OutboxEntry,
  ): Promise<VersionedOutboxEntry | undefined> {
    const { resource } = await this.history.items.upsert<OutboxEntry>(
      withoutSystemProperties<OutboxEntry>(next as never),
    );
    try {
      await this.container
        .item(entry.id, entry.tenantId)
        .delete({ accessCondition: { type: 'IfMatch', condition: entry._etag } });
    } catch (error) {
      // Gone already: the retry of our own delete whose answer was lost.
      if (isNotFound(error)) return resource as VersionedOutboxEntry;
      if (isPreconditionFailed(error)) return undefined;
      throw error;
    }
    return resource as VersionedOutboxEntry;
  }

  /**
   * Which of these entries the history holds: one query per tenant and hundred ids, not a read per
   * entry (a herijking round enqueues a message for every member at once).
   */
  private async idsInHistory(entries: OutboxEntry[]): Promise<Set<string>> {
    const found = new Set<string>();
    const byTenant = new Map<string, string[]>();
    for (const { tenantId, id } of entries) {
      const ids = byTenant.get(tenantId) ?? [];
      ids.push(id);
      byTenant.set(tenantId, ids);
    }
    for (const [tenantId, ids] of byTenant) {
      for (let start = 0; start < ids.length; start += HISTORY_LOOKUP_CHUNK) {
        const { resources } = await this.history.items
          .query<string>(
            {
              query: 'SELECT VALUE c.id FROM c WHERE c.tenantId = @tenantId AND ARRAY_CONTAINS(@ids, c.id)',
              parameters: [
                { name: '@tenantId', value: tenantId },
                { name: '@ids', value: ids.slice(start, start + HISTORY_LOOKUP_CHUNK) },
              ],
            },
            { partitionKey: tenantId },
          )
          .fetchAll();
        for (const id of resources) found.add(`${tenantId}\u0000${id}`);
      }
    }
    return found;
  }
}
