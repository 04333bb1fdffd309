import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
  it('holds every container with the partition key Azure is given (the tenant, hash version 2)', async () => {
    // infra/ creates the containers from this file; the SDK hashes a bulk request's keys by its version.
    const infra = JSON.parse(readFileSync('infra/containers.json', 'utf8')) as Record<string, { id: string }>;
    for (const { id } of Object.values(infra)) {
      const { resource } = await store.database.container(id).read();
      assert.deepEqual(resource?.partitionKey, { paths: ['/tenantId'], kind: 'Hash', version: 2 }, id);
    }
  });
});

/**
 * What the store's indexes are for: a query is handed the documents its most selective condition
 * picks, not the container. Counted where the store hands them to the query engine.
 */
describe('embedded store: a query reads what it matches, not the container', () => {
  const SIGNALS = 2_000;
  let store: CosmosStore;
  let handed: number[] = [];
  let exec: ((documents: unknown[], options: unknown) => unknown) | undefined;
  let engine: { exec(documents: unknown[], options: unknown): unknown };

  before(async function () {
    this.timeout(60_000);
    store = await freshStore();
    const container = store.container('tenantData');
    for (let start = 0; start < SIGNALS; start += 100) {
      const operations = Array.from(
        { length: 100 },
        (_, i): OperationInput => ({
          operationType: 'Create',
          partitionKey: TENANT,
          resourceBody: {
            id: `signal-${start + i}`,
            type: 'signal',
            tenantId: TENANT,
            reference: `OND-2026-${start + i}`,
            status: (start + i) % 100 === 0 ? 'new' : 'closed',
            reporterAadObjectId: `reporter-${(start + i) % 40}`,
          },
        }),
      );
      await container.items.batch(operations, TENANT);
    }
    // The engine the server itself loads (its copy of @zeit/cosmosdb-query).
    const requireFromServer = createRequire(require.resolve('@vercel/cosmosdb-server'));
    const parse = requireFromServer('@zeit/cosmosdb-query').default as (sql: string) => typeof engine;
    engine = Object.getPrototypeOf(parse('SELECT * FROM c'));
    const own = engine.exec;
    exec = own;
    engine.exec = function counted(documents, options) {
      handed.push(documents.length);
      return own.call(this, documents, options);
    };
  });

  after(() => {
    if (exec) engine.exec = exec;
  });

  const ask = async (query: string, parameters: { name: string; value: string }[] = []) => {
    handed = [];
    const { resources } = await store
      .container('tenantData')
      .items.query(
        { query, parameters: [{ name: '@tenantId', value: TENANT }, ...parameters] },
        { partitionKey: TENANT },
      )
      .fetchAll();
    return { rows: resources.length, handed: handed.reduce((sum, n) => sum + n, 0) };
  };

  it('hands the engine the one signal with the reference, the open ones, and a reporter’s latest five', async () => {
    assert.deepEqual(
      await ask('SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "signal" AND c.reference = @r', [
        { name: '@r', value: 'OND-2026-1234' },
      ]),
      { rows: 1, handed: 1 },
    );
    assert.deepEqual(
      await ask(
        'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "signal" AND c.status != "closed" ORDER BY c.reference',
      ),
      { rows: SIGNALS / 100, handed: SIGNALS / 100 },
    );
    assert.deepEqual(
      await ask(
        'SELECT TOP 5 * FROM c WHERE c.tenantId = @tenantId AND c.reporterAadObjectId = @who ORDER BY c.reference DESC',
        [{ name: '@who', value: 'reporter-7' }],
      ),
      // TOP 5 of the reporter's 50 by ORDER BY: the first five in that order (embedded-top-prefix.ts).
      { rows: 5, handed: 5 },
    );
  });

  it('keeps handing only the matches after the documents change', async () => {
    const container = store.container('tenantData');
    const { resource } = await container.item('signal-1234', TENANT).read();
    await container.item('signal-1234', TENANT).replace({ ...resource, reference: 'OND-2026-NIEUW' });
    await container.items.create({
      id: 'signal-extra',
      type: 'signal',
      tenantId: TENANT,
      reference: 'OND-2026-1234',
    });
    await container.item('signal-5', TENANT).delete();
    const byReference = (reference: string) =>
      ask('SELECT c.id FROM c WHERE c.tenantId = @tenantId AND c.reference = @r', [
        { name: '@r', value: reference },
      ]);
    assert.deepEqual(await byReference('OND-2026-1234'), { rows: 1, handed: 1 });
    assert.deepEqual(await byReference('OND-2026-NIEUW'), { rows: 1, handed: 1 });
    assert.deepEqual(await byReference('OND-2026-5'), { rows: 0, handed: 0 });
  });
});
