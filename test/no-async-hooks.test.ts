import assert from 'node:assert/strict';
import { executionAsyncId } from 'node:async_hooks';
import { signalNoticeEntry } from './helpers/outbox-entries';
import { cardText, TENANT, TestBot } from './helpers/test-bot';

/** The async id a promise continuation runs in: 0 unless something turned async hooks on. */
async function asyncIdAfterAwait(): Promise<number> {
  await null;
  return executionAsyncId();
}

/**
 * In Node 20 an AsyncLocalStorage that has run once turns on async hooks for every promise of the
 * process, for good: every store request through @azure/cosmos then costs ~50 µs more CPU, and so
 * does every other await of a turn. The bot needs none (the outbox marks its own sends in their
 * claims), so after turns and an outbox delivery, promises still carry no async id.
 */
describe('the bot leaves async hooks off', () => {
  let bot: TestBot;

  before(async () => {
    bot = await TestBot.start();
  });

  after(async () => {
    await bot.stop();
  });

  it('after turns and an outbox delivery, promises carry no async id', async () => {
    assert.equal(await asyncIdAfterAwait(), 0, 'nothing before the bot turned async hooks on');
    const carla = bot.user('Carla');
    await carla.says('help');
    await bot.app.services.outbox.enqueue([signalNoticeEntry(TENANT, 1, carla.aadObjectId, bot.clock.now())]);
    await bot.deliverOutbox();
    assert.ok(
      carla.received().some((sent) => cardText(sent).includes('OND-2026-0001')),
      'the notice arrived',
    );
    await carla.says('help');
    assert.equal(await asyncIdAfterAwait(), 0, 'async hooks are still off');
  });
});
