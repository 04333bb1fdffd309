import assert from 'node:assert/strict';
import { TEAMS_PACING } from '../bot/outbox/delivery-pacer';
import { newOutboxEntry } from '../bot/outbox/outbox-entry';
import { cardText, TENANT, TestBot } from './helpers/test-bot';

const MINUTE = 60_000;

/**
 * Teams counts a reply to someone's own message against the same per-tenant budget as the
 * outbox's messages. The outbox keeps no fixed share free for replies: replies go out at once and
 * take their place in the budget, and the outbox's next message waits for a free slot. Here the
 * tenant's budget is shrunk to one message a minute, so one reply fills it.
 */
describe('replies to people count in the tenant’s pace', () => {
  let bot: TestBot;

  afterEach(async () => {
    await bot.stop();
  });

  it('holds an outbox message back while a reply has just spent the tenant’s budget', async () => {
    bot = await TestBot.start({
      pacing: { ...TEAMS_PACING, perTenant: [{ count: 1, windowMs: MINUTE }] },
    });
    const wim = bot.user('Wim');
    // Wim's first message: the bot learns his 1:1 chat and replies in it.
    await wim.says('help');
    const before = wim.received().length;
    await bot.app.services.outbox.enqueue([
      newOutboxEntry(
        TENANT,
        'announcement:paced',
        wim.aadObjectId,
        { kind: 'herijking', event: 'reminder', quarter: '2026-Q4', closesOn: '2026-12-15', goals: [] },
        bot.clock.now(),
      ),
    ]);
    await bot.deliverOutbox();
    assert.equal(wim.received().length, before, 'the reply took this minute’s slot');
    bot.clock.advance(MINUTE + 1_000);
    await bot.deliverOutbox();
    assert.equal(wim.received().length, before + 1, 'the message goes out once the slot is free');
    assert.match(cardText(wim.received().at(-1)!), /2026-Q4/);
  });

  it('counts the outbox’s own messages once: a budget of two a minute sends two', async () => {
    bot = await TestBot.start({
      pacing: { ...TEAMS_PACING, perTenant: [{ count: 2, windowMs: MINUTE }] },
    });
    const wim = bot.user('Wim');
    await wim.says('help');
    // The replies' minute has passed: the whole budget is free.
    bot.clock.advance(MINUTE + 1_000);
    const before = wim.received().length;
    await bot.app.services.outbox.enqueue(
      ['first', 'second'].map((key) =>
        newOutboxEntry(
          TENANT,
          `announcement:${key}`,
          wim.aadObjectId,
          { kind: 'herijking', event: 'reminder', quarter: '2026-Q4', closesOn: '2026-12-15', goals: [] },
          bot.clock.now(),
        ),
      ),
    );
    await bot.deliverOutbox();
    assert.equal(wim.received().length, before + 2, 'both within the minute');
  });
});
