import { setTimeout as sleep } from 'node:timers/promises';
import type { Container, JSONObject, OperationInput } from '@azure/cosmos';
import { OutcomeUnknownError } from '../domain/errors';
import { CosmosDocuments } from './cosmos-documents';
import { readAsStored, WRITE_STAMP } from './resilient-container';

interface CounterDocument {
  id: string;
  type: 'counter';
  tenantId: string;
  value: number;
  _etag?: string;
}

/**
 * What it means when the numbered document already exists. `sent-twice`: its id comes from the
 * request (a form sent twice), so the other send stored it and nothing more is written.
 * `number-taken`: its id comes from the number, so another writer used this number: take the next.
 */
export type ExistingDocumentMeans = 'sent-twice' | 'number-taken';

export interface GaplessCounterOptions {
  existingDocumentMeans: ExistingDocumentMeans;
  /** Rounds before giving up; each round one of the competing instances wins. */
  maxAttempts: number;
}

/**
 * A tenant's gapless numbering (signal references, case references): the counter and the numbered
 * document with its companions in one transactional batch, the counter first with its ETag, so a
 * number is never used twice or skipped. Within an instance the numbers of one counter are taken
 * one after another, so a burst does not fight over the ETag, and the counter's last version is
 * remembered, so the usual write needs no read first. Only another instance can still win a race:
 * then the counter is read again and the batch sent again.
 *
 * Group commit: the takes that queue up while a batch is on its way are written together in the
 * next one (the counter stepped by as many, each document with its own number, in the order they
 * came), so a burst of ten reports costs two or three round trips one after another instead of
 * ten. A batch is all or nothing, so a group that fails (a form sent twice among them, another
 * instance's number) writes nothing, and its takes are then written one by one as before.
 */
type Build = (next: number) => [numbered: { id: string }, ...companions: object[]];

interface Waiting {
  build: Build;
  resolve(outcome: 'written' | 'sent-twice'): void;
  reject(error: unknown): void;
}

/** Azure Cosmos DB's limits on one transactional batch: 100 operations, 2 MB of body. */
const MAX_BATCH_OPERATIONS = 100;
const MAX_BATCH_BYTES = 1_500_000;

export class GaplessCounter {
  private readonly known = new Map<string, CounterDocument>();
  private readonly waiting = new Map<string, Waiting[]>();
  private readonly counters: CosmosDocuments<CounterDocument>;

  constructor(
    private readonly container: Container,
    private readonly options: GaplessCounterOptions,
  ) {
    this.counters = new CosmosDocuments<CounterDocument>(container, 'counter');
  }

