import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../bot/config';
import { LinkSealer, linkBinding } from '../bot/domain/privacy/link-sealer';
import type { ReporterLink } from '../bot/domain/signals/reporter-link';
import { createLogger } from '../bot/logger';
import { localKeyRing, parseKeyRing } from '../bot/storage/reporter-link-keys-for-privacy';
import { CAST, introduce, regieEnv, report } from './helpers/regie-fixtures';
import { TENANT, TestBot } from './helpers/test-bot';

const key = () => randomBytes(32).toString('base64');
const conversationIdOf = (link: ReporterLink | undefined) =>
  (link?.conversation.conversation as { id?: string } | undefined)?.id;

describe('privacy: the sealed link to an anonymous reporter, sealed by cryptography', () => {
  let dataDir: string;
  const bots: TestBot[] = [];

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'daadkracht-keys-'));
  });

  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = async (env: Record<string, string>, store?: TestBot['store']) => {
    const bot = await TestBot.start({ env: { ...regieEnv(), ...env }, now: '2026-11-30T09:00:00Z', store });
    bots.push(bot);
    return bot;
  };

  it('stores no readable conversation: a database dump alone does not lead to the reporter', async () => {
    const bot = await start({ LOCAL_DATA_DIR: dataDir });
    const [, bea] = await introduce(bot, CAST.carla, 'Bea Anoniem');
    await report(bea, { anonymous: 'true' });
    const [link] = await bot.storedDocuments('reporter-link');
    assert.equal(link.conversation, undefined, 'no plain conversation');
    assert.equal(link.sealed.alg, 'A256GCM');
    assert.equal(link.sealed.keyId, 'local-1');
    const linkDump = JSON.stringify(link);
    assert.ok(!linkDump.includes(bea.conversation.id), 'the conversation id is not in the link');
    assert.ok(!linkDump.includes(bot.connector.url), 'nor where to send it');
    const opened = await bot.app.services.reporterLinks.find(TENANT, link.id);
    assert.equal(conversationIdOf(opened), bea.conversation.id, 'the key opens it');
    assert.equal(((await stat(join(dataDir, 'reporter-link-keys.json'))).mode & 0o777).toString(8), '600');
  });

  it('rotates: a new current key seals, the old one still opens, and the daily step re-seals every link', async () => {
    const k1 = key();
    const k2 = key();
    const first = await start({ REPORTER_LINK_KEYS: `k1:${k1}` });
    const [, bea] = await introduce(first, CAST.carla, 'Bea Anoniem');
    await report(bea, { anonymous: 'true' });
    const [link] = await first.storedDocuments('reporter-link');
    assert.equal(link.sealed.keyId, 'k1');

    const rotated = await start({ REPORTER_LINK_KEYS: `k2:${k2},k1:${k1}` }, first.store);
    const opened = await rotated.app.services.reporterLinks.find(TENANT, link.id);
    assert.equal(conversationIdOf(opened), bea.conversation.id, 'old key still opens');
    await rotated.app.runPeriodicChecks();
    const [resealed] = await rotated.storedDocuments('reporter-link');
    assert.equal(resealed.sealed.keyId, 'k2', 're-sealed with the current key');
    assert.notEqual(resealed.sealed.ciphertext, link.sealed.ciphertext);

    const onlyNew = await start({ REPORTER_LINK_KEYS: `k2:${k2}` }, first.store);
    const afterwards = await onlyNew.app.services.reporterLinks.find(TENANT, link.id);
    assert.equal(conversationIdOf(afterwards), bea.conversation.id, 'k1 can go');
    const onlyOld = await start({ REPORTER_LINK_KEYS: `k1:${k1}` }, first.store);
    await assert.rejects(onlyOld.app.services.reporterLinks.find(TENANT, link.id), /no link key with id k2/);
  });

  it('refuses a ciphertext moved to another link, or changed', () => {
    const sealer = new LinkSealer(parseKeyRing(`a:${key()}`));
    const sealed = sealer.seal({ conversation: { id: 'a:1xyz' } }, linkBinding(TENANT, 'reporter-link:1'));
    assert.deepEqual(sealer.open(sealed, linkBinding(TENANT, 'reporter-link:1')), {
      conversation: { id: 'a:1xyz' },
    });
    assert.throws(() => sealer.open(sealed, linkBinding(TENANT, 'reporter-link:2')));
    const flipped = Buffer.from(sealed.ciphertext, 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    assert.throws(() =>
      sealer.open(
        { ...sealed, ciphertext: flipped.toString('base64') },
        linkBinding(TENANT, 'reporter-link:1'),
      ),
    );
  });

  it('will not start against Azure Cosmos DB without a link key, and keeps one local key file', async () => {
    assert.throws(
      () => loadConfig({ COSMOS_ENDPOINT: 'https://dk.documents.azure.com:443/' }),
      (error: unknown) =>
        error instanceof ConfigError && /REPORTER_LINK_KEYS is required/.test(error.message),
    );
    assert.throws(
      () => loadConfig({ REPORTER_LINK_KEYS: 'k1:short' }),
      (error: unknown) =>
        error instanceof ConfigError && /REPORTER_LINK_KEYS must be id:base64/.test(error.message),
    );
    const logger = createLogger('silent');
    const once = await localKeyRing(dataDir, logger);
    const twice = await localKeyRing(dataDir, logger);
    assert.deepEqual(twice.keys.get('local-1'), once.keys.get('local-1'), 'the same key after a restart');
  });
});
