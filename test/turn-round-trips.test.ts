import assert from 'node:assert/strict';
import { type CosmosStore, openCosmosStore } from '../bot/storage/cosmos-store';
import { type LocalCosmosServer, startLocalCosmosServer } from '../bot/storage/local-cosmos-server';
import { StoreRoundTrips } from './helpers/store-round-trips';
import { OTHER_TENANT, person, TestBot } from './helpers/test-bot';

/**
 * Store round trips one after the other before a turn's answer (issue 11). Counted at the HTTPS agent of the real SDK in front of a store of this file's own, so
 * nothing else on the store is counted; the finish mark, written after the answer, is left out.
 */
describe('store round trips on a turn', () => {
  let cosmos: LocalCosmosServer;
  let store: CosmosStore;
  let trips: StoreRoundTrips;
  let bot: TestBot;

  before(async () => {
    cosmos = await startLocalCosmosServer();
    trips = new StoreRoundTrips(cosmos.agent);
    store = await openCosmosStore(
      { endpoint: cosmos.endpoint, key: 'test-key', agent: cosmos.agent },
      'trips',
    );
  });

  after(async () => {
    await cosmos.close();
  });

  beforeEach(async () => {
    bot = await TestBot.start({ store, coordinators: [person('Carla').aadObjectId] });
  });

  afterEach(async () => {
    await bot.stop();
  });

  it('reads the profile and roles while Teams is asked who writes in a shared channel', async () => {
    const petra = bot.inSharedChannel('Petra Parkexpert', OTHER_TENANT);
    const readsPerson = () =>
      trips.requests.some((request) => request.kind === 'user' || request.kind === 'role-holder');
    let readWhileAsking = false;
    // Teams answers only once the store has been asked about the person (or after a second).
    bot.connector.delayMemberLookups(async () => {
      const deadline = Date.now() + 1_000;
      while (!readsPerson() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
      readWhileAsking = readsPerson();
    });
    trips.reset();
    await petra.says('help');
    assert.ok(petra.received().length > 0, 'the partner is answered');
    assert.ok(readWhileAsking, `the profile and roles waited for Teams:\n${trips.describe()}`);
  });
});
