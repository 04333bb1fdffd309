import { setTimeout as sleep } from 'node:timers/promises';
import type { Container, JSONObject, OperationInput } from '@azure/cosmos';
import { OutcomeUnknownError } from '../domain/errors';
import type { Signal } from '../domain/signals/signal';
import type { SignalRepository, VersionedSignal } from '../domain/signals/signal-repository';
import { CosmosDocuments } from './cosmos-documents';
import { isNotFound, withoutSystemProperties } from './cosmos-errors';
import { KeyedQueue } from './keyed-queue';
import { WRITE_STAMP } from './resilient-container';

interface CounterDocument {
  id: string;
  type: 'counter';
  tenantId: string;
  value: number;
  _etag?: string;
}

/** Enough rounds for dozens of simultaneous reports in one tenant; each round one of them wins. */
const MAX_SEQUENCE_ATTEMPTS = 60;

export class CosmosSignalRepository implements SignalRepository {
  /** The counter as this instance last wrote it; a stale one costs one 412 and a read. */
  private readonly knownCounters = new Map<string, CounterDocument>();
  private readonly counterQueue = new KeyedQueue();

  /** Reads and ETag-guarded replaces of single documents, as every repository does them. */
  private readonly signals: CosmosDocuments<Signal>;
  private readonly counters: CosmosDocuments<CounterDocument>;

  constructor(private readonly container: Container) {
    this.signals = new CosmosDocuments<Signal>(container, 'signal');
    this.counters = new CosmosDocuments<CounterDocument>(container, 'counter');
  }

  findById(tenantId: string, id: string): Promise<VersionedSignal | undefined> {
    return this.signals.find(tenantId, id);
  }

  async findByReference(tenantId: string, reference: string): Promise<VersionedSignal | undefined> {
    const [found] = await this.query<VersionedSignal>(
      tenantId,
      'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "signal" AND c.reference = @reference',
      { '@reference': reference.toUpperCase() },
    );
    return found ? versioned(found) : undefined;
  }

  async listOpen(tenantId: string): Promise<Signal[]> {
    const found = await this.query<Signal>(
      tenantId,
      'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "signal" AND c.status != "closed" ORDER BY c.createdAt',
      {},
    );
    return found.map((signal) => withoutSystemProperties(signal as never));
  }

  async listByCase(tenantId: string, caseReference: string): Promise<Signal[]> {
    const found = await this.query<Signal>(
      tenantId,
      'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "signal" AND c.caseReference = @case ORDER BY c.createdAt',
      { '@case': caseReference },
    );
    return found.map((signal) => withoutSystemProperties(signal as never));
  }

  async countCreatedSince(tenantId: string, since: Date): Promise<number> {
    const [count] = await this.query<number>(
      tenantId,
      'SELECT VALUE COUNT(1) FROM c WHERE c.tenantId = @tenantId AND c.type = "signal" AND c.createdAt >= @since',
      { '@since': since.toISOString() },
    );
    return count ?? 0;
  }

  async countOpen(tenantId: string): Promise<number> {
    const [count] = await this.query<number>(
      tenantId,
      'SELECT VALUE COUNT(1) FROM c WHERE c.tenantId = @tenantId AND c.type = "signal" AND c.status != "closed"',
      {},
    );
    return count ?? 0;
  }

  async listFeedbackOverdue(today: string): Promise<Signal[]> {
    const { resources } = await this.container.items
      .query<Signal>({
        query:
          'SELECT * FROM c WHERE c.type = "signal" AND c.status != "closed" AND IS_STRING(c.feedbackDueOn) ' +
          'AND c.feedbackDueOn < @today',
        parameters: [{ name: '@today', value: today }],
      })
      .fetchAll();
    return resources.map((signal) => withoutSystemProperties(signal as never));
  }

  async search(tenantId: string, text: string, categoryIds: string[], limit: number): Promise<Signal[]> {
    const found = await this.query<Signal>(
      tenantId,
      'SELECT TOP @limit * FROM c WHERE c.tenantId = @tenantId AND c.type = "signal" AND (' +
        'CONTAINS(c.reference, @upper) OR ARRAY_CONTAINS(@categories, c.category) OR ' +
        'CONTAINS(LOWER(c.location), @lower) OR CONTAINS(LOWER(c.description), @lower) OR ' +
        'CONTAINS(LOWER(c.involved ?? ""), @lower)) ORDER BY c.createdAt DESC',
      {
        '@limit': limit,
        '@upper': text.toUpperCase(),
        '@lower': text.toLowerCase(),
        '@categories': categoryIds,
      },
    );
    return found.map((signal) => withoutSystemProperties(signal as never));
  }

