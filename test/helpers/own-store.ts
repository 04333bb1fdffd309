import { type CosmosStore, openCosmosStore } from '../../bot/storage/cosmos-store';
import { type LocalCosmosServer, startLocalCosmosServer } from '../../bot/storage/local-cosmos-server';
import { StoreRoundTrips } from './store-round-trips';
import type { TestBot } from './test-bot';

export interface OwnStore {
  /** The store requests of this suite's bot, and nothing else. */
  readonly trips: StoreRoundTrips;
  /** This test's bot, on a fresh database. */
  readonly bot: TestBot;
}

/**
 * For a suite that counts a turn's store requests: registers the hooks that start a store server
 * of the suite's own (so nothing else on it is counted) with its requests watched, and for each
 * test a fresh database and a bot from `start`. Read `trips` and `bot` inside hooks and tests.
 */
export function botOnItsOwnStore(name: string, start: (store: CosmosStore) => Promise<TestBot>): OwnStore {
  let cosmos: LocalCosmosServer;
  let databases = 0;
  const own = {} as { trips: StoreRoundTrips; bot: TestBot };

  before(async () => {
    cosmos = await startLocalCosmosServer();
    own.trips = new StoreRoundTrips(cosmos.agent);
  });

  after(async () => {
    await cosmos.close();
  });

  beforeEach(async () => {
    databases += 1;
    const store = await openCosmosStore(
      { endpoint: cosmos.endpoint, key: 'test-key', agent: cosmos.agent },
      `${name}-${databases}`,
    );
    own.bot = await start(store);
  });

  afterEach(async () => {
    own.trips.hold(undefined);
    await own.bot.stop();
  });

  return own;
}
