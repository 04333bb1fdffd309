import assert from 'node:assert/strict';
import { openCosmosStore } from '../bot/storage/cosmos-store';
import { type LocalCosmosServer, startLocalCosmosServer } from '../bot/storage/local-cosmos-server';
import { SameTickBulk } from '../bot/storage/same-tick-bulk';
import { StoreRoundTrips } from './helpers/store-round-trips';
import { OTHER_TENANT, TENANT } from './helpers/test-bot';

/**
 * What the same turn of the event loop asks of `tenantData` leaves as one bulk request per tenant
 * (the turn opener's reads and the dedupe claim share one): real SDK, real embedded store.
 */
describe('operations asked for in the same tick, sent together', () => {
  let cosmos: LocalCosmosServer;
  let trips: StoreRoundTrips;
  let databases = 0;

  before(async () => {
    cosmos = await startLocalCosmosServer();
    trips = new StoreRoundTrips(cosmos.agent);
  });

  after(async () => {
    await cosmos.close();
  });

  /** Bulk requests (the SDK reads the partition-key ranges once per container before the first). */
  const bulkRequests = () => trips.requests.filter((request) => request.method === 'BATCH').length;

  async function tenantData() {
    databases += 1;
    const store = await openCosmosStore(
      { endpoint: cosmos.endpoint, key: 'test-key', agent: cosmos.agent },
      `same-tick-${databases}`,
    );
    const container = store.container('tenantData');
    await container.items.create({ id: 'user:a', type: 'user', tenantId: TENANT });
    return container;
  }

  it('sends the reads and creates of one tick as one request per tenant, each with its own answer', async () => {
    const together = new SameTickBulk(await tenantData());
    trips.reset();
    const [found, absent, created, taken, elsewhere, elsewhereToo] = await Promise.all([
      together.submit(TENANT, { operationType: 'Read', id: 'user:a' }),
      together.submit(TENANT, { operationType: 'Read', id: 'user:b' }),
      // A few awaits later, still in the same tick: it comes along.
      Promise.resolve()
        .then(() => undefined)
        .then(() =>
          together.submit(TENANT, {
            operationType: 'Create',
            resourceBody: { id: 'activity:1', type: 'processed-activity', tenantId: TENANT },
          }),
        ),
      together.submit(TENANT, {
        operationType: 'Create',
        resourceBody: { id: 'user:a', type: 'user', tenantId: TENANT },
      }),
      together.submit(OTHER_TENANT, { operationType: 'Read', id: 'user:a' }),
      together.submit(OTHER_TENANT, { operationType: 'Read', id: 'user:b' }),
    ]);
    assert.deepEqual(
      [found, absent, created, taken, elsewhere, elsewhereToo].map((answer) => answer?.statusCode),
      [200, 404, 201, 409, 404, 404],
      "each operation's own answer; the other tenant's partition does not hold this tenant's user",
    );
    assert.equal(bulkRequests(), 2, `one request per tenant:\n${trips.describe()}`);
  });

  it('splits more than a hundred operations of one tenant into requests the store takes', async () => {
    const together = new SameTickBulk(await tenantData());
    trips.reset();
    const answers = await Promise.all(
      Array.from({ length: 150 }, (_, n) =>
        together.submit(TENANT, { operationType: 'Read', id: n === 149 ? 'user:a' : `user:none-${n}` }),
      ),
    );
    assert.equal(answers.filter((answer) => answer?.statusCode === 404).length, 149);
    assert.equal(answers.at(-1)?.statusCode, 200, 'the last one, in the second request, is read too');
    assert.equal(bulkRequests(), 2, `two requests of at most 100:\n${trips.describe()}`);
  });

  it('reads a document asked for alone in its tick with a point read, not a bulk request of one', async () => {
    const together = new SameTickBulk(await tenantData());
    await together.submit(TENANT, { operationType: 'Read', id: 'user:a' }); // the ranges, read once
    trips.reset();
    const [found, absent] = [
      await together.submit(TENANT, { operationType: 'Read', id: 'user:a' }),
      await together.submit(TENANT, { operationType: 'Read', id: 'user:b' }),
    ];
    assert.deepEqual([found?.statusCode, absent?.statusCode], [200, 404]);
    assert.equal((found?.resourceBody as { id?: string } | undefined)?.id, 'user:a');
    assert.deepEqual(
      trips.requests.map((request) => request.method),
      ['GET', 'GET'],
      `two point reads:\n${trips.describe()}`,
    );
  });
});
