import type { Container } from '@azure/cosmos';
import type { OutboxEntry } from '../outbox/outbox-entry';
import type { OutboxRepository, VersionedOutboxEntry } from '../outbox/outbox-repository';
import { CosmosDocuments, KeptChangingError } from './cosmos-documents';
import { withoutSystemProperties } from './cosmos-errors';

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
  /** Pending entries; every change to one is on its ETag, through the shared helper. */
  private readonly entries: CosmosDocuments<OutboxEntry>;
  private readonly finished: CosmosDocuments<OutboxEntry>;
  private readonly leases: CosmosDocuments<SenderLease>;

  constructor(
    private readonly container: Container,
    private readonly history: Container,
  ) {
    this.entries = new CosmosDocuments<OutboxEntry>(container, 'outbox');
    this.finished = new CosmosDocuments<OutboxEntry>(history, 'outbox');
    this.leases = new CosmosDocuments<SenderLease>(container, 'outbox-sender');
  }

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
    let heldElsewhereUntil: string | undefined;
    try {
      // Two tries: a lost race is re-read once and then either honoured or (if it ran out) taken.
      await this.leases.update(
        tenantId,
        SENDER_LEASE_ID,
        (current) => {
          const live = current && current.holder !== instanceId && current.until > now.toISOString();
          heldElsewhereUntil = live ? current.until : undefined;
          return live ? undefined : lease;
        },
        { attempts: 2 },
      );
    } catch (error) {
      if (!(error instanceof KeptChangingError)) throw error;
      // Lost twice: another instance keeps taking it; say until when the latest one holds it.
      const winner = await this.leases.find(tenantId, SENDER_LEASE_ID);
      return { heldElsewhereUntil: new Date(winner?.until ?? now.toISOString()) };
    }
    return heldElsewhereUntil ? { heldElsewhereUntil: new Date(heldElsewhereUntil) } : {};
  }

  async releaseSender(tenantId: string, instanceId: string, now: Date): Promise<void> {
    const current = await this.leases.find(tenantId, SENDER_LEASE_ID);
    if (!current || current.holder !== instanceId) return;
    // Not retried: a lost race means someone took it over meanwhile, and it is theirs now.
    await this.leases.tryReplace({ ...leaseBody(current), until: now.toISOString() }, current._etag);
  }

  async enqueue(entries: OutboxEntry[]): Promise<void> {
    // The id is the dedupe key; one that was sent already lives in the history, not here.
    const done = await this.idsInHistory(entries);
    const fresh = entries.filter((entry) => !done.has(`${entry.tenantId}\u0000${entry.id}`));
    // A fan-out (a herijking round to a thousand members) in bulk requests of 100, not one
    // request per entry: one at a time, the first card waited until the last entry was written.
    // An id that exists already is the dedupe: that message was written before.
    await this.entries.createEachIfAbsent(fresh);
  }

  async replaceIfUnchanged(
    entry: VersionedOutboxEntry,
    next: OutboxEntry,
  ): Promise<VersionedOutboxEntry | undefined> {
    if (next.status !== 'pending') return this.moveToHistory(entry, next);
    return this.entries.tryReplace(next, entry._etag);
  }

  async replaceEach(
    changes: { entry: VersionedOutboxEntry; next: OutboxEntry }[],
  ): Promise<(VersionedOutboxEntry | undefined)[]> {
    // An entry's end is a move to the history, never a replace in place.
    if (changes.some(({ next }) => next.status !== 'pending'))
      return Promise.all(changes.map(({ entry, next }) => this.replaceIfUnchanged(entry, next)));
    // Bulk, not a transactional batch: each change stands alone, as a claim race is per entry.
    return this.entries.replaceEach(
      changes.map(({ entry, next }) => ({ document: next, etag: entry._etag })),
    );
  }

  async wakeRecipient(tenantId: string, recipientAadObjectId: string, now: Date): Promise<void> {
    const waiting = await this.entries.list(
      tenantId,
      'AND c.status = "pending" AND c.recipientAadObjectId = @recipient AND c.nextAttemptAt > @now ' +
        'AND c.lastError = "no-conversation" AND NOT IS_DEFINED(c.leaseUntil)',
      [
        { name: '@recipient', value: recipientAadObjectId },
        { name: '@now', value: now.toISOString() },
      ],
    );
    // Side by side, not one after the other: each change stands alone. A lost race means the
    // dispatcher touched the entry already; that is fine either way.
    await Promise.all(
      waiting.map(({ _etag, ...entry }) =>
        this.entries.tryReplace({ ...entry, nextAttemptAt: now.toISOString() }, _etag),
      ),
    );
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
    const copy = await this.finished.upsert(withoutSystemProperties<OutboxEntry>(next as never));
    // Gone already counts as removed: the retry of our own delete whose answer was lost.
    const removed = await this.entries.removeIfUnchanged(entry.tenantId, entry.id, entry._etag);
    return removed ? copy : undefined;
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
