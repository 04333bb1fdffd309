import assert from 'node:assert/strict';
import { sendMonthlyCase } from '../bot/domain/monthly-case/send-monthly-case';
import { playbookSeed } from '../bot/i18n/playbook-seed';
import { datesBetween } from './helpers/herijking-year';
import { CAST, introduce, regieEnv } from './helpers/regie-fixtures';
import { cardText, TestBot, type TestUser } from './helpers/test-bot';

const isMonthlyCase = (text: string) => /^Casus van de maand · /.test(text);

describe('casus van de maand: a simulated year through the running bot', () => {
  let bot: TestBot;

  beforeEach(async () => {
    bot = await TestBot.start({ env: regieEnv(), now: '2026-12-20T12:00:00Z' });
  });
  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  const cases = (user: TestUser) => user.received().filter((sent) => isMonthlyCase(cardText(sent)));

  it('goes out on the first working Tuesday of each month at 10:00 Amsterdam, once per person, never on a closing day', async function () {
    this.timeout(180_000);
    const [carla, sanne, wanda] = await introduce(bot, CAST.carla, 'Sanne Burgerzaken', 'Wanda Werkgroep');
    const channel = bot.inChannel(CAST.carla);
    await channel.says('werkgroep koppel');
    // Sanne works at the civil registry: her cards say what to look for there.
    await sanne.clicks(
      (await sanne.says('uitleg')).at(-1) ?? sanne.lastCard(),
      (data) => data.lineOfWork === 'civil-registry',
    );
    // The municipality is closed on the first Tuesday of February.
    await carla.says('vrije dag + 02-02-2027');

    // Two ticks a day, 08:00 and 09:00 UTC: 10:00 Amsterdam is the second in winter, the first in summer.
    for (const day of datesBetween('2026-12-21', '2027-12-31')) {
      for (const hour of ['08', '09']) {
        bot.clock.set(`${day}T${hour}:00:00Z`);
        await bot.app.runPeriodicChecks();
        await bot.deliverOutbox();
      }
      if (day === '2027-03-10') await wanda.says('casus uit');
      if (day === '2027-06-10') await wanda.says('casus aan');
    }

    const sentAt = (user: TestUser) => cases(user).map((sent) => sent.at.toISOString().slice(0, 13));
    assert.deepEqual(sentAt(sanne), [
      '2027-01-05T09',
      // 2 February is a closing day: the second Tuesday, never the closing day itself.
      '2027-02-09T09',
      '2027-03-02T09',
      // Summer time (from 28 March): 10:00 CEST is 08:00 UTC.
      '2027-04-06T08',
      '2027-05-04T08',
      '2027-06-01T08',
      '2027-07-06T08',
      '2027-08-03T08',
      '2027-09-07T08',
      '2027-10-05T08',
      // Winter time again (from 31 October).
      '2027-11-02T09',
      '2027-12-07T09',
    ]);
    assert.deepEqual(
      sentAt(wanda).map((at) => at.slice(0, 7)),
      ['2027-01', '2027-02', '2027-03', '2027-07', '2027-08', '2027-09', '2027-10', '2027-11', '2027-12'],
      'nothing between casus uit (10 March) and casus aan (10 June)',
    );
    assert.equal(cases(carla).length, 12);
    assert.equal(cases(channel).length, 0, 'by default the case goes to people, not the channel');

    // The playbook's examples in turn across the lines of work.
    const [january, february] = cases(sanne).map(cardText);
    assert.match(january ?? '', /Een voorbeeld uit Vergunningen:\n.*horeca- of evenementenvergunning/);
    assert.match(february ?? '', /Een voorbeeld uit Burgerzaken:\n.*Veel inschrijvingen op één adres/);
    assert.match(january ?? '', /Waar let jij op in je werk \(Burgerzaken\)\?/);
    assert.match(cardText(cases(wanda)[0] ?? wanda.lastCard()), /Typ uitleg en kies je vakgebied/);
    assert.ok(
      cases(sanne).every((sent) => /report\.open/.test(JSON.stringify(sent.activity.attachments))),
      'every card has the meld button',
    );

    // The January occurrence once more (a retry, another instance): nothing new is sent.
    const before = bot.connector.sent.length;
    await sendMonthlyCase(
      { ...bot.app.services, seedFor: playbookSeed },
      sanne.who.tenantId,
      new Date('2027-01-05T09:00:00Z'),
    );
    await bot.deliverOutbox();
    assert.equal(bot.connector.sent.length, before);
  });
});
