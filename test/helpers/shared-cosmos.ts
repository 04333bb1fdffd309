import { type CosmosStore, openCosmosStore } from '../../bot/storage/cosmos-store';
import { type LocalCosmosServer, startLocalCosmosServer } from '../../bot/storage/local-cosmos-server';

/**
 * One in-process Cosmos-compatible server for the whole test run; every test gets a database of
 * its own on it, so tests never see each other's data.
 */
let server: Promise<LocalCosmosServer> | undefined;
let databaseCounter = 0;

export function sharedCosmosServer(): Promise<LocalCosmosServer> {
  server ??= startLocalCosmosServer();
  return server;
}

export async function freshStore(): Promise<CosmosStore> {
  const cosmos = await sharedCosmosServer();
  databaseCounter += 1;
  return openCosmosStore(
    { endpoint: cosmos.endpoint, key: 'test-key', agent: cosmos.agent },
    `test-db-${databaseCounter}`,
  );
}

export async function stopSharedCosmosServer(): Promise<void> {
  if (server) await (await server).close();
  server = undefined;
}
