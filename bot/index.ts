import type { CosmosClientOptions } from '@azure/cosmos';
import type { startApp as StartApp } from './app';
import { systemClock } from './clock';
import { type Config, ConfigError, loadConfig } from './config';
import { randomIds } from './ids';
import { createLogger, type Logger, prettyDestination } from './logger';
import { exitWhenLocalStoreStops } from './startup/exit-when-local-store-stops';
import { type CosmosStore, connectCosmosStore, openCosmosStore } from './storage/cosmos-store';
import { type LocalCosmosServer, startLocalCosmosServer } from './storage/local-cosmos-server';
import { localReceiptCodeSecret } from './storage/local-receipt-code-secret';
import { LocalSnapshot } from './storage/local-snapshot';

const SNAPSHOT_INTERVAL_MS = 2_000;

/** Production: the configured account, by key or by managed identity (created only then). */
async function remoteCosmosOptions(config: Config): Promise<CosmosClientOptions> {
  const endpoint = config.cosmos.endpoint as string;
  if (config.cosmos.key) return { endpoint, key: config.cosmos.key };
  const { DefaultAzureCredential } = await import('@azure/identity');
  return { endpoint, aadCredentials: new DefaultAzureCredential() };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(
    config.logLevel,
    config.logFormat === 'pretty' ? await prettyDestination() : undefined,
  );

  // The store's thread starts while this one loads the bot (botbuilder and the rest), and makes its
  // certificate meanwhile: in local mode start-up takes the longer of the two, not their sum. The
  // data file is read after both: read beside them, the three heaps' peaks left ~20 MB more
  // resident (docs/performance.md, "The store's thread first").
  const localStarting = config.cosmos.endpoint ? undefined : startLocalCosmosServer({ onWorkerThread: true });
  localStarting?.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  // require, not import(): a dynamic import would bypass the TypeScript loader under `node --require tsx/cjs`.
  const { startApp } = require('./app') as { startApp: typeof StartApp };

  let local: LocalCosmosServer | undefined;
  let cosmosOptions: CosmosClientOptions;
  if (!localStarting) {
    cosmosOptions = await remoteCosmosOptions(config);
  } else {
    local = await localStarting;
    exitWhenLocalStoreStops(local, logger);
    // The embedded server accepts any key; this one only satisfies the SDK's signature step.
    cosmosOptions = { endpoint: local.endpoint, key: 'local-embedded-store', agent: local.agent };
    logger.warn(
      { dataDir: config.localDataDir },
      'Local mode: embedded Cosmos-compatible store, data kept in a file',
    );
  }
  // A remote store is reached by startApp, with retries; the embedded one is here at once.
  const store: CosmosStore = local
    ? await openCosmosStore(cosmosOptions, config.cosmos.database)
    : connectCosmosStore(cosmosOptions, config.cosmos.database);
  const snapshot = local ? new LocalSnapshot(store, config.localDataDir, local) : undefined;
  if (snapshot) logger.info({ documents: await snapshot.restore() }, 'local data restored');
  if (!config.bot.appId) {
    logger.warn(
      'No MICROSOFT_APP_ID: /api/messages accepts unauthenticated requests; use this for local development only',
    );
  }

  // Until the store answers, SIGTERM just ends the wait.
  const starting = new AbortController();
  const stopWhileStarting = () => starting.abort();
  process.once('SIGTERM', stopWhileStarting);
  process.once('SIGINT', stopWhileStarting);
  let app: Awaited<ReturnType<typeof startApp>>;
  try {
    app = await startApp({
      config,
      store,
      clock: systemClock,
      ids: randomIds,
      logger,
      runDispatcherLoop: true,
      receiptCodeSecret: await receiptCodeSecretFor(config),
      signal: starting.signal,
      onListening: (address) => logger.info({ address }, 'listening; starting (waiting for the store)'),
    });
  } catch (error) {
    if (!starting.signal.aborted) throw error;
    logger.info('stopped while starting');
    await local?.close();
    process.exit(0);
  }
  process.off('SIGTERM', stopWhileStarting);
  process.off('SIGINT', stopWhileStarting);
  logger.info({ url: app.url, port: config.port }, 'Daadkracht is ready on /api/messages');
  const flushTimer = snapshot
    ? setInterval(() => void flushSafely(snapshot, logger), SNAPSHOT_INTERVAL_MS)
    : undefined;

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    clearInterval(flushTimer);
    // A background pass that failed against an unreachable store must not turn SIGTERM into a crash.
    await app
      .stop()
      .catch((error: unknown) => logger.error({ err: error }, 'stopping did not finish cleanly'));
    if (snapshot) await flushSafely(snapshot, logger);
    await local?.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/**
 * Production must configure the key (a secret, e.g. a Key Vault reference): instances share it,
 * and losing it only means that retries of forms sent before can no longer show their code.
 * Local mode keeps a generated key next to its data.
 */
async function receiptCodeSecretFor(config: Config): Promise<string | undefined> {
  if (config.receiptCodeSecret || config.cosmos.endpoint) return config.receiptCodeSecret;
  return localReceiptCodeSecret(config.localDataDir);
}

async function flushSafely(snapshot: LocalSnapshot, logger: Logger): Promise<void> {
  try {
    await snapshot.flush();
  } catch (error) {
    logger.error({ err: error }, 'could not write local data');
  }
}

main().catch((error) => {
  console.error('Daadkracht failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
