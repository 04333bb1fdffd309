import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { createHttpsServer } from '@vercel/cosmosdb-server';
import { answerQueryPlansAtOnce } from './embedded-query-plans';
import { makeEmbeddedQueriesLinear } from './linear-embedded-queries';
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
  const server = createHttpsServer({ cert: input.cert, key: input.key, keepAlive: true });
  answerQueryPlansAtOnce(server);
  server.on('request', (req: IncomingMessage) => {
    if (isStoreWrite(req)) Atomics.add(writes, 0, 1);
  });
  server.listen(input.port, '127.0.0.1');
  await once(server, 'listening');
  parentPort?.postMessage({ port: (server.address() as AddressInfo).port });
  parentPort?.on('message', (message: unknown) => {
    if (message !== 'close') return;
    server.closeAllConnections();
    server.close(() => parentPort?.close());
  });
}

if (parentPort) void main();
