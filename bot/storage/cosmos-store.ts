import { type Container, CosmosClient, type CosmosClientOptions, type Database } from '@azure/cosmos';
import { CONTAINERS, type ContainerName } from './containers';

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
  const client = new CosmosClient(options);
  const { database } = await client.databases.createIfNotExists({ id: databaseId });
  for (const definition of Object.values(CONTAINERS)) {
    await database.containers.createIfNotExists(structuredClone(definition) as never);
  }
  return {
    client,
    database,
    container: (name) => database.container(CONTAINERS[name].id),
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
