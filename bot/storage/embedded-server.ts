import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'node:https';
import { createHttpsServer } from '@vercel/cosmosdb-server';
import { makeEmbeddedBatchesAtomic } from './atomic-embedded-batches';
import { captureEmbeddedAccounts } from './embedded-accounts';
import { answerEmbeddedQueriesFromIndexes } from './embedded-indexed-queries';
import { answerQueryPlansAtOnce } from './embedded-query-plans';
import { makeEmbeddedQueriesLinear } from './linear-embedded-queries';
import { countStoreWriteWhenAnswered } from './store-writes';

/**
 * The embedded Cosmos-compatible server (@vercel/cosmosdb-server) as this project runs it, in one
 * place for all who start one (the tests and the bench's store process in the bot's process, local
 * mode on a thread of its own): queries linear in what they are handed, answered from field
 * indexes, no query plans, transactional batches all or nothing, its account reachable for the local data file, and every write counted
 * (`onWrite`) once answered. Not listening yet.
 */
export function createEmbeddedServer(cert: string, key: string, onWrite: () => void): Server {
  makeEmbeddedQueriesLinear();
  answerEmbeddedQueriesFromIndexes();
  captureEmbeddedAccounts();
  makeEmbeddedBatchesAtomic();
  const server: Server = createHttpsServer({ cert, key, keepAlive: true });
  answerQueryPlansAtOnce(server);
  server.on('request', (req: IncomingMessage, res: ServerResponse) =>
    countStoreWriteWhenAnswered(req, res, onWrite),
  );
  return server;
}
