import assert from 'node:assert/strict';
import { CAST, introduce, regieEnv, report } from './helpers/regie-fixtures';
import { cardText, findInput, TestBot, type TestUser } from './helpers/test-bot';

const CHANGED = {
  firstFeedbackWorkingDays: '3',
  periodicFeedbackMonths: '2',
  fourEyesClosure: 'false',
  herijkingRepeat: 'custom',
  herijkingRrule: 'FREQ=MONTHLY;BYMONTH=2,5,8,11;BYMONTHDAY=1',
  herijkingTime: '10:00',
  herijkingOpenWorkingDays: '5',
  herijkingRemindAfterWorkingDays: '2',
  actionDaysBefore: '0',
  actionOverdueEvery: '1',
};

describe('settings: service levels, four eyes, herijking and reminders per tenant', () => {
  let bot: TestBot;
  let carla: TestUser;
  let wim: TestUser;

  beforeEach(async () => {
    bot = await TestBot.start({ env: regieEnv(), now: '2026-12-01T09:00:00Z' }); // Tuesday
    [carla, wim] = await introduce(bot, CAST.carla, CAST.wim);
    await carla.says(`werkgroep lid + ${CAST.wim}`);
  });

  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  it('shows the defaults, gives bad input back with the values, and stores nothing from it', async () => {
    const form = (await carla.says('instellingen')).at(-1)!;
    const shown = Object.fromEntries(Object.keys(CHANGED).map((id) => [id, findInput(form, id).value]));
    assert.deepEqual(shown, {
      firstFeedbackWorkingDays: '5',
      periodicFeedbackMonths: '3',
      fourEyesClosure: 'true',
      herijkingRepeat: 'quarterly',
      herijkingRrule: '',
      herijkingTime: '09:00',
      herijkingOpenWorkingDays: '10',
      herijkingRemindAfterWorkingDays: '5',
      actionDaysBefore: '2',
      actionOverdueEvery: '5',
    });
    const bad = (
      await carla.submits(form, {
        ...CHANGED,
        firstFeedbackWorkingDays: '0',
        herijkingRrule: 'FREQ=HOURLY',
        herijkingRemindAfterWorkingDays: '7',
      })
    ).at(-1)!;
    const problems = cardText(bad);
    assert.match(problems, /1 tot 30 werkdagen/);
    assert.match(problems, /geldige eigen regel/);
    assert.match(problems, /vóór de herijking sluit/);
    assert.equal(findInput(bad, 'herijkingRrule').value, 'FREQ=HOURLY', 'entered values come back');
    assert.equal(findInput(bad, 'herijkingOpenWorkingDays').value, '5');
    assert.equal((await bot.storedDocuments('settings')).length, 0);
  });

  it('applies saved settings to new reports and moves the herijking schedule', async () => {
    await bot.inChannel(CAST.carla).says('werkgroep koppel'); // quarterly schedule, made now
    const form = (await carla.says('instellingen')).at(-1)!;
    const saved = await carla.submits(form, CHANGED);
    assert.ok(saved.some((sent) => /instellingen zijn opgeslagen/.test(sent.activity.text ?? '')));
    assert.equal(
      findInput(carla.lastCard(), 'herijkingTime').value,
      '10:00',
      'the form shows what is stored',
    );

    await report(bot.user(CAST.alex));
    const [signal] = await bot.storedDocuments('signal');
    assert.equal(signal.feedbackDueOn, '2026-12-04', 'three working days after Tuesday 1 December');

    const actionForm = (await carla.says('actie nieuw')).at(-1)!;
    await carla.submits(actionForm, {
      title: 'Jaarplan afronden',
      owner: wim.aadObjectId,
      dueOn: '2026-12-04',
    });
    await bot.deliverOutbox();
    const remindersToWim = () =>
      wim.received().filter((sent) => /Jaarplan afronden/.test(cardText(sent))).length;
    const assigned = remindersToWim();
    bot.clock.set('2026-12-02T08:00:00Z'); // two working days before: the default would remind now
    await bot.app.runPeriodicChecks();
    await bot.deliverOutbox();
    assert.equal(remindersToWim(), assigned, 'no advance reminder with 0 days');

    bot.clock.set('2027-01-04T08:00:00Z'); // the old quarterly date
    await bot.app.runPeriodicChecks();
    assert.equal((await bot.storedDocuments('herijking-round')).length, 0, 'the old rule no longer runs');
    bot.clock.set('2027-02-01T09:00:00Z'); // Monday 1 February, 10:00 in Amsterdam
    await bot.app.runPeriodicChecks();
    const [round] = await bot.storedDocuments('herijking-round');
    assert.equal(round?.remindOn, '2027-02-03');
    assert.equal(round?.closesOn, '2027-02-08', 'open for five working days');

    const [audit] = (await bot.storedDocuments('audit', 'audit')).filter(
      (entry) => entry.action === 'settings.changed',
    );
    assert.equal(audit?.actor, carla.aadObjectId);
  });

  it('is for coordinators and admins only, also against a forged submit', async () => {
    assert.match(
      (await wim.says('instellingen')).at(-1)?.activity.text ?? '',
      /alleen voor beheerders en regievoerders/,
    );
    const forged = await wim.submitsRaw('activity-x', { verb: 'settings.save', ...CHANGED });
    assert.match(forged.at(-1)?.activity.text ?? '', /alleen voor beheerders en regievoerders/);
    assert.equal((await bot.storedDocuments('settings')).length, 0);
  });
});
