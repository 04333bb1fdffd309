import assert from 'node:assert/strict';
import { CAST, introduce, regieEnv, report } from './helpers/regie-fixtures';
import { TestBot, type TestUser } from './helpers/test-bot';

const textOf = async (user: TestUser, message: string) =>
  (await user.says(message)).at(-1)?.activity.text ?? '';

describe("a tenant's own non-working days", () => {
  let bot: TestBot;
  let carla: TestUser;
  let wim: TestUser;

  beforeEach(async () => {
    bot = await TestBot.start({ env: regieEnv(), now: '2026-12-01T09:00:00Z' });
    [carla, wim] = await introduce(bot, CAST.carla, CAST.wim);
    await carla.says(`werkgroep lid + ${CAST.wim}`);
  });

  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  it('are added and removed by coordinators, listed for the werkgroep, with clear answers to bad input', async () => {
    assert.match(await textOf(carla, 'vrije dagen'), /geen eigen vrije dagen/);
    assert.match(await textOf(carla, 'vrije dag + 24-12-2026'), /24-12-2026 is nu een vrije dag/);
    assert.match(await textOf(carla, 'vrije dag + 2026-12-31'), /31-12-2026 is nu een vrije dag/);
    assert.match(await textOf(carla, 'vrije dag + 31-02-2027'), /'31-02-2027' is geen datum/);
    assert.match(await textOf(carla, 'vrije dag + 01-11-2026'), /01-11-2026 ligt in het verleden/);
    assert.match(
      await textOf(wim, 'vrije dagen'),
      /Eigen vrije dagen van de gemeente: 24-12-2026, 31-12-2026\./,
    );
    assert.match(await textOf(wim, 'vrije dag + 27-12-2026'), /alleen voor beheerders en regievoerders/);
    assert.match(await textOf(carla, 'vrije dag - 31-12-2026'), /31-12-2026 is weer een gewone werkdag/);
    assert.match(await textOf(carla, 'vrije dagen'), /: 24-12-2026\./);
    const audit = (await bot.storedDocuments('audit', 'audit'))
      .filter((entry) => entry.action.startsWith('calendar.'))
      .map((entry) => `${entry.action} ${entry.subjectId}`);
    assert.deepEqual(audit.sort(), [
      'calendar.day-added 2026-12-24',
      'calendar.day-added 2026-12-31',
      'calendar.day-removed 2026-12-31',
    ]);
  });

  it('move feedback deadlines like a public holiday', async () => {
    bot.clock.set('2026-12-18T10:00:00Z'); // Friday; Christmas is Friday 25 December
    await report(bot.user(CAST.alex));
    await carla.says('vrije dag + 24-12-2026');
    await report(bot.user(CAST.alex));
    const due = (await bot.storedDocuments('signal'))
      .sort((a, b) => a.reference.localeCompare(b.reference))
      .map((signal) => signal.feedbackDueOn);
    assert.deepEqual(due, ['2026-12-28', '2026-12-29'], 'five working days, the closing day not counted');
  });

  it('hold back reminders and move the herijking opening, also for schedules made before', async () => {
    const channel = bot.inChannel(CAST.carla);
    await channel.says('werkgroep koppel'); // schedules the herijking: Monday 4 January 2027, 09:00
    const form = (await carla.says('actie nieuw')).at(-1)!;
    await carla.submits(form, { title: 'Jaarplan afronden', owner: wim.aadObjectId, dueOn: '2027-01-04' });
    await carla.says('vrije dag + 04-01-2027');
    await bot.deliverOutbox();
    const before = wim.received().length;

    const checkAt = async (instant: string) => {
      bot.clock.set(instant);
      await bot.app.runPeriodicChecks();
      await bot.deliverOutbox();
    };
    await checkAt('2027-01-04T08:00:00Z');
    assert.equal(wim.received().length, before, 'nothing on the closing day');
    assert.equal((await bot.storedDocuments('herijking-round')).length, 0, 'no herijking on the closing day');

    await checkAt('2027-01-05T08:00:00Z');
    const [round] = await bot.storedDocuments('herijking-round');
    assert.equal(round?.quarter, '2027-Q1', 'opens on the next working day');
    assert.ok(wim.received().length > before, 'and Wim hears of it');
  });
});
