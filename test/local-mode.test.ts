import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BotProcess } from './helpers/bot-process';
import { CaptureConnector } from './helpers/capture-connector';
import { validReport } from './helpers/report-fixtures';
import { cardSubmitActivity, messageActivity } from './helpers/teams-activities';
import { person } from './helpers/test-bot';

describe('local mode: npm run start:bot with the embedded store', function () {
  // Two bot processes start one after the other; on a busy machine each takes several seconds.
  this.timeout(60_000);
  let dataDir: string;
  let connector: CaptureConnector;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'daadkracht-data-'));
    connector = await CaptureConnector.start();
  });

  afterEach(async () => {
    await connector.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const alex = person('Alex');
  const conversation = { id: 'a:personal-alex', type: 'personal' as const };
  const base = () => ({ serviceUrl: connector.url, person: alex, conversation });

  async function post(url: string, activity: object): Promise<number> {
    const response = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    return response.status;
  }

  /** Asks for the form, submits it filled in, and returns the receipt as JSON text. */
  async function reportThrough(url: string): Promise<string> {
    await post(url, messageActivity(base(), 'meld'));
    const form = connector.sent.at(-1);
    assert.ok(form);
    const data = form.activity.attachments[0].content.actions[0].data;
    await post(url, cardSubmitActivity(base(), form.activityId, { ...data, ...validReport }));
    return JSON.stringify(connector.sent.at(-1)?.activity);
  }

  it('keeps what was reported across a restart, and continues the numbering', async () => {
    const env = { PORT: '0', LOCAL_DATA_DIR: dataDir };
    const first = await BotProcess.start(env);
    assert.match(
      first.log,
      /accepts unauthenticated requests; use this for local development only/,
      'local mode without an app id says so, clearly',
    );
    assert.match(await reportThrough(first.url), /OND-\d{4}-0001/);
    assert.equal(await first.stop(), 0, 'a clean exit on SIGTERM');

    const second = await BotProcess.start(env);
    try {
      assert.match(second.log, /"documents":[1-9]/, 'data restored from the file');
      await post(second.url, messageActivity(base(), 'mijn meldingen'));
      assert.match(JSON.stringify(connector.sent.at(-1)?.activity), /OND-\d{4}-0001/);
      assert.match(await reportThrough(second.url), /OND-\d{4}-0002/);
    } finally {
      await second.stop();
    }
  });

  it('refuses to start when the data file cannot be read, and names the file', async () => {
    const file = join(dataDir, 'cosmos-snapshot.json');
    await writeFile(file, '{"tenantData": [ {"id": "signal:1"');
    await assert.rejects(BotProcess.start({ PORT: '0', LOCAL_DATA_DIR: dataDir }), (error: Error) => {
      assert.match(error.message, /bot exited with 1/);
      assert.ok(
        error.message.includes(`Daadkracht failed to start: cannot read the local data file ${file}`),
        `the start-up message names the file:\n${error.message}`,
      );
      return true;
    });
  });

  it('refuses to start with invalid configuration and says which value is wrong', async () => {
    await assert.rejects(
      BotProcess.start({ PORT: 'eighty', COORDINATOR_AAD_IDS: 'not-a-guid', LOCAL_DATA_DIR: dataDir }),
      (error: Error) =>
        /PORT must be a port number/.test(error.message) &&
        /COORDINATOR_AAD_IDS must be a comma-separated list/.test(error.message),
    );
  });
});
