import assert from 'node:assert/strict';
import { CAST, introduce, regieEnv } from '../helpers/regie-fixtures';
import { cardText, findInput, TestBot, type TestUser } from '../helpers/test-bot';

const isMonthlyCase = (sent: Parameters<typeof cardText>[0]) => /^Casus van de maand · /.test(cardText(sent));

describe('casus van de maand in instellingen', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await TestBot.start({ env: regieEnv(), now: '2026-12-28T12:00:00Z' });
  });
  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  const tickAt = async (instant: string) => {
    bot.clock.set(instant);
    await bot.app.runPeriodicChecks();
    await bot.deliverOutbox();
  };

  it('follows a new weekday, time and audience: the first working Thursday at 09:30, to people and the channel', async () => {
    const [carla, sanne] = await introduce(bot, CAST.carla, 'Sanne Medewerker');
    const channel = bot.inChannel(CAST.carla);
    await channel.says('werkgroep koppel');
    const form = (await carla.says('instellingen')).at(-1);
    assert.ok(form);
    assert.deepEqual(
      ['monthlyCaseAudience', 'monthlyCaseWeekday', 'monthlyCaseTime'].map((id) => findInput(form, id).value),
      ['people', 'TU', '10:00'],
      'the defaults',
    );
    const values = Object.fromEntries(
      [
        'firstFeedbackWorkingDays',
        'periodicFeedbackMonths',
        'fourEyesClosure',
        'herijkingRepeat',
        'herijkingTime',
        'herijkingOpenWorkingDays',
        'herijkingRemindAfterWorkingDays',
        'actionDaysBefore',
        'actionOverdueEvery',
        'councilReportThreshold',
      ].map((id) => [id, findInput(form, id).value]),
    );
    await carla.submits(form, {
      ...values,
      monthlyCaseAudience: 'both',
      monthlyCaseWeekday: 'TH',
      monthlyCaseTime: '09:30',
    });
    const [schedule] = (await bot.storedDocuments('schedule')).filter(
      (stored) => stored.kind === 'monthly-case',
    );
    assert.equal(schedule.rrule, 'FREQ=WEEKLY;BYDAY=TH');
    assert.equal(schedule.localTime, '09:30');

    const received = (user: TestUser) => user.received().filter(isMonthlyCase).length;
    await tickAt('2027-01-05T09:00:00Z'); // Tuesday 10:00: no longer the day
    assert.equal(received(sanne), 0);
    await tickAt('2027-01-07T08:30:00Z'); // Thursday 7 January, 09:30 CET
    assert.equal(received(sanne), 1);
    assert.equal(received(carla), 1);
    assert.equal(received(channel), 1, 'the channel too');
    const inChannel = channel.received().filter(isMonthlyCase)[0];
    assert.ok(inChannel);
    assert.doesNotMatch(cardText(inChannel), /casus uit|Waar let jij op/, 'nothing personal in the channel');
    await tickAt('2027-01-14T08:30:00Z'); // the second Thursday: nothing
    assert.equal(received(sanne), 1);
  });

  it('refuses a weekday that is not Monday to Friday, with the values back', async () => {
    const [carla] = await introduce(bot, CAST.carla);
    const form = (await carla.says('instellingen')).at(-1);
    assert.ok(form);
    await carla.submits(form, { monthlyCaseWeekday: 'SU', monthlyCaseTime: '25:00' });
    const back = carla.lastCard();
    assert.match(cardText(back), /Kies een dag van maandag tot en met vrijdag/);
    assert.equal(findInput(back, 'monthlyCaseTime').value, '25:00');
    assert.equal((await bot.storedDocuments('settings')).length, 0);
  });
});
