import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CosmosStore } from '../bot/storage/cosmos-store';
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

  const ids = async (container: 'tenantData' | 'processedActivities' | 'outboxHistory') =>
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
        audit: [],
      }),
    );
    const restored = await new LocalSnapshot(
      store,
      dataDir,
      await sharedCosmosServer(),
      () => new Date('2026-12-01T09:00:00Z'),
    ).restore();
    assert.equal(restored, 4);
    assert.deepEqual(await ids('tenantData'), ['outbox:pending', 'signal:1']);
    assert.deepEqual(await ids('outboxHistory'), ['outbox:sent']);
    assert.deepEqual(await ids('processedActivities'), ['activity:fresh'], 'the expired marker stays out');
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
});
