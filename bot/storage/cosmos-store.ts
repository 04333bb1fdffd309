import { type Container, CosmosClient, type CosmosClientOptions, type Database } from '@azure/cosmos';
import { CONTAINERS, type ContainerName } from './containers';
import { resilientContainer } from './resilient-container';

/**
 * The SDK's own throttling retries (up to 30 s by default) and its 60 s request timeout would
 * outlast a Teams turn; retries are ours (resilient-container.ts), bounded, and a request that
 * hangs is cut off early enough to try again within the turn.
 */
const CONNECTION_POLICY = {
  requestTimeout: 2_000,
  retryOptions: { maxRetryAttemptCount: 0, fixedRetryIntervalInMilliseconds: 0, maxWaitTimeInSeconds: 0 },
};

/** An opened database with every container created and ready. */
export interface CosmosStore {
  client: CosmosClient;
  database: Database;
  container(name: ContainerName): Container;
  /** True when the store answers; used by /healthz. */
  isReachable(): Promise<boolean>;
}

/** Creates the database and containers if missing, then hands out typed container handles. */
export async function openCosmosStore(
  options: CosmosClientOptions,
  databaseId: string,
): Promise<CosmosStore> {
  const client = new CosmosClient({
    ...options,
    connectionPolicy: { ...CONNECTION_POLICY, ...options.connectionPolicy },
  });
  const { database } = await client.databases.createIfNotExists({ id: databaseId });
  for (const definition of Object.values(CONTAINERS)) {
    await database.containers.createIfNotExists(structuredClone(definition) as never);
  }
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
    isReachable: async () => {
      try {
        await database.read();
        return true;
      } catch {
        // Any failure means "not reachable"; the reason is logged by the caller's probe.
        return false;
      }
    },
  };
}
