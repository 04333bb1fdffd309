import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type CosmosStore, openCosmosStore } from '../bot/storage/cosmos-store';
import { type LocalCosmosServer, startLocalCosmosServer } from '../bot/storage/local-cosmos-server';
import { LocalSnapshot } from '../bot/storage/local-snapshot';
import { freshStore, sharedCosmosServer } from './helpers/shared-cosmos';

/**
 * Local mode keeps the store in a file. Starting again must bring back what Azure Cosmos DB would
 * still hold, where the bot now keeps it: a snapshot from before the markers and finished messages
 * had containers of their own is placed by purpose, and markers whose week has passed (Azure's
 * per-item TTL) are not loaded at all, so a long history does not slow every start.
 */
describe('local snapshot: restore by purpose, without what has expired', () => {
  let store: CosmosStore;
  let dataDir: string;

  beforeEach(async () => {
    store = await freshStore();
    dataDir = await mkdtemp(join(tmpdir(), 'daadkracht-snapshot-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const ids = async (container: 'tenantData' | 'outboxHistory') =>
    (await store.container(container).items.readAll().fetchAll()).resources
      .map((document) => document.id)
      .sort();

  it('places an old snapshot by purpose and leaves out markers older than their TTL', async () => {
    const tenantId = 'snapshot-tenant';
    const week = 7 * 24 * 3600;
    await writeFile(
      join(dataDir, 'cosmos-snapshot.json'),
      JSON.stringify({
        tenantData: [
          { id: 'signal:1', type: 'signal', tenantId, status: 'new' },
          { id: 'outbox:pending', type: 'outbox', tenantId, status: 'pending' },
          { id: 'outbox:sent', type: 'outbox', tenantId, status: 'sent' },
          {
            id: 'activity:fresh',
            type: 'processed-activity',
            tenantId,
            at: '2026-11-30T09:00:00Z',
            ttl: week,
          },
          { id: 'activity:old', type: 'processed-activity', tenantId, at: '2026-11-20T09:00:00Z', ttl: week },
        ],
        // From when the markers had a container of their own: they come back to `tenantData`.
        processedActivities: [
          { id: 'activity:own', type: 'processed-activity', tenantId, at: '2026-11-30T10:00:00Z', ttl: week },
          {
            id: 'activity:gone',
            type: 'processed-activity',
            tenantId,
            at: '2026-11-21T09:00:00Z',
            ttl: week,
          },
        ],
        audit: [],
      }),
    );
    const restored = await new LocalSnapshot(
      store,
      dataDir,
      await sharedCosmosServer(),
      () => new Date('2026-12-01T09:00:00Z'),
    ).restore();
    assert.equal(restored, 5);
    assert.deepEqual(
      await ids('tenantData'),
      ['activity:fresh', 'activity:own', 'outbox:pending', 'signal:1'],
      'the markers beside the working documents; the expired ones stay out',
    );
    assert.deepEqual(await ids('outboxHistory'), ['outbox:sent']);
  });

  it('leaves out what the daily technical expiry and the audit TTL would have removed, keeps the rest', async () => {
    const tenantId = 'snapshot-tenant';
    const now = new Date('2026-12-01T09:00:00Z');
    const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
    const outbox = (id: string, status: string, createdAt: string, sentAt?: string) => ({
      id,
      type: 'outbox',
      tenantId,
      status,
      createdAt,
      ...(sentAt ? { sentAt } : {}),
    });
    const claim = (id: string, status: string, claimedAt: string) => ({
      id,
      type: 'occurrence-claim',
      tenantId,
      status,
      claimedAt,
    });
    const audit = (id: string, at: string) => ({ id, type: 'audit', tenantId, action: 'signal.viewed', at });
    await writeFile(
      join(dataDir, 'cosmos-snapshot.json'),
      JSON.stringify({
        tenantData: [
          { id: 'signal:old', type: 'signal', tenantId, status: 'closed', createdAt: daysAgo(400) },
          outbox('outbox:pending-old', 'pending', daysAgo(200)),
          claim('claim:done-old', 'done', daysAgo(91)),
          claim('claim:done-recent', 'done', daysAgo(89)),
          claim('claim:running-old', 'running', daysAgo(200)),
        ],
        outboxHistory: [
          outbox('outbox:sent-old', 'sent', daysAgo(40), daysAgo(31)),
          outbox('outbox:sent-recent', 'sent', daysAgo(40), daysAgo(29)),
          outbox('outbox:unreachable-old', 'unreachable', daysAgo(91)),
          outbox('outbox:unreachable-recent', 'unreachable', daysAgo(89)),
        ],
        audit: [audit('audit:old', daysAgo(3 * 365 + 1)), audit('audit:recent', daysAgo(3 * 365 - 1))],
      }),
    );
    const restored = await new LocalSnapshot(store, dataDir, await sharedCosmosServer(), () => now).restore();
    assert.deepEqual(
      await ids('tenantData'),
      ['claim:done-recent', 'claim:running-old', 'outbox:pending-old', 'signal:old'],
      'working documents and running claims stay, however old',
    );
    assert.deepEqual(await ids('outboxHistory'), ['outbox:sent-recent', 'outbox:unreachable-recent']);
    assert.deepEqual(
      (await store.container('audit').items.readAll().fetchAll()).resources.map((document) => document.id),
      ['audit:recent'],
    );
    assert.equal(restored, 7);
  });

  it('writes what changed to the file without system properties, and a restart brings it back', async () => {
    const tenantId = 'snapshot-tenant';
    const server = await sharedCosmosServer();
    const snapshot = new LocalSnapshot(store, dataDir, server, () => new Date('2026-12-01T09:00:00Z'));
    assert.equal(await snapshot.restore(), 0, 'no file yet');
    await store.container('tenantData').items.create({ id: 'signal:kept', type: 'signal', tenantId });
    await snapshot.flush();
    const file = JSON.parse(await readFile(join(dataDir, 'cosmos-snapshot.json'), 'utf8'));
    assert.deepEqual(file.tenantData, [{ id: 'signal:kept', type: 'signal', tenantId }]);

    const restarted = await freshStore();
    assert.equal(await new LocalSnapshot(restarted, dataDir, server).restore(), 1);
    const { resource } = await restarted.container('tenantData').item('signal:kept', tenantId).read();
    assert.equal(resource?.type, 'signal');
  });

  /**
   * A write is in the store only once its whole body has been read: a large one arrives over several
   * socket reads. A flush in between must not count it as written, or every later flush is skipped
   * and the document is gone after a restart.
   */
  for (const where of ['on the store thread (local mode)', 'in process'] as const) {
    it(`keeps a large write that a flush overtook, ${where}`, async function () {
      this.timeout(30_000);
      const tenantId = 'snapshot-tenant';
      const server: LocalCosmosServer =
        where === 'in process'
          ? await sharedCosmosServer()
          : await startLocalCosmosServer({ onWorkerThread: true });
      try {
        const storeOn = (databaseId: string) =>
          openCosmosStore({ endpoint: server.endpoint, key: 'test-key', agent: server.agent }, databaseId);
        const first = await storeOn(`large-write-${where.length}-a`);
        const snapshot = new LocalSnapshot(first, dataDir, server);
        await snapshot.restore();

        // The write's headers and half its body; the rest after the flush has read the store.
        const body = JSON.stringify({
          id: 'signal:large',
          type: 'signal',
          tenantId,
          text: 'x'.repeat(64_000),
        });
        const half = Math.floor(body.length / 2);
        const agent = new Agent({ ca: server.certificate });
        const { hostname, port } = new URL(server.endpoint);
        const before = server.writes();
        const written = new Promise<number>((resolve, reject) => {
          const req = request(
            {
              hostname,
              port,
              agent,
              method: 'POST',
              path: `/dbs/${first.database.id}/colls/tenantData/docs`,
              headers: {
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(body),
                'x-ms-documentdb-partitionkey': JSON.stringify([tenantId]),
              },
            },
            (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode ?? 0));
            },
          );
          req.on('error', reject);
          req.write(body.slice(0, half));
          // The store has the request (and, before the fix, counted it) but not yet its whole body.
          void (async () => {
            for (let waited = 0; waited < 1_000 && server.writes() === before; waited += 20) await sleep(20);
            await snapshot.flush();
            req.end(body.slice(half));
          })().catch(reject);
        });
        assert.equal(await written, 201, 'the store took the document');
        await snapshot.flush();
        agent.destroy();

        const restarted = await storeOn(`large-write-${where.length}-b`);
        await new LocalSnapshot(restarted, dataDir, server).restore();
        const { resource } = await restarted.container('tenantData').item('signal:large', tenantId).read();
        assert.equal(resource?.text?.length, 64_000, 'the large write is in the data file after a restart');
      } finally {
        if (where !== 'in process') await server.close();
      }
    });
  }
});
