import assert from 'node:assert/strict';
import type { OperationInput } from '@azure/cosmos';
import type { CosmosStore } from '../bot/storage/cosmos-store';
import { freshStore } from './helpers/shared-cosmos';

/**
 * Local mode, the tests and the bench run on the embedded store. Its query engine used to take
 * time quadratic in a container's size (10,000 documents: about a second per query; 40,000: half
 * a minute), so a municipality with a few years of history waited seconds for every `open`.
 * Through the real SDK against the real embedded store: the same rows, in the order asked, in
 * time that grows with the container, not with its square.
 */
const TENANT = 'embedded-store-tenant';
const DOCUMENTS = 20_000;
const OPEN = 50;

describe('embedded store: queries over a large container', () => {
  let store: CosmosStore;

  before(async function () {
    this.timeout(180_000);
    store = await freshStore();
    const container = store.container('tenantData');
    const documents = Array.from({ length: DOCUMENTS }, (_, n) => ({
      id: `signal-${n}`,
      type: 'signal',
      tenantId: TENANT,
      status: n % (DOCUMENTS / OPEN) === 0 ? 'new' : 'closed',
      createdAt: new Date(Date.UTC(2020, 0, 1) + n * 60_000).toISOString(),
      reporterAadObjectId: `reporter-${n % 100}`,
      notes: [{ text: 'a' }, { text: 'b' }],
    }));
    for (let start = 0; start < documents.length; start += 100) {
      const operations = documents
        .slice(start, start + 100)
        .map(
          (resourceBody): OperationInput => ({ operationType: 'Create', partitionKey: TENANT, resourceBody }),
        );
      await container.items.batch(operations, TENANT);
    }
  });

  it('finds the open signals among 20,000 in well under a second, in the order asked', async () => {
    const started = performance.now();
    const { resources } = await store
      .container('tenantData')
      .items.query<{ id: string; createdAt: string }>(
        {
          query:
            'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "signal" AND c.status != "closed" ORDER BY c.createdAt',
          parameters: [{ name: '@tenantId', value: TENANT }],
        },
        { partitionKey: TENANT },
      )
      .fetchAll();
    const elapsed = performance.now() - started;
    assert.equal(resources.length, OPEN);
    assert.deepEqual(
      resources.map((signal) => signal.id),
      Array.from({ length: OPEN }, (_, n) => `signal-${n * (DOCUMENTS / OPEN)}`),
    );
    // Quadratic, this took several seconds on an idle machine; linear, tens of milliseconds.
    assert.ok(elapsed < 1_500, `the query took ${Math.round(elapsed)} ms`);
  });

  it('answers counts, TOP with ORDER BY DESC and JOINs with the same rows as before', async () => {
    const container = store.container('tenantData');
    const query = async <T>(sql: string) =>
      (await container.items.query<T>(sql, { partitionKey: TENANT }).fetchAll()).resources;
    assert.deepEqual(await query('SELECT VALUE COUNT(1) FROM c WHERE c.status = "closed"'), [
      DOCUMENTS - OPEN,
    ]);
    const latest = await query<{ id: string }>(
      'SELECT TOP 3 c.id FROM c WHERE c.reporterAadObjectId = "reporter-7" ORDER BY c.createdAt DESC',
    );
    assert.deepEqual(
      latest.map((row) => row.id),
      [`signal-${DOCUMENTS - 93}`, `signal-${DOCUMENTS - 193}`, `signal-${DOCUMENTS - 293}`],
    );
    const notes = await query<{ id: string; text: string }>(
      'SELECT c.id, n.text FROM c JOIN n IN c.notes WHERE c.status = "new" AND c.createdAt < "2020-01-01T00:01:00Z"',
    );
    assert.deepEqual(notes, [
      { id: 'signal-0', text: 'a' },
      { id: 'signal-0', text: 'b' },
    ]);
  });
});
