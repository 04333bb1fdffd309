import assert from 'node:assert/strict';
import { BotFrameworkKeys } from './helpers/bot-framework-keys';
import { CaptureConnector } from './helpers/capture-connector';
import { invokeActivity, messageActivity } from './helpers/teams-activities';
import { TestBot } from './helpers/test-bot';

const APP_ID = '11111111-2222-4333-8444-555555555555';

/**
 * In production botbuilder checks the Bot Connector's JWT. The token names the serviceUrl it was
 * issued for; an activity that names another one (a replayed token aimed at an address of the
 * sender's choosing) must be refused before anything is read, stored or sent. The keys come
 * from a local stand-in for the Bot Framework's OpenID endpoint, so the real check runs.
 */
describe('the serviceUrl an activity may name', () => {
  let keys: BotFrameworkKeys;
  let elsewhere: CaptureConnector;
  let bot: TestBot;

  before(async () => {
    keys = await BotFrameworkKeys.start();
    elsewhere = await CaptureConnector.start();
    bot = await TestBot.start({
      env: {
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
        MICROSOFT_APP_TYPE: 'MultiTenant',
        BOT_OPENID_METADATA_URL: keys.metadataUrl,
      },
    });
  });

  after(async () => {
    await bot.stop();
    await elsewhere.close();
    await keys.close();
  });

  const alex = () => bot.user('Alex');
  const stored = () => bot.allStoredDocuments();

  it('answers an activity whose serviceUrl is the one in the token', async () => {
    const activity = invokeActivity(alex().base(), 'task/fetch', {});
    const answer = await bot.postRaw(JSON.stringify(activity), {
      authorization: keys.authorization(APP_ID, bot.connector.url),
    });
    assert.equal(answer.status, 200, 'the signed token is accepted');
    assert.match(JSON.stringify(answer.body), /Dat kan ik hier niet/);
  });

  it('refuses an activity whose serviceUrl differs from the token’s: 401, nothing read, stored or sent', async () => {
    const activity = { ...messageActivity(alex().base(), 'meld'), serviceUrl: elsewhere.url };
    const answer = await bot.postRaw(JSON.stringify(activity), {
      authorization: keys.authorization(APP_ID, bot.connector.url),
    });
    assert.equal(answer.status, 401);
    assert.deepEqual(elsewhere.requests, [], 'the named address is never called');
    assert.deepEqual(bot.connector.requests, [], 'nor the real one');
    assert.deepEqual(await stored(), [], 'not even a user profile');
  });

  it('refuses a token issued for another bot', async () => {
    const activity = messageActivity(alex().base(), 'meld');
    const answer = await bot.postRaw(JSON.stringify(activity), {
      authorization: keys.authorization('99999999-2222-4333-8444-555555555555', bot.connector.url),
    });
    assert.equal(answer.status, 401);
    assert.deepEqual(await stored(), []);
  });

  it('refuses an activity without a serviceUrl, even with a valid token: 400, nothing called', async () => {
    const { serviceUrl: _omitted, ...activity } = messageActivity(alex().base(), 'meld');
    const answer = await bot.postRaw(JSON.stringify(activity), {
      authorization: keys.authorization(APP_ID, bot.connector.url),
    });
    assert.equal(answer.status, 400);
    assert.deepEqual(bot.connector.requests, []);
    assert.deepEqual(await stored(), []);
  });
});
