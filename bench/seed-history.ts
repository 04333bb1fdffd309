import type { Container, OperationInput } from '@azure/cosmos';
import { stableId } from '../bot/ids';
import { newOutboxEntry } from '../bot/outbox/outbox-entry';
import type { ContainerName } from '../bot/storage/containers';
import type { CosmosStore } from '../bot/storage/cosmos-store';
import { placedByPurpose } from '../bot/storage/local-snapshot-file';

/** A tenant's history as it would stand after months of use: mostly closed signals, a few open. */
export interface History {
  tenantData: Record<string, unknown>[];
  audit: Record<string, unknown>[];
}

export interface HistoryShape {
  tenantId: string;
  signals: number;
  open: number;
  coordinatorId: string;
  /** Reporters whose signals these are; the first one is the bench's own reporter. */
  reporterIds: string[];
  now: Date;
}

const CATEGORIES = ['holiday-parks', 'real-estate', 'drugs', 'human-trafficking'];

/**
 * Every document a real history leaves behind per signal: the signal, the notice to the
 * coordinator and the reporter's feedback (both sent), a dedupe marker of the submit turn and two
 * audit records. The reference counter stands at the number of signals.
 */
export function buildHistory(shape: HistoryShape): History {
  const { tenantId, now } = shape;
  const tenantData: Record<string, unknown>[] = [];
  const audit: Record<string, unknown>[] = [];
  const year = now.getUTCFullYear();
  for (let n = 1; n <= shape.signals; n += 1) {
    const open = n > shape.signals - shape.open;
    const createdAt = new Date(now.getTime() - (shape.signals - n + 1) * 45 * 60_000).toISOString();
    const reporter = shape.reporterIds[n % shape.reporterIds.length] as string;
    const id = `signal:${stableId(tenantId, 'bench', String(n))}`;
    const reference = `OND-${year}-${String(n).padStart(4, '0')}`;
    const dueOn = new Date(now.getTime() + 10 * 24 * 3600_000).toISOString().slice(0, 10);
    tenantData.push({
      id,
      type: 'signal',
      tenantId,
      reference,
      category: CATEGORIES[n % CATEGORIES.length],
      location: `Straat ${n}`,
      description: 'Busjes rijden elke nacht af en aan; er wonen veel mensen op een adres.',
      observedOn: createdAt.slice(0, 10),
      urgency: n % 10 === 0 ? 'urgent' : 'normal',
      anonymous: false,
      status: open ? (n % 2 === 0 ? 'new' : 'in-progress') : 'closed',
      reporterAadObjectId: reporter,
      reporterName: 'Melder',
      receiptCodeHash: stableId('receipt', String(n)),
      createdAt,
      revision: open ? 1 : 3,
      ...(open ? { feedbackDueOn: dueOn } : { closure: { reason: 'no-follow-up' } }),
      history: [
        { at: createdAt, action: 'reported', status: 'new', by: 'reporter' },
        ...(open
          ? []
          : [
              { at: createdAt, action: 'picked-up', status: 'in-progress', by: shape.coordinatorId },
              { at: createdAt, action: 'closed', status: 'closed', by: shape.coordinatorId },
            ]),
      ],
    });
    const at = new Date(createdAt);
    const notice = newOutboxEntry(
      tenantId,
      `signal-notice:${id}:${shape.coordinatorId}`,
      shape.coordinatorId,
      { kind: 'signal-notice', signalId: id, reference, category: 'drugs', urgency: 'normal' },
      at,
    );
    tenantData.push({ ...notice, status: 'sent', sentAt: createdAt, attempts: 1 });
    if (!open) {
      const feedback = newOutboxEntry(
        tenantId,
        `reporter-feedback:${id}:closed`,
        reporter,
        { kind: 'reporter-feedback', signalId: id, reference, news: 'closed' },
        at,
      );
      tenantData.push({ ...feedback, status: 'sent', sentAt: createdAt, attempts: 1 });
    }
    tenantData.push({
      id: `activity:${stableId('bench-activity', String(n))}`,
      type: 'processed-activity',
      tenantId,
      at: createdAt,
      ttl: 7 * 24 * 3600,
    });
    audit.push(
      {
        id: `audit:${stableId('a', String(n))}`,
        type: 'audit',
        tenantId,
        actor: reporter,
        action: 'signal.created',
        subjectId: id,
        at: createdAt,
      },
      {
        id: `audit:${stableId('b', String(n))}`,
        type: 'audit',
        tenantId,
        actor: shape.coordinatorId,
        action: 'signal.viewed',
        subjectId: id,
        at: createdAt,
      },
    );
  }
  tenantData.push({
    id: `counter:signal-reference:${year}`,
    type: 'counter',
    tenantId,
    value: shape.signals,
  });
  return { tenantData, audit };
}

/** Writes the history in batches of 100 (one request each), a few batches at a time. */
export async function writeHistory(store: CosmosStore, history: History): Promise<void> {
  // Markers and sent entries go where the bot keeps them (their own containers).
  const placed = placedByPurpose(history);
  for (const name of Object.keys(placed) as ContainerName[]) {
    await writeAll(store.container(name), placed[name] ?? []);
  }
}

async function writeAll(container: Container, documents: Record<string, unknown>[]): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < documents.length; i += 100) chunks.push(documents.slice(i, i + 100));
  const worker = async () => {
    for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
      const tenantId = String(chunk[0]?.tenantId);
      const operations = chunk.map(
        (document): OperationInput => ({
          operationType: 'Upsert',
          partitionKey: tenantId,
          resourceBody: document as never,
        }),
      );
      const response = await container.items.batch(operations, tenantId);
      const failed = (response.result ?? []).filter((result) => result.statusCode >= 300);
      if (failed.length > 0) throw new Error(`seeding failed: ${failed[0]?.statusCode}`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}
