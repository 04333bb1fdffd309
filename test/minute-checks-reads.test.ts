import assert from 'node:assert/strict';
import { botOnItsOwnStore } from './helpers/own-store';
import { CAST, introduce, regieEnv, report } from './helpers/regie-fixtures';
import { cardText, TestBot } from './helpers/test-bot';

/**
 * The minute's checks run on every instance all day. What can only change with the date must not
 * cost the store something every minute: an overdue signal's reminder is decided once a day, not
 * written again (and refused as taken) every minute for as long as the feedback stays late.
 */
describe('the minute checks: overdue feedback is decided once a day', () => {
  const own = botOnItsOwnStore('minute-checks', (store) =>
    TestBot.start({ store, env: regieEnv(), now: '2026-11-30T09:00:00Z' }),
  );

  it('reminds once, and the checks of the next minutes write nothing and read no overdue signals', async () => {
    const [carla, , alex] = await introduce(own.bot, CAST.carla, CAST.dave, CAST.alex);
    await report(alex);
    await report(alex);
    own.bot.clock.set('2026-12-08T08:00:00Z'); // the feedback was due on 7 December
    await own.bot.app.runPeriodicChecks();
    await own.bot.deliverOutbox();
    const reminders = () =>
      carla.received().filter((sent) => /Terugkoppeling aan de melder is te laat/.test(cardText(sent)));
    assert.equal(reminders().length, 2, 'one reminder per overdue signal');

    for (const minute of ['08:01', '08:02', '08:03']) {
      own.bot.clock.set(`2026-12-08T${minute}:00Z`);
      own.trips.reset();
      await own.bot.app.runPeriodicChecks();
      const overdueReads = own.trips.requests.filter((request) => request.query?.includes('feedbackDueOn'));
      const writes = own.trips.requests.filter((request) =>
        ['POST', 'BATCH', 'PUT'].includes(request.method),
      );
      assert.deepEqual(overdueReads, [], `${minute}: no query for overdue feedback`);
      assert.deepEqual(writes, [], `${minute}: nothing written\n${own.trips.describe()}`);
    }
    await own.bot.deliverOutbox();
    assert.equal(reminders().length, 2, 'still one reminder per overdue signal');

    // The next day the decision is made again (a new due date would be reminded then).
    own.bot.clock.set('2026-12-09T08:00:00Z');
    own.trips.reset();
    await own.bot.app.runPeriodicChecks();
    assert.ok(own.trips.requests.some((request) => request.query?.includes('feedbackDueOn')));
  });
});
