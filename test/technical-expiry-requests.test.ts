import assert from 'node:assert/strict';
import { EXPIRY_RULES, type ExpiryRule } from '../bot/domain/privacy/technical-expiry';
import { type CosmosStore, openCosmosStore } from '../bot/storage/cosmos-store';
import { CosmosTechnicalExpiry } from '../bot/storage/cosmos-technical-expiry-for-privacy';
import { CosmosFaultProxy, type Picks } from './helpers/cosmos-fault-proxy';
import { botOnItsOwnStore } from './helpers/own-store';
import { upsertInBatches } from './helpers/seed-documents';
import { sharedCosmosServer } from './helpers/shared-cosmos';
import { OTHER_TENANT, TENANT, TestBot } from './helpers/test-bot';

/**
 * The daily technical expiry deletes what has expired in bulk requests, up to 100 deletes per
 * tenant each: a catch-up of thousands of documents (a store restored from old data, the first
 * run after an outage) costs a few dozen requests, not one per document, and never touches what
 * has not expired. Counted at the real SDK's HTTPS agent in front of a store of this file's own.
 */
describe('technical expiry: deletes in bulk, per tenant', () => {
  let store: CosmosStore;
  const own = botOnItsOwnStore('expiry', (ownStore) => {
    store = ownStore;
    return TestBot.start({ store: ownStore, now: '2026-11-30T09:00:00Z' });
  });

  const marker = (tenantId: string, n: number, at: string) => ({
    id: `activity:${tenantId}-${n}`,
    type: 'processed-activity',
    tenantId,
    state: 'finished',
    at,
    ttl: 7 * 24 * 3600,
  });

  const seed = (tenantId: string, documents: Record<string, unknown>[]) =>
    upsertInBatches(store.container('tenantData'), tenantId, documents);

  async function markersOf(tenantId: string): Promise<string[]> {
    const { resources } = await store
      .container('tenantData')
      .items.query<{ id: string }>(
        {
          query: 'SELECT c.id FROM c WHERE c.tenantId = @tenantId AND c.type = "processed-activity"',
          parameters: [{ name: '@tenantId', value: tenantId }],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    return resources.map((doc) => doc.id).sort();
  }

  it('deletes 250 expired markers of two tenants in 3 bulk requests and keeps the fresh ones', async () => {
    const old = '2026-11-20T09:00:00Z';
    const fresh = '2026-11-29T09:00:00Z';
    await seed(TENANT, [
      ...Array.from({ length: 150 }, (_, n) => marker(TENANT, n, old)),
      marker(TENANT, 1000, fresh),
    ]);
    await seed(OTHER_TENANT, [
      ...Array.from({ length: 100 }, (_, n) => marker(OTHER_TENANT, n, old)),
      marker(OTHER_TENANT, 1000, fresh),
    ]);
    own.trips.reset();
    await own.bot.app.runPeriodicChecks();
    assert.deepEqual(await markersOf(TENANT), [`activity:${TENANT}-1000`], 'only the fresh marker stays');
    assert.deepEqual(await markersOf(OTHER_TENANT), [`activity:${OTHER_TENANT}-1000`]);
    const deleting = own.trips.requests.filter(
      (request) =>
        request.kinds.includes('activity') && (request.method === 'DELETE' || request.method === 'BATCH'),
    );
    assert.deepEqual(
      deleting.map((request) => `${request.method} ${request.kinds.length}`).sort(),
      ['BATCH 100', 'BATCH 100', 'BATCH 50'],
      own.trips.describe(deleting),
    );
  });
});

describe('technical expiry: a bulk request that fails as a whole', () => {
  let proxy: CosmosFaultProxy;
  let store: CosmosStore;
  let databases = 0;

  beforeEach(async () => {
    proxy = await CosmosFaultProxy.start(await sharedCosmosServer());
    databases += 1;
    store = await openCosmosStore(
      { endpoint: proxy.endpoint, key: 'test-key', agent: proxy.agent },
      `expiry-faults-${databases}`,
    );
  });

  afterEach(async () => {
    await proxy.close();
  });

  /** A bulk request (not atomic, not a query): the expiry's deletes. */
  const bulkRequests: Picks = (method, path, headers) =>
    method === 'POST' &&
    /\/colls\/tenantData\/docs$/.test(path) &&
    headers['x-ms-cosmos-is-batch-request'] === 'true' &&
    headers['x-ms-cosmos-batch-atomic'] !== 'true';

  it('deletes every expired marker one by one when the store keeps refusing its bulk request', async () => {
    const markers = Array.from({ length: 30 }, (_, n) => ({
      id: `activity:fault-${n}`,
      type: 'processed-activity',
      tenantId: TENANT,
      state: 'finished',
      at: '2026-11-01T09:00:00Z',
      ttl: 7 * 24 * 3600,
    }));
    await upsertInBatches(store.container('tenantData'), TENANT, markers);
    proxy.failWhere(bulkRequests, 'unavailable-before');
    const expiry = new CosmosTechnicalExpiry(store.container('tenantData'));
    const rule = EXPIRY_RULES.find((each) => each.name === 'processed-activity') as ExpiryRule;
    const deleted = await expiry.deleteExpired([{ rule, before: new Date('2026-11-23T09:00:00Z') }]);
    assert.ok(proxy.injected['unavailable-before'] >= 1, 'the bulk request was refused');
    assert.equal(deleted, 30);
    proxy.heal();
    const { resources } = await store
      .container('tenantData')
      .items.query({
        query: 'SELECT c.id FROM c WHERE c.tenantId = @tenantId AND c.type = "processed-activity"',
        parameters: [{ name: '@tenantId', value: TENANT }],
      })
      .fetchAll();
    assert.deepEqual(resources, [], 'no expired marker is left');
  });
});
