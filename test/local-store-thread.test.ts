import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '../bot/logger';
import { exitWhenLocalStoreStops } from '../bot/startup/exit-when-local-store-stops';
import { openCosmosStore } from '../bot/storage/cosmos-store';
import { type LocalCosmosServer, startLocalCosmosServer } from '../bot/storage/local-cosmos-server';
import { LocalSnapshot } from '../bot/storage/local-snapshot';

/**
 * Local mode runs the store on a thread of its own. If that thread dies, the bot must not wait for
 * ever on it (a flush at shutdown would never return) nor keep answering with errors: it is told,
 * logs it and exits non-zero.
 */
describe('local mode: the store thread stops', function () {
  this.timeout(30_000);
  let server: LocalCosmosServer;
  let snapshot: LocalSnapshot;
  let dataDir: string;
  let logged: string;
  let exits: number[];

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'daadkracht-store-thread-'));
    server = await startLocalCosmosServer({ onWorkerThread: true });
    const store = await openCosmosStore(
      { endpoint: server.endpoint, key: 'local-embedded-store', agent: server.agent },
      'store-thread',
    );
    snapshot = new LocalSnapshot(store, dataDir, server);
    await snapshot.restore();
    await store.container('tenantData').items.create({ id: 'signal:1', type: 'signal', tenantId: 't' });
    logged = '';
    exits = [];
    const lines = new Writable({
      write(chunk, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    exitWhenLocalStoreStops(server, createLogger('info', lines), (code) => exits.push(code));
  });

  afterEach(async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Fails instead of hanging: what the test checks is that the answer comes at all. */
  function within<T>(ms: number, promise: Promise<T>): Promise<T> {
    return Promise.race([
      promise,
      new Promise<T>((_resolve, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms),
      ),
    ]);
  }

  async function crashStoreThread(): Promise<void> {
    await server.thread?.terminate();
    // The 'exit' event reaches this thread's listeners in the same turn as terminate() resolves.
    await new Promise((resolve) => setImmediate(resolve));
  }

  it('makes a flush fail at once, not wait for ever', async () => {
    await crashStoreThread();
    await assert.rejects(within(2_000, snapshot.flush()), /the local store thread stopped \(exit code 1\)/);
  });

  it('fails a flush that was waiting on the thread when it stopped', async () => {
    const flushing = snapshot.flush();
    await server.thread?.terminate();
    await assert.rejects(within(2_000, flushing), /the local store thread stopped/);
  });

  it('tells the bot, which logs it loudly without personal data and exits non-zero', async () => {
    await crashStoreThread();
    assert.deepEqual(exits, [1], 'the bot exits with 1');
    const line = JSON.parse(logged.trim().split('\n').at(-1) ?? '{}');
    assert.equal(line.level, 60, 'logged as fatal');
    assert.match(line.msg, /The local store stopped; the bot stops too/);
    assert.equal(line.reason, 'the local store thread stopped (exit code 1)');
    assert.doesNotMatch(logged, /signal:1/, 'no document in the log');
  });

  it('is quiet when the bot closes the store itself', async () => {
    await server.close();
    assert.deepEqual(exits, [], 'a shutdown is not a crash');
    assert.equal(logged, '');
  });
});
