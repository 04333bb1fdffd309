import { setTimeout as sleep } from 'node:timers/promises';
import type { Container, JSONObject, OperationInput } from '@azure/cosmos';
import type { Signal } from '../domain/signals/signal';
import type { SignalRepository } from '../domain/signals/signal-repository';
import type { OutboxEntry } from '../outbox/outbox-entry';
import { isNotFound, withoutSystemProperties } from './cosmos-errors';

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
  constructor(private readonly container: Container) {}

  async findById(tenantId: string, id: string): Promise<Signal | undefined> {
    try {
      const { resource } = await this.container.item(id, tenantId).read<Signal>();
      return resource && resource.type === 'signal' ? withoutSystemProperties(resource as never) : undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
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

  async createWithNextSequence(
    tenantId: string,
    year: number,
    build: (sequence: number) => { signal: Signal; outbox: OutboxEntry[] },
  ): Promise<Signal | undefined> {
    const counterId = `counter:signal-reference:${year}`;
    for (let attempt = 1; attempt <= MAX_SEQUENCE_ATTEMPTS; attempt += 1) {
      const counter = await this.readCounter(tenantId, counterId);
      const next = (counter?.value ?? 0) + 1;
      const { signal, outbox } = build(next);
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
        ...outbox.map(
          (entry): OperationInput => ({
            operationType: 'Create',
            partitionKey: tenantId,
            resourceBody: asJson(entry),
          }),
        ),
      ];
      const response = await this.container.items.batch(operations, tenantId);
      const statuses = (response.result ?? []).map((result) => result.statusCode);
      if (statuses.length > 0 && statuses.every((status) => status >= 200 && status < 300)) return signal;
      const [counterStatus, signalStatus] = statuses;
      if (counterStatus === 412 || counterStatus === 409) {
        await sleep(2 + Math.random() * 8 * Math.min(attempt, 5));
        continue;
      }
      if (signalStatus === 409) return undefined;
      throw new Error(`signal batch failed with statuses ${statuses.join(',')}`);
    }
    throw new Error('could not take a reference number: too much contention');
  }

  private async readCounter(tenantId: string, id: string): Promise<CounterDocument | undefined> {
    try {
      const { resource } = await this.container.item(id, tenantId).read<CounterDocument>();
      return resource;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}

/** Plain records are JSON already; this only tells the SDK's types so. */
function asJson(value: object): JSONObject {
  return JSON.parse(JSON.stringify(value)) as JSONObject;
}
