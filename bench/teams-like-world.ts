import { type CosmosStore, openCosmosStore } from '../bot/storage/cosmos-store';
import { type LocalCosmosServer, startLocalCosmosServer } from '../bot/storage/local-cosmos-server';
import { CaptureConnector, TEAMS_LIMITS } from '../test/helpers/capture-connector';

/**
 * How long Teams takes to accept a message (it is not instant: 100-300 ms is usual); with an
 * instant connector the simulation would need fewer sends in flight than production does.
 */
const TEAMS_LATENCY_MS = 150;

/**
 * What the fan-out and many-tenant benches run against: the store on its own thread (as in local
 * mode) and a connector that keeps Teams' rate limits and takes Teams' time per message.
 */
export async function startTeamsLikeWorld(
  database: string,
): Promise<{ cosmos: LocalCosmosServer; store: CosmosStore; connector: CaptureConnector }> {
  const cosmos = await startLocalCosmosServer({ onWorkerThread: true });
  const store = await openCosmosStore(
    { endpoint: cosmos.endpoint, key: 'bench', agent: cosmos.agent },
    database,
  );
  const connector = await CaptureConnector.start();
  connector.limitRate(TEAMS_LIMITS);
  connector.slowDown(TEAMS_LATENCY_MS);
  // Teams counts a request when it reaches Teams, not when this process gets round to reading it.
  await connector.countArrivalsOnOwnThread();
  return { cosmos, store, connector };
}
