import assert from 'node:assert/strict';
import { newOutboxEntry } from '../bot/outbox/outbox-entry';
import { cardText, TENANT, TestBot, type TestUser } from './helpers/test-bot';

/**
 * A message that reached its end moves out of `tenantData` into `outboxHistory`, so the queries of
 * every turn and of the dispatcher never read the history of what was sent. Its id stays the
 * dedupe key: writing the same message again after it was sent must not send it twice.
 */
describe('outbox history: finished messages out of the working container, still sent once', () => {
  let bot: TestBot;
  let carla: TestUser;

  beforeEach(async () => {
    bot = await TestBot.start();
    carla = bot.user('Carla');
    await carla.says('help');
  });

  afterEach(async () => {
    await bot.stop();
  });

  const notice = () =>
    newOutboxEntry(
      TENANT,
      `signal-notice:OND-2026-0042:${carla.aadObjectId}`,
      carla.aadObjectId,
      {
        kind: 'signal-notice',
        signalId: 'signal:42',
        reference: 'OND-2026-0042',
        category: 'other',
        urgency: 'normal',
      },
      bot.clock.now(),
    );
  const received = () => carla.received().filter((sent) => /OND-2026-0042/.test(cardText(sent))).length;

  it('keeps a sent message in outboxHistory only, and does not send it again when it is written again', async () => {
    await bot.app.services.outbox.enqueue([notice()]);
    await bot.deliverOutbox();
    assert.equal(received(), 1);
    const [sent] = await bot.storedDocuments('outbox', 'outboxHistory');
    assert.equal(sent?.status, 'sent', 'the history holds it as sent');
    assert.deepEqual(
      await bot.storedDocuments('outbox', 'tenantData'),
      [],
      'the working container no longer does',
    );

    // A scheduler that runs twice, a retried background pass: the same message is written again.
    await bot.app.services.outbox.enqueue([notice()]);
    await bot.deliverOutbox();
    bot.clock.advance(3_600_000);
    await bot.deliverOutbox();
    assert.equal(received(), 1, 'Carla gets it once');
    assert.deepEqual(await bot.storedDocuments('outbox', 'tenantData'), []);
  });
});
