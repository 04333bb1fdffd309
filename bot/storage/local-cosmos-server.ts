import { once } from 'node:events';
import { Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { embeddedAccount, forgetEmbeddedAccount } from './embedded-accounts';
import type * as EmbeddedServer from './embedded-server';
import { type LocalCertificate, localCertificate } from './local-certificate';
import { loadSnapshotFile, type Restored, writeSnapshotFile } from './local-snapshot-file';
import { workerSource } from './worker-files';

/**
 * The embedded Cosmos-compatible server used locally and in tests. It gets a fresh
 * certificate for localhost, and the client trusts exactly that certificate: TLS stays
 * verified without turning off certificate checks for the whole process.
 */
export interface LocalCosmosServer {
  endpoint: string;
  agent: Agent;
  /** The server's certificate (PEM), the one `agent` trusts: for a client in another process. */
  certificate: string;
  /** How many writes the store has taken so far; the local snapshot skips a flush without any. */
  writes(): number;
  /** Loads a local data file into a database whose containers exist, on the store's thread. */
  restore(databaseId: string, file: string, now: Date): Promise<Restored>;
  /** Writes a database to a local data file unless unchanged, on the store's thread; its digest. */
  flush(databaseId: string, file: string, lastDigest: string): Promise<string>;
  /**
   * Calls `listener` once if the store's thread stops other than by `close()` (a crash, an exit):
   * the bot cannot work without it. Called at once if it has stopped already. Never in process.
   */
  onStopped(listener: (reason: string) => void): void;
  /** The store's thread (local mode), so a test can stop it as a crash would; undefined in process. */
  readonly thread?: Worker;
  close(): Promise<void>;
}

export interface LocalCosmosOptions {
  port?: number;
  /**
   * Run the server on a worker thread (local mode): its work (a query that selects by no indexed
   * field still reads the container; the snapshot) then never blocks the bot's event loop. Tests
   * keep it in process, where it starts faster.
   */
  onWorkerThread?: boolean;
}

export async function startLocalCosmosServer(options: LocalCosmosOptions = {}): Promise<LocalCosmosServer> {
  const port = options.port ?? 0;
  // On a worker, the thread starts before this function's first await: it makes its certificate
  // and starts its server while the caller goes on loading the bot.
  const running = options.onWorkerThread
    ? await startOnWorker(port)
    : await startInProcess(await localCertificate(), port);
  const agent = new Agent({ ca: running.certificate, keepAlive: true });
  return {
    endpoint: `https://127.0.0.1:${running.port}`,
    agent,
    certificate: running.certificate,
    writes: running.writes,
    restore: running.restore,
    flush: running.flush,
    onStopped: running.onStopped,
    thread: running.thread,
    close: async () => {
      agent.destroy();
      await running.close();
    },
  };
}

interface Running {
  port: number;
  /** The server's certificate (PEM), for the client to trust. */
  certificate: string;
  writes(): number;
  restore(databaseId: string, file: string, now: Date): Promise<Restored>;
  flush(databaseId: string, file: string, lastDigest: string): Promise<string>;
  onStopped(listener: (reason: string) => void): void;
  thread?: Worker;
  close(): Promise<void>;
}

async function startInProcess({ cert, key }: LocalCertificate, port: number): Promise<Running> {
  let writes = 0;
  // Loaded only here: with the server on a worker thread, the bot's own thread never loads it.
  // require, not import(): a dynamic import would bypass the TypeScript loader under `node --require tsx/cjs`.
  const { createEmbeddedServer } = require('./embedded-server') as typeof EmbeddedServer;
  const server = createEmbeddedServer(cert, key, () => {
    writes += 1;
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const listening = (server.address() as AddressInfo).port;
  return {
    port: listening,
    certificate: cert,
    writes: () => writes,
    restore: (databaseId, file, now) =>
      loadSnapshotFile(embeddedAccount(listening), databaseId, file, now.getTime()),
    flush: (databaseId, file, lastDigest) =>
      writeSnapshotFile(embeddedAccount(listening), databaseId, file, lastDigest),
    // In process the store lives and dies with the bot.
    onStopped: () => undefined,
    close: async () => {
      forgetEmbeddedAccount(listening);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function startOnWorker(port: number): Promise<Running> {
  const shared = new SharedArrayBuffer(4);
  const writes = new Int32Array(shared);
  const worker = new Worker(workerSource('local-cosmos-worker'), {
    eval: true,
    workerData: { port, writes: shared } satisfies StoreThreadInput,
  });
  // Start-up: the first message is the port and the certificate. The listeners end with start-up
  // (aborted), so that a later crash is not swallowed by a listener left from the race.
  const starting = new AbortController();
  let message: StoreThreadReady;
  try {
    [message] = (await Promise.race([
      once(worker, 'message', { signal: starting.signal }),
      once(worker, 'error', { signal: starting.signal }).then(([error]) => Promise.reject(error)),
      once(worker, 'exit', { signal: starting.signal }).then(([code]) =>
        Promise.reject(new Error(`the local store thread stopped while starting (exit code ${code})`)),
      ),
    ])) as [StoreThreadReady];
  } finally {
    starting.abort();
  }

  // After start-up: a thread that stops is remembered, every task waiting on it fails, and so does
  // every later one at once (a flush at shutdown must not wait for ever), and the bot is told.
  let stopped: string | undefined;
  let closing = false;
  const listeners: Array<(reason: string) => void> = [];
  const waiting = new Map<number, { resolve(done: unknown): void; reject(error: Error): void }>();
  const stop = (reason: string) => {
    if (stopped) return;
    stopped = reason;
    for (const task of waiting.values()) task.reject(new Error(reason));
    waiting.clear();
    if (closing) return;
    for (const listener of listeners.splice(0)) listener(reason);
  };
  // Only the error's kind and the exit code: a message could quote a document (personal data).
  worker.on('error', (error: Error) => stop(`the local store thread failed (${error.name})`));
  worker.on('exit', (code: number) => stop(`the local store thread stopped (exit code ${code})`));
  worker.on('message', (answer: SnapshotAnswer) => {
    const task = waiting.get(answer.request);
    if (!task) return;
    waiting.delete(answer.request);
    if ('failed' in answer) task.reject(new Error(answer.failed));
    else task.resolve(answer.done);
  });
  let requests = 0;
  const ask = <T>(task: SnapshotTask): Promise<T> => {
    if (stopped) return Promise.reject(new Error(stopped));
    requests += 1;
    const request = requests;
    const answered = new Promise<T>((resolve, reject) => {
      waiting.set(request, { resolve: resolve as (done: unknown) => void, reject });
    });
    worker.postMessage({ request, task });
    return answered;
  };
  return {
    port: message.port,
    certificate: message.certificate,
    writes: () => Atomics.load(writes, 0),
    restore: (databaseId, file, now) => ask<Restored>({ restore: { databaseId, file, now: now.getTime() } }),
    flush: (databaseId, file, lastDigest) => ask<string>({ flush: { databaseId, file, lastDigest } }),
    onStopped: (listener) => {
      if (stopped && !closing) queueMicrotask(() => listener(stopped as string));
      else if (!stopped) listeners.push(listener);
    },
    thread: worker,
    close: async () => {
      closing = true;
      const exited = once(worker, 'exit');
      worker.postMessage('close');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      await worker.terminate();
    },
  };
}

/** What the store's thread (local-cosmos-worker.ts) is started with. */
export interface StoreThreadInput {
  port: number;
  /** One Int32 slot: the number of writes the store has taken (for the local snapshot). */
  writes: SharedArrayBuffer;
}

/** The store's thread's first message: it listens, with this certificate. */
export interface StoreThreadReady {
  port: number;
  certificate: string;
}

/** What the bot's thread asks the store's thread about the local data file (local-cosmos-worker.ts). */
export type SnapshotTask =
  | { restore: { databaseId: string; file: string; now: number } }
  | { flush: { databaseId: string; file: string; lastDigest: string } };

/** The store's thread's answer: the task's result, or why it failed. */
export type SnapshotAnswer = { request: number } & ({ done: unknown } | { failed: string });
