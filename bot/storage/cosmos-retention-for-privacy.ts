import type { Container } from '@azure/cosmos';
import type { OutboxEntry } from '../domain/outbox-messages';
import type { RetentionPolicy } from '../domain/privacy/retention-policy';
import type { RetentionStore } from '../domain/privacy/retention-store';
import type { VersionedSignal } from '../domain/signals/signal-repository';
import { CosmosDocuments } from './cosmos-documents';
import { isNotFound, isPreconditionFailed, withoutSystemProperties } from './cosmos-errors';

type StoredOutbox = OutboxEntry & { _etag: string };

/** The retention sweep's queries and deletions in `tenantData`, and in `outboxHistory` for sent messages. */
export class CosmosRetentionStore implements RetentionStore {
  readonly policies: CosmosDocuments<RetentionPolicy>;

  constructor(
    private readonly container: Container,
    private readonly outboxHistory: Container,
  ) {
    this.policies = new CosmosDocuments<RetentionPolicy>(container, 'retention-policy');
  }

  async listClosedNotAnonymised(): Promise<VersionedSignal[]> {
    const { resources } = await this.container.items
      .query<VersionedSignal>(
        'SELECT * FROM c WHERE c.type = "signal" AND c.status = "closed" AND NOT IS_DEFINED(c.retention.anonymisedAt)',
      )
      .fetchAll();
    return resources.map((resource) => ({
      ...withoutSystemProperties<VersionedSignal>(resource as never),
      _etag: resource._etag,
    }));
  }

  async removeReporterLink(tenantId: string, linkId: string): Promise<void> {
    await this.deleteIfPresent(tenantId, linkId);
  }

  async removeOutboxTraces(tenantId: string, signalId: string, reference: string): Promise<void> {
    // Messages still to send, and those sent: both carry the signal's traces.
    for (const container of [this.container, this.outboxHistory]) {
      await this.removeOutboxTracesIn(container, tenantId, signalId, reference);
    }
  }

  private async removeOutboxTracesIn(
    container: Container,
    tenantId: string,
    signalId: string,
    reference: string,
  ): Promise<void> {
    const { resources } = await container.items
      .query<StoredOutbox>(
        {
          query:
            'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "outbox" AND ' +
            '(c.message.signalId = @signalId OR c.message.kind = "handover")',
          parameters: [
            { name: '@tenantId', value: tenantId },
            { name: '@signalId', value: signalId },
          ],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    for (const entry of resources) {
      if (entry.message.kind !== 'handover') {
        await this.deleteIfPresent(tenantId, entry.id, container);
        continue;
      }
      const items = entry.message.items;
      if (!items.some((item) => item.reference === reference && item.lastNote !== undefined)) continue;
      const next = withoutSystemProperties<OutboxEntry>(entry as never);
      next.message = {
        ...entry.message,
        items: items.map((item) =>
          item.reference === reference ? { reference, status: item.status } : item,
        ),
      };
      try {
        await container
          .item(entry.id, tenantId)
          .replace(next, { accessCondition: { type: 'IfMatch', condition: entry._etag } });
      } catch (error) {
        if (isNotFound(error)) continue;
        // Changed meanwhile (the dispatcher recorded it): failing here keeps the signal as it is,
        // so the next pass scrubs the entry before the signal counts as anonymised.
        if (isPreconditionFailed(error)) throw new Error('handover entry changed while being scrubbed');
        throw error;
      }
    }
  }

  private async deleteIfPresent(tenantId: string, id: string, container = this.container): Promise<void> {
    try {
      await container.item(id, tenantId).delete();
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
