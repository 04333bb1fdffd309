import assert from 'node:assert/strict';
import type { SentActivity } from './helpers/capture-connector';
import { datesBetween, ON_TRACK_ANSWER } from './helpers/herijking-year';
import { CAST, introduce, regieEnv } from './helpers/regie-fixtures';
import { cardText, TestBot, type TestUser } from './helpers/test-bot';

describe('herijking: a simulated year through the running bot', () => {
  let bot: TestBot;
  let wim: TestUser;
  let wanda: TestUser;
  let channel: TestUser;

  beforeEach(async () => {
    bot = await TestBot.start({ env: regieEnv(), now: '2026-12-20T12:00:00Z' });
    let carla: TestUser;
    [carla, wim, wanda] = await introduce(bot, CAST.carla, CAST.wim, 'Wanda Werkgroep');
    await carla.says(`werkgroep lid + ${CAST.wim}`);
    await carla.says('werkgroep lid + Wanda Werkgroep');
    channel = bot.inChannel(CAST.carla);
    await channel.says('werkgroep koppel');
  });

  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  it('opens, reminds and closes the four rounds of 2027 at 09:00 Amsterdam, across both DST changes', async function () {
    this.timeout(120_000);
    const prompts = (user: TestUser) =>
      user.received().filter((sent) => /Herijking 2027-Q\d: jouw antwoord/.test(cardText(sent)));
    const reminders = (user: TestUser) =>
      user.received().filter((sent) => /Herinnering: herijking/.test(cardText(sent)));
    const answered = new Set<SentActivity>();

    // Two ticks a day: 08:00 and 09:00 in winter, 09:00 and 10:00 in summer. Nothing may happen
    // at the earlier tick in winter, everything due at 09:00 at the first tick that reaches it.
    for (const day of datesBetween('2026-12-21', '2027-12-31')) {
      for (const hour of ['07', '08']) {
        bot.clock.set(`${day}T${hour}:00:00Z`);
        await bot.app.runPeriodicChecks();
      }
      await bot.deliverOutbox();
      // Wim answers each round the day it opens; Wanda never does.
      for (const prompt of prompts(wim).filter((sent) => !answered.has(sent))) {
        answered.add(prompt);
        await wim.submits(prompt, ON_TRACK_ANSWER);
      }
    }

    const rounds = (await bot.storedDocuments('herijking-round')).sort((a, b) =>
      a.quarter.localeCompare(b.quarter),
    );
    assert.deepEqual(
      rounds.map((round) => [round.quarter, round.openedAt, round.remindOn, round.closesOn, round.closedAt]),
      [
        // 1 January is a holiday and 2-3 January a weekend: Monday 4 January, 09:00 CET.
        ['2027-Q1', '2027-01-04T08:00:00.000Z', '2027-01-11', '2027-01-18', '2027-01-18T08:00:00.000Z'],
        // After the March DST change: 09:00 CEST is 07:00 UTC (Easter Monday 29 March is before).
        ['2027-Q2', '2027-04-01T07:00:00.000Z', '2027-04-08', '2027-04-15', '2027-04-15T07:00:00.000Z'],
        ['2027-Q3', '2027-07-01T07:00:00.000Z', '2027-07-08', '2027-07-15', '2027-07-15T07:00:00.000Z'],
        ['2027-Q4', '2027-10-01T07:00:00.000Z', '2027-10-08', '2027-10-15', '2027-10-15T07:00:00.000Z'],
      ],
    );
    assert.equal(prompts(wanda).length, 4, 'every member is asked every quarter');
    assert.deepEqual(
      reminders(wanda).map((sent) => sent.at.toISOString().slice(0, 10)),
      ['2027-01-11', '2027-04-08', '2027-07-08', '2027-10-08'],
      'the non-responder is reminded once per round, on the fifth working day',
    );
    assert.equal(reminders(wim).length, 0, 'who answered is not chased');
    const summaries = channel.received().filter((sent) => /Samenvatting herijking/.test(cardText(sent)));
    assert.equal(summaries.length, 4);
    for (const summary of summaries) assert.match(cardText(summary), /1 van 2 leden hebben geantwoord/);
  });
});