  /**
   * Writes `build(next)` (the numbered document first, then its companions) with the next number.
   * Resolves `written`, or `sent-twice` when the numbered document was already stored by another
   * send (only with `existingDocumentMeans: 'sent-twice'`).
   */
  take(tenantId: string, counterId: string, build: Build): Promise<'written' | 'sent-twice'> {
    const key = `${tenantId}\u0000${counterId}`;
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(key);
      if (queue) {
        queue.push({ build, resolve, reject });
        return;
      }
      this.waiting.set(key, [{ build, resolve, reject }]);
      void this.writeInTurn(key, tenantId, counterId);
    });
  }

  /**
   * Writes what waits for this counter until nothing waits: a group in one batch when the
   * counter's version is known, else the first take alone (it reads the counter) and the rest after.
   */
  private async writeInTurn(key: string, tenantId: string, counterId: string): Promise<void> {
    const queue = this.waiting.get(key) as Waiting[];
    try {
      while (queue.length > 0) {
        if (queue.length > 1 && this.known.has(key)) {
          const group = queue.splice(0, queue.length);
          const written = await this.tryGroup(key, tenantId, counterId, group).catch(() => 0);
          if (written > 0) {
            // What did not fit waits for the next batch, ahead of later takes.
            queue.unshift(...group.slice(written));
            continue;
          }
          // The batch wrote nothing (a form sent twice among them, another instance's number):
          // each one alone, as before group commit.
          for (const one of group) await this.writeAlone(key, tenantId, counterId, one);
          continue;
        }
        await this.writeAlone(key, tenantId, counterId, queue.shift() as Waiting);
      }
    } catch (error) {
      for (const one of queue.splice(0, queue.length)) one.reject(error);
    } finally {
      this.waiting.delete(key);
    }
  }

  private async writeAlone(key: string, tenantId: string, counterId: string, one: Waiting): Promise<void> {
    try {
      one.resolve(await this.takeInTurn(key, tenantId, counterId, one.build));
    } catch (error) {
      one.reject(error);
    }
  }

  /**
   * Writes the first of `group` that fit in one batch, with consecutive numbers from the counter's
   * known version, and resolves them; returns how many, 0 when the batch wrote nothing.
   */
  private async tryGroup(
    key: string,
    tenantId: string,
    counterId: string,
    group: Waiting[],
  ): Promise<number> {
    const counter = this.known.get(key);
    if (!counter) return 0;
    const operations: OperationInput[] = [];
    const numberedIds: string[] = [];
    let bytes = 0;
    let value = counter.value;
    for (const one of group) {
      const text = JSON.stringify(one.build(value + 1));
      const documents = JSON.parse(text) as JSONObject[];
      const size = Buffer.byteLength(text);
      if (
        numberedIds.length > 0 &&
        (operations.length + documents.length + 1 > MAX_BATCH_OPERATIONS || bytes + size > MAX_BATCH_BYTES)
      )
        break;
      value += 1;
      bytes += size;
      numberedIds.push(String(documents[0]?.id));
      for (const resourceBody of documents)
        operations.push({ operationType: 'Create', partitionKey: tenantId, resourceBody });
    }
    if (numberedIds.length < 2) return 0;
    this.known.delete(key);
    const counterBody: CounterDocument = { id: counterId, type: 'counter', tenantId, value };
    operations.unshift({
      operationType: 'Replace',
      id: counterId,
      partitionKey: tenantId,
      ifMatch: counter._etag,
      resourceBody: asJson(counterBody),
    });
    const written = group.slice(0, numberedIds.length);
    try {
      const results = (await this.container.items.batch(operations, tenantId)).result ?? [];
      if (!allSucceeded(results.map((result) => result.statusCode))) return 0;
      const etag = results[0]?.eTag;
      if (etag) this.known.set(key, { ...counterBody, _etag: etag });
    } catch (error) {
      if (!(error instanceof OutcomeUnknownError)) return 0;
      // The answer was lost; the batch is all or nothing, so its first numbered document settles
      // it. When that cannot be read either, the outcome stays unknown, as for a take alone.
      let stored: Awaited<ReturnType<typeof readAsStored>>;
      try {
        stored = await readAsStored(this.container, tenantId, numberedIds[0] as string);
      } catch (unreadable) {
        for (const one of written) one.reject(unreadable);
        return written.length;
      }
      if (stored?.[WRITE_STAMP] !== error.writeId) return 0;
    }
    for (const one of written) one.resolve('written');
    return written.length;
  }

  private async takeInTurn(
    key: string,
    tenantId: string,
    counterId: string,
    build: Build,
  ): Promise<'written' | 'sent-twice'> {
    const sentTwiceCounts = this.options.existingDocumentMeans === 'sent-twice';
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt += 1) {
      const counter = this.known.get(key) ?? (await this.counters.find(tenantId, counterId));
      this.known.delete(key);
      const next = (counter?.value ?? 0) + 1;
      const documents = build(next);
      const numbered = documents[0];
      const counterBody: CounterDocument = { id: counterId, type: 'counter', tenantId, value: next };
      const operations: OperationInput[] = [
        counter?._etag
          ? {
              operationType: 'Replace',
              id: counterId,
              partitionKey: tenantId,
              ifMatch: counter._etag,
              resourceBody: asJson(counterBody),
            }
          : { operationType: 'Create', partitionKey: tenantId, resourceBody: asJson(counterBody) },
        ...documents.map(
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
        // The answer was lost. The batch is all or nothing, so the numbered document settles it:
        // stored with this batch's stamp, it is ours; absent, the number is free to take again;
        // stored otherwise, the other send won (sent twice) or the number was taken.
        const stored = await readAsStored(this.container, tenantId, numbered.id);
        if (!stored) continue;
        if (stored[WRITE_STAMP] === error.writeId) return 'written';
        if (sentTwiceCounts) return 'sent-twice';
        continue;
      }
      const results = response.result ?? [];
      const statuses = results.map((result) => result.statusCode);
      if (allSucceeded(statuses)) {
        const etag = results[0]?.eTag;
        if (etag) this.known.set(key, { ...counterBody, _etag: etag });
        return 'written';
      }
      const [counterStatus, numberedStatus] = statuses;
      if (counterStatus === 412 || counterStatus === 409) {
        // Another instance took the number: read the counter again, after a short, spread wait.
        await sleep(Math.random() * 4 * Math.min(attempt, 5));
        continue;
      }
      if (numberedStatus === 409) {
        // The batch wrote nothing (the counter answers 424). A form sent twice: the other send
        // stored it. A number used elsewhere: the counter is behind it, so the next try steps past.
        if (sentTwiceCounts) return 'sent-twice';
        this.known.set(key, { ...counterBody, _etag: counter?._etag });
        continue;
      }
      throw new Error(`numbered batch failed with statuses ${statuses.join(',')}`);
    }
    throw new Error(`could not take the next number of ${counterId}: too much contention`);
  }
}

/** A batch is all or nothing: it was applied when every operation answers 2xx. */
function allSucceeded(statuses: number[]): boolean {
  return statuses.length > 0 && statuses.every((status) => status >= 200 && status < 300);
}

/** Plain records are JSON already; this only tells the SDK's types so. */
export function asJson(value: object): JSONObject {
  return JSON.parse(JSON.stringify(value)) as JSONObject;
}
