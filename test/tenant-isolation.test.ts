import assert from 'node:assert/strict';
import { receiptCodeIn, validReport } from './helpers/report-fixtures';
import { messageActivity } from './helpers/teams-activities';
import { cardText, OTHER_TENANT, TENANT, TestBot } from './helpers/test-bot';

describe('tenants and trust boundaries', () => {
  let bot: TestBot | undefined;

  afterEach(async () => {
    bot?.assertAllCardsValid();
    await bot?.stop();
    bot = undefined;
  });

  it('does not let one tenant see another tenant’s signals, even with the same user id', async () => {
    bot = await TestBot.start();
    const alex = bot.user('Alex', TENANT);
    await alex.says('meld');
    const receipt = (await alex.submits(alex.lastCard(), { ...validReport, anonymous: 'true' })).at(-1);
    await alex.says('meld');
    await alex.submits(alex.lastCard(), validReport);
    const code = receiptCodeIn(cardText(receipt!));

    const intruder = bot.user('Alex', OTHER_TENANT);
    const status = (await intruder.says(`status ${code}`)).at(-1);
    assert.match(status?.activity.text, /geen melding bij die ontvangstcode/);
    const mine = (await intruder.says('mijn meldingen')).at(-1);
    assert.match(cardText(mine!), /nog geen meldingen/);

    await intruder.says('meld');
    const theirs = (await intruder.submits(intruder.lastCard(), validReport)).at(-1);
    assert.match(cardText(theirs!), /OND-2026-0001/, 'each tenant has its own numbering');
  });

  it('ignores activities from a tenant that is not allowed: no reply, nothing stored', async () => {
    bot = await TestBot.start({ env: { ALLOWED_TENANT_IDS: TENANT } });
    const outsider = bot.user('Olga', OTHER_TENANT);
    const replies = await outsider.says('meld');
    assert.deepEqual(replies, []);
    assert.deepEqual(await bot.allStoredDocuments(), [], 'not even a user profile');
    const insider = await bot.user('Alex', TENANT).says('meld');
    assert.ok(insider.length > 0, 'the allowed tenant is served');
  });

  it('ignores an activity that names no tenant', async () => {
    bot = await TestBot.start();
    const alex = bot.user('Alex');
    const activity = messageActivity(
      { serviceUrl: bot.connector.url, person: alex.who, conversation: alex.conversation },
      'meld',
    ) as Record<string, unknown>;
    activity.conversation = { id: alex.conversation.id, conversationType: 'personal' };
    activity.channelData = {};
    assert.equal(await bot.post(activity), 200);
    assert.deepEqual(alex.received(), []);
  });

  it('rejects an unauthenticated request with 401 when an app id is configured, and processes nothing', async () => {
    bot = await TestBot.start({
      env: {
        MICROSOFT_APP_ID: '11111111-2222-4333-8444-555555555555',
        MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
        MICROSOFT_APP_TYPE: 'MultiTenant',
      },
    });
    const alex = bot.user('Alex');
    const activity = messageActivity(
      { serviceUrl: bot.connector.url, person: alex.who, conversation: alex.conversation },
      'meld',
    );
    assert.equal(await bot.post(activity), 401);
    assert.equal(await bot.post(activity, { authorization: 'Bearer not.a.token' }), 401);
    assert.deepEqual(alex.received(), []);
    assert.deepEqual(await bot.allStoredDocuments(), []);
  });
});
