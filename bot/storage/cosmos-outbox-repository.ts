import type { Container, JSONObject, OperationInput } from '@azure/cosmos';
import type { OutboxEntry } from '../outbox/outbox-entry';
import type { OutboxRepository, VersionedOutboxEntry } from '../outbox/outbox-repository';
import { isConflict, isNotFound, isPreconditionFailed, withoutSystemProperties } from './cosmos-errors';

/** Which instance sends a tenant's fan-out, until when (in the tenant's partition, no personal data). */
interface SenderLease {
  id: typeof SENDER_LEASE_ID;
  type: 'outbox-sender';
  tenantId: string;
  holder: string;
  until: string;
}

const SENDER_LEASE_ID = 'outbox-sender';

const exceptClause = (tenants: string[]) =>
  tenants.length > 0 ? ' AND NOT ARRAY_CONTAINS(@except, c.tenantId)' : '';

function leaseBody(lease: SenderLease): SenderLease {
  const { id, type, tenantId, holder, until } = lease;
  return { id, type, tenantId, holder, until };
}

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

  async findDue(now: Date, limit: number, exceptTenants: string[] = []): Promise<VersionedOutboxEntry[]> {
    const { resources } = await this.container.items
      .query<VersionedOutboxEntry>({
        query:
          'SELECT TOP @limit * FROM c WHERE c.type = "outbox" AND c.status = "pending" ' +
          `AND c.nextAttemptAt <= @now${exceptClause(exceptTenants)} ORDER BY c.nextAttemptAt`,
        parameters: [
          { name: '@limit', value: limit },
          { name: '@now', value: now.toISOString() },
          { name: '@except', value: exceptTenants },
        ],
      })
      .fetchAll();
    return resources;
  }

  async nextDueAt(exceptTenants: string[] = []): Promise<Date | undefined> {
    const { resources } = await this.container.items
      .query<string>({
        query:
          'SELECT TOP 1 VALUE c.nextAttemptAt FROM c WHERE c.type = "outbox" AND c.status = "pending"' +
          `${exceptClause(exceptTenants)} ORDER BY c.nextAttemptAt`,
        parameters: [{ name: '@except', value: exceptTenants }],
      })
      .fetchAll();
    const [first] = resources;
    return first ? new Date(first) : undefined;
  }

  async holdSender(
    tenantId: string,
    instanceId: string,
    now: Date,
    until: Date,
  ): Promise<{ heldElsewhereUntil?: Date }> {
    const lease: SenderLease = {
      id: SENDER_LEASE_ID,
      type: 'outbox-sender',
      tenantId,
      holder: instanceId,
      until: until.toISOString(),
    };
    // Two tries: a lost race is re-read once and then either honoured or (if it ran out) taken.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const current = await this.readLease(tenantId);
      if (current && current.holder !== instanceId && current.until > now.toISOString()) {
        return { heldElsewhereUntil: new Date(current.until) };
      }
      try {
        if (current) {
          await this.container
            .item(SENDER_LEASE_ID, tenantId)
            .replace(lease, { accessCondition: { type: 'IfMatch', condition: current._etag } });
        } else {
          await this.container.items.create(lease);
        }
        return {};
      } catch (error) {
        if (!isConflict(error) && !isPreconditionFailed(error)) throw error;
      }
    }
    const winner = await this.readLease(tenantId);
    return { heldElsewhereUntil: new Date(winner?.until ?? now.toISOString()) };
  }

  async releaseSender(tenantId: string, instanceId: string, now: Date): Promise<void> {
    const current = await this.readLease(tenantId);
    if (!current || current.holder !== instanceId) return;
    try {
      await this.container
        .item(SENDER_LEASE_ID, tenantId)
        .replace(
          { ...leaseBody(current), until: now.toISOString() },
          { accessCondition: { type: 'IfMatch', condition: current._etag } },
        );
    } catch (error) {
      // Someone took it over meanwhile: theirs now.
      if (!isPreconditionFailed(error)) throw error;
    }
  }

  private async readLease(tenantId: string): Promise<(SenderLease & { _etag: string }) | undefined> {
    try {
      const { resource } = await this.container
        .item(SENDER_LEASE_ID, tenantId)
        .read<SenderLease & { _etag: string }>();
      return resource;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async enqueue(entries: OutboxEntry[]): Promise<void> {
    // The id is the dedupe key; one that was sent already lives in the history, not here.
    const done = await this.idsInHistory(entries);
    const fresh = entries.filter((entry) => !done.has(`${entry.tenantId}\u0000${entry.id}`));
    // A fan-out (a herijking round to a thousand members) in bulk requests of 100, not one
    // request per entry: one at a time, the first card waited until the last entry was written.
    const redo: OutboxEntry[] = [];
    for (let start = 0; start < fresh.length; start += 100) {
      const chunk = fresh.slice(start, start + 100);
      if (chunk.length === 1) {
        redo.push(...chunk);
        continue;
      }
      const answers = await this.container.items.bulk(
        chunk.map(
          (entry): OperationInput => ({
            operationType: 'Create',
            partitionKey: entry.tenantId,
            resourceBody: entry as unknown as JSONObject,
          }),
        ),
        { continueOnError: true },
      );
      // 409 is the dedupe: that message was written already. Anything else is tried once more
      // on its own, where the store's retries and the ambiguity check apply.
      chunk.forEach((entry, index) => {
        const status = answers[index]?.statusCode ?? 0;
        if (status >= 300 && status !== 409) redo.push(entry);
      });
    }
    for (const entry of redo) {
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

  async replaceEach(
    changes: { entry: VersionedOutboxEntry; next: OutboxEntry }[],
  ): Promise<(VersionedOutboxEntry | undefined)[]> {
    // An entry's end is a move to the history, never a replace in place.
    if (changes.some(({ next }) => next.status !== 'pending'))
      return Promise.all(changes.map(({ entry, next }) => this.replaceIfUnchanged(entry, next)));
    const results: (VersionedOutboxEntry | undefined)[] = [];
    // Bulk, not a transactional batch: each change stands alone, as a claim race is per entry.
    // The SDK takes at most 100 operations per partition in one call.
    for (let start = 0; start < changes.length; start += 100) {
      const answers = await this.container.items.bulk(
        changes.slice(start, start + 100).map(
          ({ entry, next }): OperationInput => ({
            operationType: 'Replace',
            id: entry.id,
            partitionKey: entry.tenantId,
            ifMatch: entry._etag,
            resourceBody: next as unknown as JSONObject,
          }),
        ),
        { continueOnError: true },
      );
      for (const answer of answers) {
        results.push(
          answer && answer.statusCode < 300
            ? (answer.resourceBody as unknown as VersionedOutboxEntry)
            : undefined,
        );
      }
    }
    return results;
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
