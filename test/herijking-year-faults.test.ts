import assert from 'node:assert/strict';
import type { SentActivity } from './helpers/capture-connector';
import { datesBetween, ON_TRACK_ANSWER } from './helpers/herijking-year';
import { CAST, introduce, regieEnv } from './helpers/regie-fixtures';
import { cardText, TestBot, type TestUser } from './helpers/test-bot';

/**
 * The herijking year again, now as production runs it: two instances on one store tick and
 * deliver side by side, and Teams refuses one new message in ten (429, 500 or 503). Every prompt,
 * reminder and summary must still arrive exactly once, on its day.
 */
describe('herijking: a simulated year on two instances, with Teams refusing one message in ten', () => {
  let first: TestBot;
  let second: TestBot;
  let wim: TestUser;
  let wanda: TestUser;
  let channel: TestUser;

  beforeEach(async () => {
    first = await TestBot.start({ env: regieEnv(), now: '2026-12-20T12:00:00Z' });
    second = await TestBot.start({
      env: regieEnv(),
      store: first.store,
      connector: first.connector,
      clock: first.clock,
      instance: 'second-',
    });
    let carla: TestUser;
    [carla, wim, wanda] = await introduce(first, CAST.carla, CAST.wim, 'Wanda Werkgroep');
    await carla.says(`werkgroep lid + ${CAST.wim}`);
    await carla.says('werkgroep lid + Wanda Werkgroep');
    channel = first.inChannel(CAST.carla);
    await channel.says('werkgroep koppel');
    first.connector.failRandomly(0.1, 3);
  });

  afterEach(async () => {
    first.assertAllCardsValid();
    await second.stop();
    await first.stop();
  });

  /** Both instances deliver until nothing is pending, letting simulated minutes pass for retries. */
  async function deliverEverything(): Promise<void> {
    for (let round = 0; round < 20; round += 1) {
      await Promise.all([first.deliverOutbox(), second.deliverOutbox()]);
      // Dave (a seeded coordinator) never opened a chat with the bot: his messages wait for him.
      const pending = (await first.storedDocuments('outbox')).filter(
        (entry) => entry.status === 'pending' && entry.lastError !== 'no-conversation',
      );
      if (pending.length === 0) return;
      first.clock.advance(60_000);
    }
    assert.fail('messages still pending after 20 simulated minutes of retries');
  }

  it('loses nothing and sends nothing twice: four rounds, one reminder each, four summaries', async function () {
    this.timeout(300_000);
    const prompts = (user: TestUser) =>
      user.received().filter((sent) => /Herijking 2027-Q\d: jouw antwoord/.test(cardText(sent)));
    const reminders = (user: TestUser) =>
      user.received().filter((sent) => /Herinnering: herijking/.test(cardText(sent)));
    const answered = new Set<SentActivity>();

    for (const day of datesBetween('2026-12-21', '2027-12-31')) {
      for (const hour of ['07', '08']) {
        first.clock.set(`${day}T${hour}:00:00Z`);
        await Promise.all([first.app.runPeriodicChecks(), second.app.runPeriodicChecks()]);
      }
      await deliverEverything();
      for (const prompt of prompts(wim).filter((sent) => !answered.has(sent))) {
        answered.add(prompt);
        await wim.submits(prompt, ON_TRACK_ANSWER);
      }
    }

    const refused = first.connector.requests.filter((request) => [429, 500, 503].includes(request.status));
    assert.ok(refused.length >= 3, `Teams refused messages along the way (${refused.length})`);
    assert.equal(prompts(wim).length, 4, 'Wim is asked once per quarter');
    assert.equal(prompts(wanda).length, 4, 'Wanda is asked once per quarter');
    assert.deepEqual(
      reminders(wanda).map((sent) => sent.at.toISOString().slice(0, 10)),
      ['2027-01-11', '2027-04-08', '2027-07-08', '2027-10-08'],
      'the non-responder is reminded once per round, on the fifth working day',
    );
    assert.equal(reminders(wim).length, 0, 'who answered is not chased');
    const summaries = channel.received().filter((sent) => /Samenvatting herijking/.test(cardText(sent)));
    assert.deepEqual(
      summaries.map((summary) => /2027-Q\d/.exec(cardText(summary))?.[0]),
      ['2027-Q1', '2027-Q2', '2027-Q3', '2027-Q4'],
      'one summary per round, none twice',
    );
    for (const summary of summaries) assert.match(cardText(summary), /1 van 2 leden hebben geantwoord/);
  });
});
