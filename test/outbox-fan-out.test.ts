import assert from 'node:assert/strict';
import { type PacingLimits, TEAMS_PACING } from '../bot/outbox/delivery-pacer';
import { CaptureConnector, type RateLimits, TEAMS_LIMITS } from './helpers/capture-connector';
import { announce, measureFanOut, openHerijking, seedWerkgroep } from './helpers/fan-out';
import { TENANT, TestBot } from './helpers/test-bot';

/** The herijking opens on the first working day of the quarter. */
const HERIJKING_DAY = '2026-10-01T07:00:00Z';
const MEMBERS = 100;
/**
 * Teams' limits with the tenant's rate scaled down from 50 to 20 a second, and the bot's pacing
 * with it (from 46 to 18, evenly spaced, and the gate on departures at 20), so that this machine
 * can send faster than the limit (two instances unpaced would reach it easily) and the test
 * still takes seconds, not minutes.
 */
const LIMITS: RateLimits = { ...TEAMS_LIMITS, perTenant: [{ count: 20, windowMs: 1_000 }] };
const PACING: PacingLimits = {
  ...TEAMS_PACING,
  perTenant: [
    { count: 18, windowMs: 1_000 },
    { count: 1, windowMs: 1_000 / 18 },
  ],
  tenantLimit: { count: 20, windowMs: 1_000, marginMs: 80 },
};
/** A few 429s can happen when sends reach Teams bunched up; a storm is dozens. */
const FEW = 5;

/**
 * A fan-out through a connector that enforces Teams' limits in real time (per conversation, and
 * per tenant; 429 with Retry-After beyond them): every member gets the card once, also with two
 * instances sending, and Teams hardly ever says 429. The 1,000-member figures are the bench's.
 */
describe('outbox fan-out within Teams limits', function () {
  this.timeout(120_000);
  let connector: CaptureConnector;
  const bots: TestBot[] = [];

  beforeEach(async () => {
    connector = await CaptureConnector.start();
    connector.limitRate(LIMITS);
  });

  afterEach(async () => {
    for (const bot of bots.splice(0).reverse()) await bot.stop();
    await connector.close();
  });

  async function instance(options: { store?: TestBot['store']; instance?: string } = {}): Promise<TestBot> {
    const bot = await TestBot.start({
      ...options,
      connector,
      now: HERIJKING_DAY,
      realTime: true,
      runDispatcherLoop: true,
      pacing: PACING,
      // Batches smaller than the fan-out, so two instances both claim parts of it.
      dispatcher: { batchSize: 20 },
    });
    bots.push(bot);
    return bot;
  }

  it('brings a herijking round to 100 members and the channel once each, with hardly a 429', async () => {
    const bot = await instance();
    const werkgroep = await seedWerkgroep(bot.store, TENANT, MEMBERS, connector.url, bot.clock.now());
    const figures = await measureFanOut(connector, werkgroep.conversationIds, () =>
      openHerijking(bot, TENANT),
    );
    assert.equal(figures.expected, MEMBERS + 1);
    assert.equal(figures.lost, 0, 'every member and the channel got the round');
    assert.equal(figures.duplicates, 0, 'nobody got it twice');
    assert.ok(figures.throttled <= FEW, `${figures.throttled} answers 429`);
    bot.assertAllCardsValid();
  });

  it('shares the tenant between two instances: an announcement written on both arrives once, without a 429 storm', async () => {
    const first = await instance();
    const second = await instance({ store: first.store, instance: 'second' });
    const werkgroep = await seedWerkgroep(first.store, TENANT, MEMBERS, connector.url, first.clock.now());
    const memberChats = werkgroep.conversationIds.slice(0, MEMBERS);
    const figures = await measureFanOut(connector, memberChats, async () => {
      // Both write it (a retried request, say) and both dispatchers are woken at once.
      await Promise.all([announce(first, werkgroep, 'q4'), announce(second, werkgroep, 'q4')]);
    });
    assert.equal(figures.lost, 0, 'everyone got the announcement');
    assert.equal(figures.duplicates, 0, 'nobody got it twice');
    assert.ok(figures.throttled <= FEW, `${figures.throttled} answers 429`);
    const pending = (await first.storedDocuments('outbox')).filter((entry) => entry.status !== 'sent');
    assert.deepEqual(pending, [], 'every entry recorded as sent');
  });
});
