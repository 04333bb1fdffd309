import { type Container, CosmosClient, type CosmosClientOptions, type Database } from '@azure/cosmos';
import { CONTAINERS, type ContainerName } from './containers';
import { resilientContainer } from './resilient-container';
import { probe, type StoreHealth } from './store-health';
import { skipUnwrittenDiagnostics } from './unwritten-diagnostics';

/**
 * The SDK's own throttling retries (up to 30 s by default) and its 60 s request timeout would
 * outlast a Teams turn; retries are ours (resilient-container.ts), bounded, and a request that
 * hangs is cut off early enough to try again within the turn.
 */
const CONNECTION_POLICY = {
  requestTimeout: 2_000,
  retryOptions: { maxRetryAttemptCount: 0, fixedRetryIntervalInMilliseconds: 0, maxWaitTimeInSeconds: 0 },
};

/** How long /healthz waits for the store before it calls it unreachable. */
const HEALTH_PROBE_TIMEOUT_MS = 5_000;

/** A database and its containers; `prepare` makes sure they exist. */
export interface CosmosStore {
  client: CosmosClient;
  database: Database;
  container(name: ContainerName): Container;
  /** Creates the database and containers if missing (reads only, when they exist). */
  prepare(signal?: AbortSignal): Promise<void>;
  /** Whether the store answers, and why not; used by /healthz. */
  health(): Promise<StoreHealth>;
}

/** The store's handles, without a network call: start-up reaches the store later, with retries. */
export function connectCosmosStore(options: CosmosClientOptions, databaseId: string): CosmosStore {
  const client = new CosmosClient({
    ...options,
    connectionPolicy: { ...CONNECTION_POLICY, ...options.connectionPolicy },
  });
  skipUnwrittenDiagnostics(client);
  const database = client.database(databaseId);
  const health = () => probe((abortSignal) => database.read({ abortSignal }), HEALTH_PROBE_TIMEOUT_MS);
  const containers = new Map<ContainerName, Container>();
  const container = (name: ContainerName): Container => {
    let found = containers.get(name);
    if (!found) {
      found = resilientContainer(database.container(CONTAINERS[name].id));
      containers.set(name, found);
    }
    return found;
  };
  return {
    client,
    database,
    container,
    prepare: async (abortSignal) => {
      await client.databases.createIfNotExists({ id: databaseId }, { abortSignal });
      for (const definition of Object.values(CONTAINERS)) {
        await database.containers.createIfNotExists(structuredClone(definition) as never, { abortSignal });
      }
    },
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
