import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { createHttpsServer } from '@vercel/cosmosdb-server';
import { captureEmbeddedAccounts, embeddedAccount } from './embedded-accounts';
import { answerQueryPlansAtOnce } from './embedded-query-plans';
import { makeEmbeddedQueriesLinear } from './linear-embedded-queries';
import { putIntoEmbeddedStore } from './local-snapshot-file';
import { readSnapshotFileOnOwnThread } from './local-snapshot-reader';
import { isStoreWrite } from './store-writes';

/**
 * The embedded Cosmos-compatible server on a thread of its own (local mode). It answers every
 * query by copying and filtering every document of a container; here that work no longer holds
 * up the bot's event loop, so a turn never waits behind a background query or a snapshot read.
 */
interface WorkerInput {
  cert: string;
  key: string;
  port: number;
  /** One Int32 slot: the number of writes the store has taken (for the local snapshot). */
  writes: SharedArrayBuffer;
}

const input = workerData as WorkerInput;
const writes = new Int32Array(input.writes);

async function main(): Promise<void> {
  makeEmbeddedQueriesLinear();
  captureEmbeddedAccounts();
  const server = createHttpsServer({ cert: input.cert, key: input.key, keepAlive: true });
  answerQueryPlansAtOnce(server);
  server.on('request', (req: IncomingMessage) => {
    if (isStoreWrite(req)) Atomics.add(writes, 0, 1);
  });
  server.listen(input.port, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  parentPort?.postMessage({ port });
  parentPort?.on('message', (message: unknown) => {
    if (isRestore(message)) {
      // The data file is read on a short-lived thread and put in here: the history never passes
      // through the bot's heap, and the file's text and parse die with that thread.
      const { request, databaseId, file, now } = message.restore;
      readSnapshotFileOnOwnThread(file, now)
        .then(({ contents, digest }) => ({
          documents: putIntoEmbeddedStore(embeddedAccount(port), databaseId, contents),
          digest,
        }))
        .then(
          (restored) => parentPort?.postMessage({ request, restored }),
          (error: unknown) =>
            parentPort?.postMessage({
              request,
              failed: error instanceof Error ? error.message : String(error),
            }),
        );
      return;
    }
    if (message !== 'close') return;
    server.closeAllConnections();
    server.close(() => parentPort?.close());
  });
}

interface RestoreMessage {
  restore: { request: number; databaseId: string; file: string; now: number };
}

function isRestore(message: unknown): message is RestoreMessage {
  return typeof message === 'object' && message !== null && 'restore' in message;
}

if (parentPort) void main();
