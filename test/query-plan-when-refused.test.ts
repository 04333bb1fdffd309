import assert from 'node:assert/strict';
import type { Container } from '@azure/cosmos';
import { CosmosDocuments } from '../bot/storage/cosmos-documents';
import { type CosmosStore, openCosmosStore } from '../bot/storage/cosmos-store';
import { askForQueryPlanOnlyWhenRefused } from '../bot/storage/query-plan-when-refused';
import { CosmosFaultProxy } from './helpers/cosmos-fault-proxy';
import { sharedCosmosServer } from './helpers/shared-cosmos';
import { StoreRoundTrips } from './helpers/store-round-trips';

type Probe = { id: string; tenantId: string; type: 'probe'; n: number };

/**
 * @azure/cosmos asks the gateway for a query plan beside every query, and uses it only when the
 * store refuses the query for want of one. A query scoped to one tenant's partition is executed
 * wholly by that partition, so its plan is asked for only on such a refusal. Counted at the SDK's
 * HTTPS agent, so an SDK upgrade that changes what this relies on fails here: either the plan
 * request comes back beside every tenant query, or a refused query no longer gets its plan.
 */
describe('query plans: asked for only when the store wants one', () => {
  let proxy: CosmosFaultProxy;
  let store: CosmosStore;
  let trips: StoreRoundTrips;
  let probes: CosmosDocuments<Probe>;
  let container: Container;

  before(async () => {
    proxy = await CosmosFaultProxy.start(await sharedCosmosServer());
    store = await openCosmosStore(
      { endpoint: proxy.endpoint, key: 'test-key', agent: proxy.agent },
      'query-plans',
    );
    trips = new StoreRoundTrips(proxy.agent);
    container = store.container('tenantData');
    probes = new CosmosDocuments<Probe>(container, 'probe');
    for (const tenantId of ['tenant-a', 'tenant-b'])
      for (let n = 1; n <= 5; n += 1)
        await probes.createIfAbsent({ id: `p${n}`, tenantId, type: 'probe', n });
  });

  afterEach(() => proxy.heal());

  after(async () => {
    store.client.dispose();
    await proxy.close();
  });

  const methods = () => trips.requests.map((request) => request.method);
  const ids = (rows: { tenantId: string; id: string }[]) =>
    rows.map((row) => `${row.tenantId}/${row.id}`).sort();
  const tenantA = ['tenant-a/p1', 'tenant-a/p2', 'tenant-a/p3', 'tenant-a/p4', 'tenant-a/p5'];

  it("sends a tenant's query alone, without a plan request beside it", async () => {
    trips.reset();
    const rows = await probes.list('tenant-a');
    assert.deepEqual(ids(rows), tenantA);
    assert.deepEqual(methods(), ['QUERY'], trips.describe());
  });

  it('still asks for the plan beside a query across tenants (operator jobs)', async () => {
    trips.reset();
    const rows = await probes.listAcrossTenantsWhere();
    assert.equal(rows.length, 10);
    assert.deepEqual(methods().sort(), ['PLAN', 'QUERY'], trips.describe());
  });

  it("fetches the plan when the store refuses a tenant's query for want of one, and answers the same rows", async () => {
    proxy.demandQueryPlans();
    trips.reset();
    const rows = await probes.list('tenant-a', 'AND c.n >= @n', [{ name: '@n', value: 2 }]);
    assert.deepEqual(ids(rows), tenantA.slice(1));
    assert.deepEqual(proxy.plans, { refused: 1, served: 1 });
    assert.deepEqual(
      trips.requests.map((request) => `${request.method} ${request.path.replace(/^.*\//, '')}`),
      ['QUERY docs', 'PLAN docs', 'GET pkranges', 'QUERY docs'],
      trips.describe(),
    );
  });

  it('fetches the plan on refusal also when the pages are read one by one or iterated', async () => {
    proxy.demandQueryPlans();
    const query = () =>
      container.items.query<Probe>('SELECT * FROM c WHERE c.tenantId = "tenant-b" AND c.type = "probe"', {
        partitionKey: 'tenant-b',
        maxItemCount: 2,
      });
    const paged = query();
    const byPage: Probe[] = [];
    while (paged.hasMoreResults()) byPage.push(...(await paged.fetchNext()).resources);
    const iterated: Probe[] = [];
    for await (const page of query().getAsyncIterator()) iterated.push(...page.resources);
    const tenantB = tenantA.map((id) => id.replace('tenant-a', 'tenant-b'));
    assert.deepEqual(ids(byPage), tenantB);
    assert.deepEqual(ids(iterated), tenantB);
    assert.deepEqual(proxy.plans, { refused: 2, served: 2 }, 'one refusal and one plan per query');
  });

  it('leaves a query across tenants as the SDK runs it when the store refuses it', async () => {
    proxy.demandQueryPlans();
    const rows = await probes.listAcrossTenantsWhere('AND c.n = @n', [{ name: '@n', value: 3 }]);
    assert.deepEqual(ids(rows), ['tenant-a/p3', 'tenant-b/p3']);
    assert.deepEqual(proxy.plans, { refused: 1, served: 1 });
  });

  it('changes nothing on an iterator of a shape it does not know (an SDK upgrade)', () => {
    const unknown = { fetchQueryPlan: () => Promise.resolve(undefined) };
    const before = unknown.fetchQueryPlan;
    const same = askForQueryPlanOnlyWhenRefused(unknown as never, { partitionKey: 'tenant-a' });
    assert.equal(same, unknown);
    assert.equal(unknown.fetchQueryPlan, before);
  });
});
