import { type Container, CosmosClient, type CosmosClientOptions, type Database } from '@azure/cosmos';
import { CONTAINERS, type ContainerName } from './containers';
import { probe, type StoreHealth } from './store-health';

/** How long /healthz waits for the store before it calls it unreachable. */
const HEALTH_PROBE_TIMEOUT_MS = 5_000;

/** A database and its containers; `prepare` makes sure they exist. */
export interface CosmosStore {
  client: CosmosClient;
  database: Database;
  container(name: ContainerName): Container;
  /** Creates the database and containers if missing (reads only, when they exist). */
  prepare(signal?: AbortSignal): Promise<void>;
  /** True when the store answers. */
  isReachable(): Promise<boolean>;
  /** Whether the store answers, and why not; used by /healthz. */
  health(): Promise<StoreHealth>;
}

/** The store's handles, without a network call: start-up reaches the store later, with retries. */
export function connectCosmosStore(options: CosmosClientOptions, databaseId: string): CosmosStore {
  const client = new CosmosClient(options);
  const database = client.database(databaseId);
  const health = () => probe((abortSignal) => database.read({ abortSignal }), HEALTH_PROBE_TIMEOUT_MS);
  return {
    client,
    database,
    container: (name) => database.container(CONTAINERS[name].id),
    prepare: async (abortSignal) => {
      await client.databases.createIfNotExists({ id: databaseId }, { abortSignal });
      for (const definition of Object.values(CONTAINERS)) {
        await database.containers.createIfNotExists(structuredClone(definition) as never, { abortSignal });
      }
    },
    isReachable: async () => (await health()).reachable,
    health,
  };
}

/** Creates the database and containers if missing, then hands out typed container handles. */
export async function openCosmosStore(
  options: CosmosClientOptions,
  databaseId: string,
): Promise<CosmosStore> {
  const store = connectCosmosStore(options, databaseId);
  await store.prepare();
  return store;
}
