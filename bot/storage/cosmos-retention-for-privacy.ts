import type { Container } from '@azure/cosmos';
import type { OutboxEntry } from '../domain/outbox-messages';
import type { RetentionPolicy } from '../domain/privacy/retention-policy';
import type { RetentionStore, TermsInForce } from '../domain/privacy/retention-store';
import type { Signal } from '../domain/signals/signal';
import type { VersionedSignal } from '../domain/signals/signal-repository';
import { CosmosDocuments, versioned } from './cosmos-documents';
import { isNotFound } from './cosmos-errors';
import { listToReview, type ReviewedDocuments } from './retention-review-queries';

const SIGNALS_TO_REVIEW: ReviewedDocuments = {
  pending: 'c.type = "signal" AND c.status = "closed" AND NOT IS_DEFINED(c.retention.anonymisedAt)',
  review: 'c.retention.review',
};

/** The retention sweep's queries and deletions in `tenantData`, and in `outboxHistory` for sent messages. */
export class CosmosRetentionStore implements RetentionStore {
  readonly policies: CosmosDocuments<RetentionPolicy>;
  /** Messages still to send, and those sent: both carry a signal's traces. */
  private readonly outboxes: CosmosDocuments<OutboxEntry>[];
  private readonly signals: CosmosDocuments<Signal>;

  constructor(
    private readonly container: Container,
    outboxHistory: Container,
  ) {
    this.policies = new CosmosDocuments<RetentionPolicy>(container, 'retention-policy');
    this.signals = new CosmosDocuments<Signal>(container, 'signal');
    this.outboxes = [container, outboxHistory].map(
      (each) => new CosmosDocuments<OutboxEntry>(each, 'outbox'),
    );
  }

  async listPolicies(): Promise<RetentionPolicy[]> {
    const stored = await this.policies.listAcrossTenantsWhere();
    return stored.map(({ _etag, ...policy }) => policy);
  }

  async listToReview(now: Date, terms: TermsInForce): Promise<VersionedSignal[]> {
    const found = await listToReview<VersionedSignal>(this.container, SIGNALS_TO_REVIEW, now, terms);
    return found.map((resource) => versioned<Signal>(resource));
  }

  async saveReviewed(changes: { signal: Signal; etag: string }[]): Promise<boolean[]> {
    const stored = await this.signals.replaceEach(
      changes.map(({ signal, etag }) => ({ document: signal, etag })),
    );
    return stored.map((each) => each !== undefined);
  }

  async removeReporterLink(tenantId: string, linkId: string): Promise<void> {
    await this.deleteIfPresent(tenantId, linkId);
  }

  async removeOutboxTraces(tenantId: string, signalId: string, reference: string): Promise<boolean> {
    let scrubbed = true;
    for (const outbox of this.outboxes) {
      const found = await outbox.list(
        tenantId,
        'AND (c.message.signalId = @signalId OR c.message.kind = "handover")',
        [{ name: '@signalId', value: signalId }],
      );
      for (const entry of found) {
        if (entry.message.kind !== 'handover') {
          await outbox.remove(tenantId, entry.id);
          continue;
        }
        if (!withoutNoteOf(entry, reference)) continue;
        if (entry.leaseUntil) {
          scrubbed = false;
          continue;
        }
        // Applied again to what the dispatcher wrote meanwhile (it records attempts on the same
        // message); a message that kept changing throws, so the signal stays as it is and the
        // next pass scrubs the message before the signal counts as anonymised. A message being
        // sent right now (claimed) is left alone: the dispatcher records its send on the version
        // it claimed, so a change here would make it send the message again.
        await outbox.update(
          tenantId,
          entry.id,
          (current) => {
            if (!current?.leaseUntil) return current && withoutNoteOf(current, reference);
            scrubbed = false;
            return undefined;
          },
          { from: entry },
        );
      }
    }
    return scrubbed;
  }

  private async deleteIfPresent(tenantId: string, id: string): Promise<void> {
    try {
      await this.container.item(id, tenantId).delete();
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}

/** The handover message without the signal's last note; undefined when it has none (or is no handover). */
function withoutNoteOf(entry: OutboxEntry, reference: string): OutboxEntry | undefined {
  const { message } = entry;
  if (message.kind !== 'handover') return undefined;
  if (!message.items.some((item) => item.reference === reference && item.lastNote !== undefined))
    return undefined;
  const items = message.items.map((item) =>
    item.reference === reference ? { reference, status: item.status } : item,
  );
  return { ...entry, message: { ...message, items } };
}
