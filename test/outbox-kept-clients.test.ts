import assert from 'node:assert/strict';
import { signalNoticeEntry } from './helpers/outbox-entries';
import { cardText, TENANT, TestBot, type TestUser } from './helpers/test-bot';

/**
 * Outbox deliveries reuse one connector client per bot identity and service URL (building one per
 * send cost CPU a fan-out pays a thousand times). A kept client must behave as a fresh one did:
 * without the SDK's own retries for the outbox, and turns keep theirs.
 */
describe('outbox: connector clients kept across deliveries', () => {
  let bot: TestBot;
  let carla: TestUser;
  let erik: TestUser;
  let sequence = 0;

  const notify = async (recipient: TestUser) => {
    sequence += 1;
    await bot.app.services.outbox.enqueue([
      signalNoticeEntry(TENANT, sequence, recipient.aadObjectId, bot.clock.now()),
    ]);
    return `OND-2026-${String(sequence).padStart(4, '0')}`;
  };
  const attemptsTo = (user: TestUser) =>
    bot.connector.requests.filter((request) =>
      request.path.includes(encodeURIComponent(user.conversation.id)),
    );

  beforeEach(async () => {
    bot = await TestBot.start();
    carla = bot.user('Carla');
    erik = bot.user('Erik');
    await carla.says('help');
    await erik.says('help');
  });

  afterEach(async () => {
    await bot.stop();
  });

  it('a later send through the kept client still leaves a 5xx to the outbox: one request, retried later', async () => {
    await notify(carla);
    await bot.deliverOutbox();
    const before = attemptsTo(erik).length;
    const reference = await notify(erik);
    bot.connector.failNext(1, 503, {}, erik.conversation.id);
    await bot.deliverOutbox();
    assert.equal(attemptsTo(erik).length - before, 1, 'the SDK did not retry inside the send');
    const [waiting] = await bot.storedDocuments('outbox');
    assert.equal(waiting.status, 'pending');
    assert.equal(waiting.attempts, 1);
    bot.clock.advance(2_000);
    await bot.deliverOutbox();
    assert.equal(erik.received().filter((sent) => cardText(sent).includes(reference)).length, 1);
  });

  it('a reply in a turn after outbox sends still gets the SDK retries: the answer, not an error', async () => {
    const answer = (await carla.says('help')).map(cardText);
    await notify(carla);
    await bot.deliverOutbox();
    const before = attemptsTo(carla).length;
    bot.connector.failNext(1, 503, {}, carla.conversation.id);
    const replies = await carla.says('help');
    assert.deepEqual(replies.map(cardText), answer, 'Carla gets her answer');
    assert.equal(attemptsTo(carla).length - before, answer.length + 1, 'the 503 was retried by the SDK');
  });
});
