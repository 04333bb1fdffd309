import { setTimeout as sleep } from 'node:timers/promises';
import type { Container, JSONObject, OperationInput } from '@azure/cosmos';
import { OutcomeUnknownError } from '../domain/errors';
import { CosmosDocuments } from './cosmos-documents';
import { KeyedQueue } from './keyed-queue';
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
 * one after another (a queue per counter), so a burst does not fight over the ETag, and the
 * counter's last version is remembered, so the usual write needs no read first. Only another
 * instance can still win a race: then the counter is read again and the batch sent again.
 */
export class GaplessCounter {
  private readonly known = new Map<string, CounterDocument>();
  private readonly queue = new KeyedQueue();
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
  take(
    tenantId: string,
    counterId: string,
    build: (next: number) => [numbered: { id: string }, ...companions: object[]],
  ): Promise<'written' | 'sent-twice'> {
    const key = `${tenantId}\u0000${counterId}`;
    return this.queue.run(key, () => this.takeInTurn(key, tenantId, counterId, build));
  }

  private async takeInTurn(
    key: string,
    tenantId: string,
    counterId: string,
    build: (next: number) => [numbered: { id: string }, ...companions: object[]],
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
        counter
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
      if (statuses.length > 0 && statuses.every((status) => status >= 200 && status < 300)) {
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
        // Azure's batch wrote nothing (the counter answers 424); the embedded store's batch is
        // not atomic and kept the counter's step. A form sent twice must give the number back,
        // or the next one would skip it; a number taken elsewhere is used, so the step stands.
        const stepped = results[0]?.eTag;
        if (sentTwiceCounts && counterStatus !== undefined && counterStatus < 300 && stepped)
          await this.counters.replace({ ...counterBody, value: next - 1 }, stepped);
        if (sentTwiceCounts) return 'sent-twice';
        continue;
      }
      throw new Error(`numbered batch failed with statuses ${statuses.join(',')}`);
    }
    throw new Error(`could not take the next number of ${counterId}: too much contention`);
  }
}

/** Plain records are JSON already; this only tells the SDK's types so. */
export function asJson(value: object): JSONObject {
  return JSON.parse(JSON.stringify(value)) as JSONObject;
}
