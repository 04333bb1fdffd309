import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { embeddedAccount } from './embedded-accounts';
import { createEmbeddedServer } from './embedded-server';
import { localCertificate } from './local-certificate';
import type { SnapshotAnswer, SnapshotTask, StoreThreadInput, StoreThreadReady } from './local-cosmos-server';
import { putIntoEmbeddedStore, type Restored, writeSnapshotFile } from './local-snapshot-file';
import { readSnapshotFileOnOwnThread } from './local-snapshot-reader';

/**
 * The embedded Cosmos-compatible server on a thread of its own (local mode), set up as everywhere
 * (embedded-server.ts: queries from field indexes). Its work (queries, a query that selects by no
 * indexed field and reads the container, the snapshot's read and write) never holds up the bot's
 * event loop, so a turn never waits behind a background query or a snapshot read.
 */
const input = workerData as StoreThreadInput;
const writes = new Int32Array(input.writes);
async function main(): Promise<void> {
  const { cert, key } = await localCertificate();
  const server = createEmbeddedServer(cert, key, () => Atomics.add(writes, 0, 1));
  server.listen(input.port, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  parentPort?.postMessage({ port, certificate: cert } satisfies StoreThreadReady);
  parentPort?.on('message', (message: unknown) => {
    if (isSnapshotRequest(message)) {
      const { request, task } = message;
      runSnapshotTask(port, task).then(
        (done) => parentPort?.postMessage({ request, done } satisfies SnapshotAnswer),
        (error: unknown) =>
          parentPort?.postMessage({
            request,
            failed: error instanceof Error ? error.message : String(error),
          } satisfies SnapshotAnswer),
      );
      return;
    }
    if (message !== 'close') return;
    server.closeAllConnections();
    server.close(() => parentPort?.close());
  });
}

/**
 * The local data file, handled next to the data: the bot's thread never holds the history.
 * Restore: the file is read on a short-lived thread (local-snapshot-reader.ts), whose heap takes the
 * file's text and parse with it when it ends, and the live documents are put in here.
 */
async function runSnapshotTask(port: number, task: SnapshotTask): Promise<unknown> {
  const account = embeddedAccount(port);
  if ('restore' in task) {
    const { databaseId, file, now } = task.restore;
    const { contents, digest } = await readSnapshotFileOnOwnThread(file, now);
    return { documents: putIntoEmbeddedStore(account, databaseId, contents), digest } satisfies Restored;
  }
  const { databaseId, file, lastDigest } = task.flush;
  return writeSnapshotFile(account, databaseId, file, lastDigest);
}

function isSnapshotRequest(message: unknown): message is { request: number; task: SnapshotTask } {
  return typeof message === 'object' && message !== null && 'task' in message && 'request' in message;
}

if (parentPort) void main();
