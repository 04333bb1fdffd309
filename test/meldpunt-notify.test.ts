import assert from 'node:assert/strict';
import { DEFAULT_DISPATCHER_OPTIONS } from '../bot/outbox/outbox-dispatcher';
import { validReport } from './helpers/report-fixtures';
import { cardText, person, TestBot, type TestUser } from './helpers/test-bot';

/** Longer than the dispatcher's lease (2 min), longest backoff (1 h) and no-conversation wait (15 min). */
const PAST_EVERY_WINDOW_MS =
  DEFAULT_DISPATCHER_OPTIONS.leaseMs + DEFAULT_DISPATCHER_OPTIONS.maxBackoffMs + 60 * 60_000;

describe('meldpunt: coordinators hear of every new signal', () => {
  let bot: TestBot;
  let carla: TestUser;
  let dave: TestUser;

  beforeEach(async () => {
    bot = await TestBot.start({ coordinators: [person('Carla').aadObjectId, person('Dave').aadObjectId] });
    carla = bot.user('Carla');
    dave = bot.user('Dave');
    await carla.installs();
    await dave.installs();
  });

  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  async function report(values: Record<string, string>, name = 'Alex Melder') {
    const alex = bot.user(name);
    await alex.says('meld');
    await alex.submits(alex.lastCard(), { ...validReport, ...values });
    return alex;
  }

  it('sends every coordinator a notice with category, urgency and reference', async () => {
    await report({ urgency: 'urgent' });
    await bot.deliverOutbox();
    for (const coordinator of [carla, dave]) {
      const notice = coordinator.lastCard();
      const text = cardText(notice);
      assert.match(text, /Nieuw urgent signaal/);
      assert.match(text, /OND-2026-0001/);
      assert.match(text, /Vakantieparken/);
      assert.match(text, /Urgent/);
    }
  });

  it('puts no reporter identity and no signal details in the notice', async () => {
    await report({ anonymous: 'true' }, 'Alex Anoniem');
    await bot.deliverOutbox();
    const notice = JSON.stringify(carla.lastCard().activity);
    const alex = person('Alex Anoniem');
    assert.ok(!notice.includes(alex.aadObjectId));
    assert.ok(!notice.includes('Alex Anoniem'));
    assert.ok(!notice.includes(validReport.location));
    assert.ok(!notice.includes('kenteken'));
  });

  it('delivers each notice exactly once, however often the dispatcher runs', async () => {
    await report({});
    await Promise.all([bot.deliverOutbox(), bot.deliverOutbox(), bot.app.dispatcher.runOnce()]);
    await bot.deliverOutbox();
    // Past every lease and retry window: a sent notice must not come due again.
    bot.clock.advance(PAST_EVERY_WINDOW_MS);
    await bot.deliverOutbox();
    const notices = carla.received().filter((sent) => /OND-2026-0001/.test(cardText(sent)));
    assert.equal(notices.length, 1);
    const entries = await bot.storedDocuments('outbox');
    assert.deepEqual(
      entries.map((entry) => entry.status),
      ['sent', 'sent'],
    );
  });

  it('keeps a notice for a coordinator who has not chatted yet and delivers it when they do', async () => {
    await bot.stop();
    bot = await TestBot.start({ coordinators: [person('Erik').aadObjectId] });
    await report({});
    await bot.deliverOutbox();
    const [waiting] = await bot.storedDocuments('outbox');
    assert.equal(waiting.status, 'pending');
    assert.equal(waiting.lastError, 'no-conversation');

    const erik = bot.user('Erik');
    await erik.says('help');
    await bot.deliverOutbox();
    assert.match(cardText(erik.lastCard()), /OND-2026-0001/);
  });

  it('honours 429 with Retry-After and still delivers once', async () => {
    await report({});
    bot.connector.failNext(1, 429, { 'retry-after': '30' }, carla.conversation.id);
    await bot.deliverOutbox();
    const throttled = (await bot.storedDocuments('outbox')).find(
      (entry) => entry.recipientAadObjectId === carla.aadObjectId,
    );
    assert.equal(throttled.status, 'pending');
    const refusal = bot.connector.requests.find(
      (request) => request.status === 429 && request.path.includes(encodeURIComponent(carla.conversation.id)),
    );
    assert.ok(refusal, 'Teams answered 429 to the notice for Carla');
    assert.equal(
      throttled.nextAttemptAt,
      new Date(refusal.answeredAt + 30_000).toISOString(),
      'waits exactly as long as Teams asked, from its answer',
    );

    bot.clock.advance(29_000);
    await bot.deliverOutbox();
    assert.equal(
      carla.received().filter((sent) => /OND-2026-0001/.test(cardText(sent))).length,
      0,
      'not before',
    );
    bot.clock.advance(1_000);
    await bot.deliverOutbox();
    assert.equal(carla.received().filter((sent) => /OND-2026-0001/.test(cardText(sent))).length, 1);
  });

  it('retries a 5xx with growing backoff until it is delivered', async () => {
    await report({});
    bot.connector.failNext(2, 503, {}, carla.conversation.id);
    await bot.deliverOutbox();
    bot.clock.advance(2_000);
    await bot.deliverOutbox();
    let entry = (await bot.storedDocuments('outbox')).find(
      (e) => e.recipientAadObjectId === carla.aadObjectId,
    );
    assert.equal(entry.status, 'pending');
    assert.equal(entry.attempts, 2);
    bot.clock.advance(4_000);
    await bot.deliverOutbox();
    entry = (await bot.storedDocuments('outbox')).find((e) => e.recipientAadObjectId === carla.aadObjectId);
    assert.equal(entry.status, 'sent');
    assert.equal(carla.received().filter((sent) => /OND-2026-0001/.test(cardText(sent))).length, 1);
  });

  it('marks a coordinator who removed the bot unreachable and tells the other coordinator', async () => {
    await report({});
    bot.connector.failAlways(403, carla.conversation.id);
    await bot.deliverOutbox();
    const entry = (await bot.storedDocuments('outbox')).find(
      (e) => e.recipientAadObjectId === carla.aadObjectId,
    );
    assert.equal(entry.status, 'unreachable');
    const problem = dave.lastCard();
    assert.match(cardText(problem), /Bericht niet bezorgd/);
    assert.match(cardText(problem), new RegExp(carla.aadObjectId));
    bot.clock.advance(3_600_000);
    await bot.deliverOutbox();
    const attempts = bot.connector.requests.filter((request) =>
      request.path.includes(encodeURIComponent(carla.conversation.id)),
    );
    assert.equal(attempts.filter((request) => request.status === 403).length, 1, 'no retrying for ever');
  });
});
