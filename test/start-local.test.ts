import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleBot } from '../scripts/local-bot.mjs';
import { CaptureConnector } from './helpers/capture-connector';
import { freePort, isListening, NpmStart } from './helpers/npm-start';
import { messageActivity, type TeamsPerson } from './helpers/teams-activities';
import { removeTestBundle, TEST_BUNDLE_DIR, TEST_BUNDLE_ENV } from './helpers/test-bundle';

/** The user the Agents Playground sends every message as. */
const alexInPlayground: TeamsPerson = {
  name: 'Alex Wilber',
  aadObjectId: '00000000-0000-0000-0000-0000000000020',
  tenantId: '00000000-0000-0000-0000-0000000000001',
};

describe('npm start: the bot and the Agents Playground on this machine', function () {
  this.timeout(90_000);
  let dataDir: string;
  let connector: CaptureConnector;
  let started: NpmStart;
  let botPort: number;
  let playgroundPort: number;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'daadkracht-npm-start-'));
    // As in a fresh clone: no bundle of the bot yet, so `npm start` must build it first (in this
    // run's own bundle folder: a developer's `.local-bot` is never touched).
    await removeTestBundle();
    connector = await CaptureConnector.start();
    botPort = await freePort();
    playgroundPort = await freePort();
    started = await NpmStart.start({
      PORT: String(botPort),
      PLAYGROUND_PORT: String(playgroundPort),
      LOCAL_DATA_DIR: dataDir,
    });
  });

  after(async () => {
    await started?.kill();
    await connector?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Says something to the bot as the Playground's user would, and returns the bot's last answer as JSON text. */
  async function say(text: string): Promise<string> {
    const base = {
      serviceUrl: connector.url,
      person: alexInPlayground,
      conversation: { id: 'a:playground-personal', type: 'personal' as const },
    };
    const response = await fetch(`http://127.0.0.1:${botPort}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(messageActivity(base, text)),
    });
    assert.ok(response.status < 300, `the bot accepted "${text}" (HTTP ${response.status})`);
    return JSON.stringify(connector.sent.at(-1)?.activity ?? {});
  }

  it('makes the Playground user a coordinator and an administrator, as the README says', async () => {
    const roles = await say('rollen');
    assert.match(roles, /Alex Wilber/);
    assert.match(roles, /beheerder/, '`rollen` lists the Playground user as administrator');
    assert.match(roles, /regievoerder/, '`rollen` lists the Playground user as coordinator');

    const grant = await say('rol geef Alex Wilber werkgroep');
    assert.doesNotMatch(grant, /Alleen een beheerder/);
    assert.match(grant, /Alex Wilber heeft nu de rol werkgroeplid/, 'an administrator can grant roles');
  });

  it('builds the bundle of the bot on its first start and runs the bot from it', () => {
    assert.ok(existsSync(join(TEST_BUNDLE_DIR, 'bot', 'index.js')), 'the bot was bundled');
    assert.ok(
      existsSync(join(TEST_BUNDLE_DIR, 'bot', 'local-cosmos-worker.js')),
      "the store's worker was bundled",
    );
    assert.ok(
      existsSync(join(TEST_BUNDLE_DIR, 'bot', 'local-snapshot-reader.js')),
      "the data file's reader too",
    );
    assert.ok(
      started
        .processes()
        .some((line) => /--max-semi-space-size=\d+ .*\.local-bot-test-\d+\/bot\/index\.js/.test(line)),
      `the bot runs from the bundle with its memory flags:\n${started.processes().join('\n')}`,
    );
  });

  it('prints a calm, readable log without the duplicated DEP0111 warning', () => {
    const log = started.log;
    assert.doesNotMatch(log, /DEP0111/, "restify's known-harmless deprecation is not printed");
    assert.doesNotMatch(log, /"level":\d+/, 'no JSON log lines in local mode');
    assert.match(log, /\[bot\] \[\d\d:\d\d:\d\d\] INFO: Daadkracht is ready on \/api\/messages/);
    assert.match(log, /accepts unauthenticated requests; use this for local development only/);
    assert.doesNotMatch(log, /UNAUTHENTICATED|LOCAL MODE/, 'clear, without shouting');
    assert.match(log, new RegExp(`Local data is kept in ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('stops the bot and the Playground when the npm process gets SIGTERM, and frees both ports', async () => {
    const playground = Number(new URL(started.playgroundUrl).port);
    assert.equal(await isListening(botPort), true);
    assert.equal(await isListening(playground), true);
    assert.ok(started.processes().some((line) => /\.local-bot-test-\d+\/bot\/index\.js/.test(line)));
    assert.ok(started.processes().some((line) => /m365agentsplayground/.test(line)));

    process.kill(started.pid, 'SIGTERM');

    assert.equal(await started.allGone(20_000), true, `left behind:\n${started.processes().join('\n')}`);
    assert.equal(await isListening(botPort), false, 'the bot port is free');
    assert.equal(await isListening(playground), false, 'the Playground port is free');
    assert.match(started.log, /\[bot\] .*stopped/, 'the bot shut down cleanly (and wrote its data)');
  });
});

describe('npm start when the bot cannot be bundled', function () {
  this.timeout(60_000);

  after(async () => {
    await removeTestBundle();
  });

  it('says so, starts nothing and exits non-zero', async () => {
    // A file where the bundle's own `bot` folder belongs: the bundle cannot be written.
    await removeTestBundle();
    await mkdir(TEST_BUNDLE_DIR);
    await writeFile(join(TEST_BUNDLE_DIR, 'bot'), 'not a directory');
    const botPort = await freePort();
    const playgroundPort = await freePort();
    await assert.rejects(
      NpmStart.start({ PORT: String(botPort), PLAYGROUND_PORT: String(playgroundPort) }),
      (error: Error) => {
        assert.match(error.message, /npm start exited with 1/);
        assert.match(error.message, /\[start\] bundling the bot failed: cannot write .*\.local-bot-test-\d+/);
        assert.match(error.message, /\[start\] Nothing was started/);
        assert.doesNotMatch(error.message, /\[playground\]/);
        return true;
      },
    );
    assert.equal(await isListening(botPort), false, 'no bot was started');
    assert.equal(await isListening(playgroundPort), false, 'no Playground was started');
  });
});

describe('the bundle folder of a local start', function () {
  this.timeout(60_000);

  after(async () => {
    await removeTestBundle();
  });

  it('is rebuilt when a file stands where the folder belongs (left by an interrupted run)', async () => {
    await removeTestBundle();
    await writeFile(TEST_BUNDLE_DIR, 'not a directory');
    await bundleBot(TEST_BUNDLE_ENV);
    assert.ok(existsSync(join(TEST_BUNDLE_DIR, 'bot', 'index.js')), 'the bot was bundled all the same');
  });

  it('must be directly in the repository, where the bundled bot finds tab/ and node_modules', async () => {
    await assert.rejects(
      bundleBot({ LOCAL_BOT_DIR: join(tmpdir(), 'elsewhere') }),
      /LOCAL_BOT_DIR must name a folder/,
    );
  });
});
