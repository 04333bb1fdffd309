import assert from 'node:assert/strict';
import { person, TENANT, TestBot } from '../helpers/test-bot';

const CARLA = person('Carla Coördinator');

/** The coordinators' queue for the case of the month, planned in the tab and sent by the schedule. */
describe('the case-of-the-month queue (/api/tab/monthly-cases)', () => {
  let bot: TestBot;
  const as = { local: CARLA };

  beforeEach(async () => {
    bot = await TestBot.start({
      coordinators: [CARLA.aadObjectId],
      now: '2026-12-28T12:00:00Z',
      env: { TAB_LOCAL_MODE: 'true', TAB_LOCAL_TENANT_ID: TENANT, TAB_LOCAL_USER_ID: as.local.aadObjectId },
    });
  });
  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  // biome-ignore lint/suspicious/noExplicitAny: the API's JSON
  const call = async (method: string, path = '', body?: unknown): Promise<{ status: number; body: any }> => {
    const response = await fetch(`${bot.app.url}/api/tab/monthly-cases${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: await response.json() };
  };

  it('lets a coordinator add and remove cases, audited, and says what goes out when it is empty', async () => {
    const empty = await call('GET');
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body.queue, []);
    assert.equal(empty.body.nextExample.line, 'permits');
    const short = await call('POST', '', { text: 'Te kort' });
    assert.equal(short.status, 400);
    assert.match(short.body.message, /minstens 20 tekens/);
    const first = await call('POST', '', {
      text: 'Een makelaar ziet dat een koper **contant** wil betalen.',
    });
    assert.equal(first.status, 200);
    await call('POST', '', { text: 'Een BOA ziet vaten gedumpt langs een zandpad in het buitengebied.' });
    const [, second] = (await call('GET')).body.queue;
    const removed = await call('DELETE', `/${second.id}`);
    assert.deepEqual(
      removed.body.queue.map((item: { text: string }) => item.text),
      ['Een makelaar ziet dat een koper **contant** wil betalen.'],
    );
    const audit = (await bot.storedDocuments('audit', 'audit')).map((event) => event.action);
    assert.deepEqual(
      audit.filter((action) => action.startsWith('monthly-case')),
      ['monthly-case.queued', 'monthly-case.queued', 'monthly-case.unqueued'],
    );
  });

  it('sends the queued case first, then the playbook again', async () => {
    await call('POST', '', { text: 'Een makelaar ziet dat een koper **contant** wil betalen.' });
    const sanne = bot.user('Sanne Medewerker');
    await sanne.says('help');
    for (const instant of ['2027-01-05T09:00:00Z', '2027-02-02T09:00:00Z']) {
      bot.clock.set(instant);
      await bot.app.runPeriodicChecks();
      await bot.deliverOutbox();
    }
    const cases = sanne
      .received()
      .map((sent) => JSON.stringify(sent.activity.attachments ?? []))
      .filter((json) => json.includes('Casus van de maand'));
    assert.equal(cases.length, 2);
    assert.match(cases[0] ?? '', /Een voorbeeld van de regievoerders:/);
    assert.match(cases[0] ?? '', /"text":"contant","weight":"Bolder"/, 'bold, in a TextRun');
    assert.match(cases[1] ?? '', /Een voorbeeld uit Vergunningen:/);
    assert.deepEqual((await call('GET')).body.queue, [], 'a sent case leaves the queue');
  });
});

describe('the case-of-the-month queue is for coordinators and administrators', () => {
  it('refuses staff', async () => {
    const staff = person('Sanne Medewerker');
    const bot = await TestBot.start({
      env: { TAB_LOCAL_MODE: 'true', TAB_LOCAL_TENANT_ID: TENANT, TAB_LOCAL_USER_ID: staff.aadObjectId },
    });
    try {
      assert.equal((await fetch(`${bot.app.url}/api/tab/monthly-cases`)).status, 403);
      const post = await fetch(`${bot.app.url}/api/tab/monthly-cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'Een casus die niemand zonder rol mag plannen.' }),
      });
      assert.equal(post.status, 403);
      assert.equal((await bot.storedDocuments('monthly-case-queue')).length, 0);
    } finally {
      await bot.stop();
    }
  });
});
