import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BotFrameworkKeys } from './helpers/bot-framework-keys';
import { BotProcess } from './helpers/bot-process';
import { CaptureConnector, type SentActivity } from './helpers/capture-connector';
import { claimsOf, ManagedIdentityEndpoint } from './helpers/managed-identity-endpoint';
import { validReport } from './helpers/report-fixtures';
import { cardSubmitActivity, messageActivity, type TeamsConversation } from './helpers/teams-activities';
import { person } from './helpers/test-bot';

/**
 * One deployment, two municipalities: each has its own bot registration (app id) in its own
 * tenant. The bot runs as a process, as in production, with Bot Framework authentication on:
 * incoming tokens are signed with a local key whose metadata stands in for the Bot Framework's,
 * outgoing tokens come from a local stand-in for App Service's managed identity endpoint.
 */
const TENANT_A = 'aaaaaaaa-0000-4000-8000-00000000000a';
const TENANT_B = 'bbbbbbbb-0000-4000-8000-00000000000b';
const APP_A = 'a0a0a0a0-0000-4000-8000-0000000000a1';
const APP_B = 'b0b0b0b0-0000-4000-8000-0000000000b1';

describe('several municipalities on one deployment: a bot registration per tenant', function () {
  this.timeout(60_000);
  let keys: BotFrameworkKeys;
  let identity: ManagedIdentityEndpoint;
  let connector: CaptureConnector;
  let dataDir: string;
  let bot: BotProcess;

  const coordinatorA = person('Coordinator Hardenberg', TENANT_A);
  const coordinatorB = person('Coordinator Ommen', TENANT_B);
  const reporterA = person('Reporter Hardenberg', TENANT_A);
  const reporterB = person('Reporter Ommen', TENANT_B);
  const chat = (name: string): TeamsConversation => ({ id: `a:1-${name}`, type: 'personal' });

  before(async () => {
    keys = await BotFrameworkKeys.start();
    identity = await ManagedIdentityEndpoint.start();
    connector = await CaptureConnector.start();
    dataDir = await mkdtemp(join(tmpdir(), 'daadkracht-regions-'));
    bot = await BotProcess.start({
      PORT: '0',
      HOST: '127.0.0.1',
      LOCAL_DATA_DIR: dataDir,
      OUTBOX_POLL_MS: '100',
      MICROSOFT_APP_ID: APP_A,
      MICROSOFT_APP_TYPE: 'UserAssignedMSI',
      MICROSOFT_APP_TENANT_ID: TENANT_A,
      BOT_REGISTRATIONS: JSON.stringify([{ tenantId: TENANT_B, appId: APP_B, appType: 'UserAssignedMSI' }]),
      COORDINATOR_AAD_IDS: `${coordinatorA.aadObjectId},${coordinatorB.aadObjectId}`,
      BOT_OPENID_METADATA_URL: keys.metadataUrl,
      ...identity.env(),
    });
  });

  after(async () => {
    await bot?.stop();
    await connector.close();
    await identity.close();
    await keys.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function post(activity: object, appId?: string): Promise<number> {
    const response = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(appId ? { authorization: keys.authorization(appId, connector.url) } : {}),
      },
      body: JSON.stringify(activity),
    });
    await response.arrayBuffer();
    return response.status;
  }

  const base = (who: ReturnType<typeof person>, name: string) => ({
    serviceUrl: connector.url,
    person: who,
    conversation: chat(name),
  });

  /** Whose token the bot sent this with: the app id and audience of its Authorization header. */
  function signer(sent: SentActivity | undefined): { appid: unknown; aud: unknown } {
    const header = sent?.authorization ?? '';
    assert.ok(header.startsWith('Bearer '), 'sent with a bearer token');
    const { appid, aud } = claimsOf(header.slice('Bearer '.length));
    return { appid, aud };
  }

  async function waitFor(conversationId: string, count: number): Promise<SentActivity[]> {
    const deadline = Date.now() + 20_000;
    while (connector.sentTo(conversationId).length < count) {
      if (Date.now() > deadline) throw new Error(`no message #${count} in ${conversationId}`);
      await sleep(50);
    }
    return connector.sentTo(conversationId);
  }

  async function report(who: ReturnType<typeof person>, name: string, appId: string): Promise<SentActivity> {
    const before = connector.sentTo(chat(name).id).length;
    assert.equal(await post(messageActivity(base(who, name), 'meld'), appId), 200);
    const form = (await waitFor(chat(name).id, before + 1)).at(-1) as SentActivity;
    const data = form.activity.attachments[0].content.actions[0].data;
    assert.equal(
      await post(cardSubmitActivity(base(who, name), form.activityId, { ...data, ...validReport }), appId),
      200,
    );
    return connector.sentTo(chat(name).id).at(-1) as SentActivity;
  }

  it("answers each tenant with its own registration: replies signed with that tenant's identity", async () => {
    assert.equal(await post(messageActivity(base(coordinatorA, 'coord-a'), 'help'), APP_A), 200);
    assert.equal(await post(messageActivity(base(coordinatorB, 'coord-b'), 'help'), APP_B), 200);
    const api = 'https://api.botframework.com';
    assert.deepEqual(signer(connector.sentTo(chat('coord-a').id).at(-1)), { appid: APP_A, aud: api });
    assert.deepEqual(signer(connector.sentTo(chat('coord-b').id).at(-1)), { appid: APP_B, aud: api });
  });

  it("links to each tenant's own bot: the playbook tab of B's app, not A's", async () => {
    assert.equal(await post(messageActivity(base(reporterB, 'uitleg-b'), 'uitleg'), APP_B), 200);
    const card = JSON.stringify((await waitFor(chat('uitleg-b').id, 1)).at(-1)?.activity);
    assert.ok(card.includes(`l/entity/${APP_B}/playbook`), 'the link opens the app of B');
    assert.ok(!card.includes(APP_A), 'nothing points to the bot of A');
  });

  it("refuses a token for A's bot on B's activities, an unsigned one, and a tenant without a registration", async () => {
    const sentBefore = connector.sent.length;
    assert.equal(await post(messageActivity(base(reporterB, 'rep-b'), 'meld'), APP_A), 401);
    assert.equal(await post(messageActivity(base(reporterB, 'rep-b'), 'meld')), 401);
    const outsider = person('Someone Elsewhere', 'cccccccc-0000-4000-8000-00000000000c');
    assert.equal(await post(messageActivity(base(outsider, 'rep-c'), 'meld'), APP_A), 401);
    assert.equal(connector.sent.length, sentBefore, 'nothing was answered or sent');
  });

  it('reads the tenant one way for the token and for the turn, when conversation and channelData differ', async () => {
    // The conversation says B, channelData says A: the conversation's tenant decides both which
    // registration must have signed it and whose data the turn touches, so A's token cannot act in B.
    const mixed = messageActivity(base(reporterB, 'mixed-b'), 'help');
    (mixed.channelData as { tenant: { id: string } }).tenant.id = TENANT_A;
    const sentBefore = connector.sent.length;
    assert.equal(await post(mixed, APP_A), 401, "A's token is refused for an activity of B");
    assert.equal(connector.sent.length, sentBefore, 'nothing was answered');
    assert.equal(await post(mixed, APP_B), 200);
    assert.deepEqual(signer((await waitFor(chat('mixed-b').id, 1)).at(-1)), {
      appid: APP_B,
      aud: 'https://api.botframework.com',
    });
  });

  it("sends proactive notices with the identity of the report's tenant, and only to that tenant", async () => {
    const coordinatorAReceived = connector.sentTo(chat('coord-a').id).length;
    const coordinatorBReceived = connector.sentTo(chat('coord-b').id).length;

    const receiptB = await report(reporterB, 'rep-b', APP_B);
    assert.match(JSON.stringify(receiptB.activity), /OND-\d{4}-0001/);
    assert.equal(signer(receiptB).appid, APP_B);
    const noticeB = (await waitFor(chat('coord-b').id, coordinatorBReceived + 1)).at(-1);
    assert.match(JSON.stringify(noticeB?.activity), /OND-\d{4}-0001/);
    assert.equal(signer(noticeB).appid, APP_B, "B's notice is sent with B's identity");

    const receiptA = await report(reporterA, 'rep-a', APP_A);
    assert.match(JSON.stringify(receiptA.activity), /OND-\d{4}-0001/, 'each tenant numbers its own signals');
    const noticeA = (await waitFor(chat('coord-a').id, coordinatorAReceived + 1)).at(-1);
    assert.equal(signer(noticeA).appid, APP_A, "A's notice is sent with A's identity");
    assert.equal(
      connector.sentTo(chat('coord-a').id).length,
      coordinatorAReceived + 1,
      "A's coordinator got only A's notice",
    );

    const clients = new Set(identity.requests.map((request) => `${request.clientId} ${request.resource}`));
    assert.deepEqual(
      clients,
      new Set([`${APP_A} https://api.botframework.com`, `${APP_B} https://api.botframework.com`]),
    );
  });
});
