import assert from 'node:assert/strict';
import type { CosmosStore } from '../bot/storage/cosmos-store';
import { botOnItsOwnStore } from './helpers/own-store';
import { upsertInBatches } from './helpers/seed-documents';
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
