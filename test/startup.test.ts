import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeStoreFailure } from '../bot/storage/store-health';
import { BotProcess } from './helpers/bot-process';
import { PRODUCTION_SECRETS } from './helpers/production-secrets';
import { sharedCosmosServer } from './helpers/shared-cosmos';
import { StoreGate } from './helpers/store-gate';
import { messageActivity } from './helpers/teams-activities';
import { person, TENANT } from './helpers/test-bot';

const COSMOS_KEY = 'c2VjcmV0LWtleS1ub3QtZm9yLWhlYWx0aHo='; // must never appear on /healthz

async function health(url: string): Promise<{ status: number; body: Record<string, string> }> {
  const response = await fetch(`${url}/healthz`);
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('start-up: waits for the store instead of exiting', function () {
  this.timeout(60_000);
  let gate: StoreGate;
  let bot: BotProcess | undefined;

  beforeEach(async () => {
    gate = await StoreGate.start(await sharedCosmosServer());
  });

  afterEach(async () => {
    if (bot && bot.exitCode === undefined) await bot.stop();
    bot = undefined;
    await gate.close();
  });

  it('listens at once, says "starting" while the role assignment propagates, then becomes ready', async () => {
    // 403 substatus 5301: Cosmos DB's answer while the identity has no data-plane role yet.
    gate.mode = { kind: 'status', status: 403, substatus: 5301 };
    bot = await BotProcess.start(
      {
        PORT: '0',
        NODE_ENV: 'production',
        MICROSOFT_APP_ID: '11111111-2222-4333-8444-555555555555',
        MICROSOFT_APP_TYPE: 'UserAssignedMSI',
        MICROSOFT_APP_TENANT_ID: TENANT,
        ALLOWED_TENANT_IDS: TENANT,
        PUBLIC_BASE_URL: 'https://daadkracht-test.azurewebsites.net',
        COSMOS_ENDPOINT: gate.endpoint,
        COSMOS_KEY,
        ...PRODUCTION_SECRETS,
        COSMOS_DATABASE: `startup-${Date.now()}`,
        NODE_EXTRA_CA_CERTS: gate.caFile,
      },
      'listening',
    );
    const url = bot.url;

    const starting = await until('a failed attempt', async () => {
      const answer = await health(url);
      return answer.body.store === 'connecting' ? undefined : answer;
    });
    assert.equal(starting.status, 503);
    assert.deepEqual(starting.body, { status: 'starting', store: 'store unreachable: 403 (substatus 5301)' });

    const message = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        messageActivity(
          {
            serviceUrl: 'http://127.0.0.1:9/',
            person: person('Anna'),
            conversation: { id: 'a:1', type: 'personal' },
          },
          'meld',
        ),
      ),
    });
    assert.equal(message.status, 503, 'Teams is asked to come back later, not given a 401 or 500');
    assert.equal(message.headers.get('retry-after'), '5');

    // It keeps trying with pauses, and does not exit.
    await until('a second attempt', async () => (gate.requests >= 2 ? true : undefined));
    assert.equal(bot.exitCode, undefined, 'the process is still running');

    gate.mode = { kind: 'forward' };
    const ready = await until('ready', async () => {
      const answer = await health(url);
      return answer.status === 200 ? answer : undefined;
    });
    assert.deepEqual(ready.body, { status: 'ok', store: 'reachable' });
    await until('the ready line', async () =>
      /Daadkracht is ready/.test(bot?.log ?? '') ? true : undefined,
    );
    assert.equal(bot.exitCode, undefined);

    // Later the store goes away: unhealthy, with the reason and without secrets.
    gate.mode = { kind: 'status', status: 503 };
    const degraded = await health(url);
    assert.equal(degraded.status, 503);
    assert.equal(degraded.body.status, 'degraded');
    assert.match(degraded.body.store ?? '', /^store unreachable: 503\b/);
    const text = JSON.stringify(degraded.body) + bot.log;
    assert.ok(!text.includes(COSMOS_KEY), 'no key on /healthz or in the log');
    assert.ok(!JSON.stringify(degraded.body).includes(gate.endpoint), 'no endpoint on /healthz');

    gate.mode = { kind: 'reset' };
    const reset = await health(url);
    assert.equal(reset.status, 503);
    assert.match(reset.body.store ?? '', /^store unreachable: (ECONNRESET|timeout)$/);
    assert.equal(await bot.stop(), 0, 'SIGTERM stops it cleanly, also with the store gone');
  });
});

describe('start-up: reasons safe to show', () => {
  it('names a status, a network error code, a timeout or an identity error class, never a message', () => {
    const cosmos403 = Object.assign(
      new Error(`Forbidden: key ${COSMOS_KEY} at https://x.documents.azure.com`),
      {
        code: 403,
        substatus: 5301,
      },
    );
    assert.equal(describeStoreFailure(cosmos403), 'store unreachable: 403 (substatus 5301)');
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND x.documents.azure.com'), {
      code: 'ENOTFOUND',
    });
    assert.equal(describeStoreFailure(dns), 'store unreachable: ENOTFOUND');
    assert.equal(
      describeStoreFailure(new DOMException('aborted', 'AbortError')),
      'store unreachable: timeout',
    );
    const identity = Object.assign(new Error('token eyJhbGciOi... refused'), { name: 'AuthenticationError' });
    assert.equal(describeStoreFailure(identity), 'identity: AuthenticationError');
    const wrapped = Object.assign(new Error('request failed'), { cause: dns });
    assert.equal(describeStoreFailure(wrapped), 'store unreachable: ENOTFOUND');
    assert.equal(describeStoreFailure(new Error(`${COSMOS_KEY}`)), 'store unreachable: unknown error');
  });
});
