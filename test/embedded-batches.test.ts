import assert from 'node:assert/strict';
import type { Container, OperationInput } from '@azure/cosmos';
import { freshStore } from './helpers/shared-cosmos';

/**
 * A transactional batch is all or nothing on Azure Cosmos DB: a tenant's reference counter never
 * steps without the signal it numbers, a signal change never lands without the outbox entry that
 * tells the reporter. Local mode and the tests run on the embedded store, which used to keep the
 * operations before a failed one. Through the real SDK against the embedded store: a failed batch
 * leaves every document as it was (same ETag), also for queries; a bulk request stays per item.
 */
const TENANT = 'batch-tenant';

interface Stored {
  id: string;
  type: string;
  tenantId: string;
  value?: number;
  _etag: string;
}

describe('embedded store: transactional batches are all or nothing', () => {
  let container: Container;

  beforeEach(async () => {
    container = (await freshStore()).container('tenantData');
    await container.items.create({ id: 'counter', type: 'counter', tenantId: TENANT, value: 7 });
    await container.items.create({ id: 'signal-7', type: 'signal', tenantId: TENANT });
  });

  const read = async (id: string) => (await container.item(id, TENANT).read<Stored>()).resource;
  const ofType = async (type: string) =>
    (
      await container.items
        .query<Stored>(
          { query: 'SELECT * FROM c WHERE c.type = @type', parameters: [{ name: '@type', value: type }] },
          { partitionKey: TENANT },
        )
        .fetchAll()
    ).resources;
  /** The counter stepped to `value`, on the condition that it is still the version `etag`. */
  const stepCounter = (etag: string, value: number): OperationInput => ({
    operationType: 'Replace',
    id: 'counter',
    partitionKey: TENANT,
    ifMatch: etag,
    resourceBody: { id: 'counter', type: 'counter', tenantId: TENANT, value },
  });
  const create = (id: string, type: string): OperationInput => ({
    operationType: 'Create',
    partitionKey: TENANT,
    resourceBody: { id, type, tenantId: TENANT },
  });
  const batch = async (operations: OperationInput[]) =>
    ((await container.items.batch(operations, TENANT)).result ?? []).map((result) => result.statusCode);

  it('keeps the counter where it was when the number it gives is already taken', async () => {
    const counter = (await read('counter')) as Stored;
    const statuses = await batch([stepCounter(counter._etag, 8), create('signal-7', 'signal')]);
    assert.deepEqual(statuses, [424, 409]);
    const after = (await read('counter')) as Stored;
    assert.equal(after.value, 7);
    assert.equal(after._etag, counter._etag, 'the counter is the same version, so its ETag still matches');
    assert.deepEqual(
      (await ofType('counter')).map((found) => found.value),
      [7],
      'a query finds the counter as it was',
    );
  });

  it('stores no document created before a failed operation', async () => {
    const statuses = await batch([create('signal-8', 'signal'), stepCounter('"stale"', 8)]);
    assert.deepEqual(statuses, [424, 412]);
    assert.equal(await read('signal-8'), undefined);
    assert.deepEqual(
      (await ofType('signal')).map((found) => found.id),
      ['signal-7'],
    );
  });

  it('brings back a document deleted before a failed operation, as it was', async () => {
    const signal = (await read('signal-7')) as Stored;
    const statuses = await batch([
      { operationType: 'Delete', id: 'signal-7', partitionKey: TENANT },
      create('counter', 'counter'),
    ]);
    assert.deepEqual(statuses, [424, 409]);
    assert.equal(((await read('signal-7')) as Stored)._etag, signal._etag);
  });

  it('applies every operation of a batch that succeeds', async () => {
    const counter = (await read('counter')) as Stored;
    const statuses = await batch([stepCounter(counter._etag, 8), create('signal-8', 'signal')]);
    assert.deepEqual(statuses, [200, 201]);
    assert.equal(((await read('counter')) as Stored).value, 8);
    assert.ok(await read('signal-8'));
  });

  it('keeps what succeeded in a bulk request, which is per item', async () => {
    const answers = await container.items.bulk([create('signal-9', 'signal'), create('signal-7', 'signal')]);
    assert.deepEqual(
      answers.map((answer) => answer.statusCode),
      [201, 409],
    );
    assert.ok(await read('signal-9'));
  });
});