  async saveChange(signal: Signal, etag: string, companions: object[]): Promise<boolean> {
    const operations: OperationInput[] = [
      {
        operationType: 'Replace',
        id: signal.id,
        partitionKey: signal.tenantId,
        ifMatch: etag,
        resourceBody: asJson(signal),
      },
      ...companions.map(
        (document): OperationInput => ({
          operationType: 'Create',
          partitionKey: signal.tenantId,
          resourceBody: asJson(document),
        }),
      ),
    ];
    // Sent once more when a lost answer turns out to have changed nothing.
    for (let round = 1; ; round += 1) {
      let response: Awaited<ReturnType<Container['items']['batch']>>;
      try {
        response = await this.container.items.batch(operations, signal.tenantId);
      } catch (error) {
        if (!(error instanceof OutcomeUnknownError)) throw error;
        // The batch is all or nothing, so the signal tells whether it was applied.
        const stored = await this.readRaw(signal.tenantId, signal.id);
        if (stored && stored[WRITE_STAMP] === error.writeId) return true;
        if (stored?._etag === etag && round < 2) continue;
        if (stored?._etag === etag) throw error;
        return false;
      }
      const statuses = (response.result ?? []).map((result) => result.statusCode);
      if (statuses.length > 0 && statuses.every((status) => status >= 200 && status < 300)) return true;
      if (statuses[0] === 412 || statuses[0] === 404) return false;
      throw new Error(`signal change failed with statuses ${statuses.join(',')}`);
    }
  }

  /** The document as stored, write stamp and ETag included; undefined when absent. */
  private async readRaw(tenantId: string, id: string): Promise<Record<string, unknown> | undefined> {
    try {
      const { resource } = await this.container.item(id, tenantId).read<Record<string, unknown>>();
      return resource ?? undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  private async query<T>(tenantId: string, query: string, parameters: Record<string, unknown>): Promise<T[]> {
    const { resources } = await this.container.items
      .query<T>(
        {
          query,
          parameters: [
            { name: '@tenantId', value: tenantId },
            ...Object.entries(parameters).map(([name, value]) => ({ name, value: value as never })),
          ],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    return resources;
  }

  async findByReceiptCodeHash(tenantId: string, receiptCodeHash: string): Promise<Signal | undefined> {
    const { resources } = await this.container.items
      .query<Signal>(
        {
          query:
            'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "signal" AND c.receiptCodeHash = @hash',
          parameters: [
            { name: '@tenantId', value: tenantId },
            { name: '@hash', value: receiptCodeHash },
          ],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    const found = resources[0];
    return found ? withoutSystemProperties(found as never) : undefined;
  }

  async listByReporter(tenantId: string, reporterAadObjectId: string, limit: number): Promise<Signal[]> {
    const { resources } = await this.container.items
      .query<Signal>(
        {
          query:
            'SELECT TOP @limit * FROM c WHERE c.tenantId = @tenantId AND c.type = "signal" ' +
            'AND c.reporterAadObjectId = @reporter ORDER BY c.createdAt DESC',
          parameters: [
            { name: '@tenantId', value: tenantId },
            { name: '@reporter', value: reporterAadObjectId },
            { name: '@limit', value: limit },
          ],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    return resources.map((resource) => withoutSystemProperties(resource as never));
  }

  /**
   * Takes the tenant's next reference number and writes the signal with it in one batch, the
   * counter first, so a number is never used twice or skipped. Reports of one tenant take their
   * numbers one after another inside this instance (a queue per counter), so a burst does not
   * fight over the counter's ETag; the counter's last version is remembered, so the usual report
   * writes without reading it first. Only another instance can still win a race: then the counter
   * is read again and the batch retried.
   */
  createWithNextSequence(
    tenantId: string,
    year: number,
    build: (sequence: number) => { signal: Signal; companions: object[] },
  ): Promise<Signal | undefined> {
    const counterId = `counter:signal-reference:${year}`;
    return this.counterQueue.run(`${tenantId}\u0000${counterId}`, () =>
      this.takeNextSequence(tenantId, counterId, build),
    );
  }

  private async takeNextSequence(
    tenantId: string,
    counterId: string,
    build: (sequence: number) => { signal: Signal; companions: object[] },
  ): Promise<Signal | undefined> {
    const key = `${tenantId}\u0000${counterId}`;
    for (let attempt = 1; attempt <= MAX_SEQUENCE_ATTEMPTS; attempt += 1) {
      const counter = this.knownCounters.get(key) ?? (await this.readCounter(tenantId, counterId));
      this.knownCounters.delete(key);
      const next = (counter?.value ?? 0) + 1;
      const { signal, companions } = build(next);
      const counterBody: CounterDocument = { id: counterId, type: 'counter', tenantId, value: next };
      // The counter goes first: if another submission took this number, the batch stops there
      // and nothing else is written, so a number is never used twice or skipped.
      const operations: OperationInput[] = [
        counter
          ? {
              operationType: 'Replace',
              id: counterId,
              partitionKey: tenantId,
              ifMatch: counter._etag,
              resourceBody: asJson(counterBody),
            }
          : { operationType: 'Create', partitionKey: tenantId, resourceBody: asJson(counterBody) },
        { operationType: 'Create', partitionKey: tenantId, resourceBody: asJson(signal) },
        ...companions.map(
          (document): OperationInput => ({
            operationType: 'Create',
            partitionKey: tenantId,
            resourceBody: asJson(document),
          }),
        ),
      ];
      let response: Awaited<ReturnType<Container['items']['batch']>>;
      try {
        response = await this.container.items.batch(operations, tenantId);
      } catch (error) {
        if (!(error instanceof OutcomeUnknownError)) throw error;
        // The answer was lost. The batch is all or nothing, so the signal settles it: stored with
        // this batch's stamp, it is ours; stored otherwise, the same form was sent twice and the
        // other send won; absent, nothing was written and the number is free to take again.
        this.knownCounters.delete(key);
        const stored = await this.readRaw(tenantId, signal.id);
        if (!stored) continue;
        return stored[WRITE_STAMP] === error.writeId ? signal : undefined;
      }
      const results = response.result ?? [];
      const statuses = results.map((result) => result.statusCode);
      if (statuses.length > 0 && statuses.every((status) => status >= 200 && status < 300)) {
        const etag = results[0]?.eTag;
        if (etag) this.knownCounters.set(key, { ...counterBody, _etag: etag });
        return signal;
      }
      const [counterStatus, signalStatus] = statuses;
      if (counterStatus === 412 || counterStatus === 409) {
        // Another instance took the number: read the counter again, after a short, spread wait.
        await sleep(Math.random() * 4 * Math.min(attempt, 5));
        continue;
      }
      if (signalStatus === 409) {
        // The form was sent twice and the other send stored it. Azure's batch wrote nothing (the
        // counter answers 424); the embedded store's batch is not atomic and kept the counter's
        // step: give the number back, or the next report would skip it.
        const stepped = results[0]?.eTag;
        if (counterStatus !== undefined && counterStatus < 300 && stepped)
          await this.giveBack(tenantId, counterId, { ...counterBody, value: next - 1 }, stepped);
        return undefined;
      }
      throw new Error(`signal batch failed with statuses ${statuses.join(',')}`);
    }
    throw new Error('could not take a reference number: too much contention');
  }

  /**
   * Sets the counter back one step if nobody took a number since (ETag); the next report reads it
   * again. If another instance took one meanwhile, the step stays: a gap, on the embedded store only.
   */
  private async giveBack(tenantId: string, counterId: string, back: CounterDocument, etag: string) {
    this.knownCounters.delete(`${tenantId}\u0000${counterId}`);
    await this.counters.replace(back, etag);
  }

  private readCounter(tenantId: string, id: string): Promise<CounterDocument | undefined> {
    return this.counters.find(tenantId, id);
  }
}

/** Plain records are JSON already; this only tells the SDK's types so. */
function asJson(value: object): JSONObject {
  return JSON.parse(JSON.stringify(value)) as JSONObject;
}

function versioned(document: VersionedSignal): VersionedSignal {
  const { _etag } = document;
  return { ...withoutSystemProperties<Signal>(document as never), _etag };
}
