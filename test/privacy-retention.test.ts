import assert from 'node:assert/strict';
import { answerLastQuestion, everythingStored, quarterFigures, work } from './helpers/privacy-fixtures';
import { CAST, introduce, regieEnv, report } from './helpers/regie-fixtures';
import { cardText, TestBot, type TestUser } from './helpers/test-bot';

/** Recognisable personal data, seeded through the real endpoint. */
const SEEDED_A = {
  location: 'Zonnedauwlaan 3 te Ommerveld',
  description: 'Meneer Pietersen verhuurt zijn schuur aan onbekenden met dure auto’s.',
  involved: 'Jan Pietersen, geboren 1971',
  note: 'Buurman Klaas Vermeulen bevestigt de nachtelijke ritten.',
  question: 'Weet je of Pietersen een bedrijf heeft?',
  answer: 'Ja, Pietersen Schuurverhuur BV.',
};
const SEEDED_B = {
  location: 'Kanaalweg 88, loods achter de garage',
  description: 'Mevrouw Bosch ziet elke week een koerier met pakketten.',
  involved: 'Petra Bosch',
};

const phrases = (seeded: Record<string, string>) => Object.values(seeded);

describe('privacy: retention terms, warnings, legal holds', () => {
  let bot: TestBot;
  let carla: TestUser;
  let dave: TestUser;
  let alex: TestUser;
  let bea: TestUser;

  beforeEach(async () => {
    bot = await TestBot.start({ env: regieEnv(), now: '2026-11-30T09:00:00Z' });
    [carla, dave, alex, bea] = await introduce(bot, CAST.carla, CAST.dave, CAST.alex, 'Bea Anoniem');
  });

  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  const at = async (instant: string) => {
    bot.clock.set(instant);
    await bot.app.runPeriodicChecks();
    await bot.deliverOutbox();
  };
  const warningsTo = (user: TestUser) =>
    user.received().filter((sent) => /Persoonsgegevens worden binnenkort verwijderd/.test(cardText(sent)));

  it('warns ahead, keeps a held signal, and then removes every trace of the people in it while the figures stay', async function () {
    // A simulation over months and many turns: slow on a busy machine, not a speed claim.
    this.timeout(90_000);
    // A: named reporter, a note, a question and an answer; closed for lack of information (6 months).
    const a = await report(alex, {
      location: SEEDED_A.location,
      description: SEEDED_A.description,
      involved: SEEDED_A.involved,
    });
    await work(carla, a.reference, [
      ['pick-up'],
      ['note', { 'note.note': SEEDED_A.note }],
      ['ask-reporter', { 'ask-reporter.question': SEEDED_A.question }],
    ]);
    await answerLastQuestion(bot, alex, SEEDED_A.answer);
    await work(carla, a.reference, [['close', { 'close.reason': 'insufficient-information' }]]);
    // B: anonymous, closed without follow-up after a second coordinator's approval (6 months).
    const b = await report(bea, { ...SEEDED_B, anonymous: 'true' });
    await work(carla, b.reference, [['pick-up'], ['close', { 'close.reason': 'no-follow-up' }]]);
    await work(dave, b.reference, [['approve-closure']]);
    // C: forwarded to the police and closed: 2 years.
    const c = await report(alex, { location: 'Industrieweg 5, hal van Yilmaz' });
    await work(carla, c.reference, [
      ['pick-up'],
      ['forward', { 'forward.partner': 'police', 'forward.forwardedOn': '2026-11-30' }],
      ['close', { 'close.reason': 'forwarded-done' }],
    ]);
    await bot.deliverOutbox();
    const figures = await quarterFigures(bot);
    assert.equal(
      (await bot.storedDocuments('reporter-link')).length,
      1,
      'the anonymous reporter has a sealed link',
    );
    for (const phrase of [...phrases(SEEDED_A), ...phrases(SEEDED_B)])
      assert.ok((await everythingStored(bot)).includes(phrase), `seeded: ${phrase}`);

    // Five months on: more than 4 weeks before the end of the term, nothing happens.
    await at('2027-04-30T09:05:00Z');
    assert.equal(warningsTo(carla).length, 0, 'no warning more than 4 weeks ahead');

    // Four weeks before the end (closed 30 November just after 09:00, term 6 months): one warning
    // per coordinator with both signals and the date, also when the daily pass runs again. The
    // passes run at 09:05, as the closures took the clock a little past 09:00 (sending their
    // notices, paced as to Teams, moves the test's clock).
    await at('2027-05-02T09:05:00Z');
    await at('2027-05-03T09:05:00Z');
    for (const coordinator of [carla, dave]) {
      const warnings = warningsTo(coordinator);
      assert.equal(warnings.length, 1, 'warned once');
      const text = cardText(warnings[0]!);
      assert.match(text, new RegExp(`${a.reference}\\n30-05-2027`));
      assert.match(text, new RegExp(`${b.reference}\\n30-05-2027`));
      assert.doesNotMatch(text, new RegExp(c.reference), 'a 2-year signal is not due');
      assert.doesNotMatch(text, /Pietersen|Bosch/, 'the warning holds references and dates only');
    }

    // Carla keeps B for a procedure; the reason keeps its capitals.
    const held = (await carla.says(`bewaren ${b.reference} Lopende bezwaarprocedure van Bosch`)).at(-1)!;
    assert.match(held.activity.text ?? '', /wordt bewaard tot je dit opheft/);

    // The term ends: A's personal data goes; B is held; C has years to go.
    await at('2027-05-30T09:05:00Z');
    let stored = await everythingStored(bot);
    for (const phrase of phrases(SEEDED_A)) assert.ok(!stored.includes(phrase), `gone: ${phrase}`);
    for (const phrase of phrases(SEEDED_B)) assert.ok(stored.includes(phrase), `held: ${phrase}`);
    assert.ok(stored.includes('Industrieweg 5, hal van Yilmaz'), 'C is kept for 2 years');
    const signalA = (await bot.storedDocuments('signal')).find((s) => s.reference === a.reference);
    assert.equal(signalA.reporterAadObjectId, undefined, 'no reporter identity');
    assert.equal(signalA.reporterName, undefined);
    const aAsStored = JSON.stringify(signalA);
    assert.ok(!aAsStored.includes(alex.aadObjectId) && !aAsStored.includes(CAST.alex), 'no reporter on A');
    const outboxAboutA = (await bot.storedDocuments('outbox')).filter(
      (e) => e.message.signalId === signalA.id,
    );
    assert.deepEqual(outboxAboutA, [], 'no feedback or question about A left in the outbox');
    assert.ok(!JSON.stringify(await bot.storedDocuments('audit', 'audit')).includes(alex.aadObjectId));
    const shown = cardText((await carla.says(`signaal ${a.reference}`)).at(-1)!);
    assert.match(shown, /\[verwijderd\]/, 'a coordinator sees that the data was removed');

    // Lifting the hold does not remove B at once: a fresh warning first, then a full notice period.
    await carla.says(`bewaren ${b.reference} opheffen`);
    await at('2027-06-01T09:05:00Z');
    assert.equal(warningsTo(carla).length, 2, 'warned again after the hold was lifted');
    assert.match(cardText(warningsTo(carla)[1]!), new RegExp(`${b.reference}\\n29-06-2027`));
    assert.ok((await everythingStored(bot)).includes(SEEDED_B.involved), 'not before the new date');
    await at('2027-06-29T09:05:00Z');
    stored = await everythingStored(bot);
    for (const phrase of phrases(SEEDED_B)) assert.ok(!stored.includes(phrase), `gone: ${phrase}`);
    assert.ok(!stored.includes('Lopende bezwaarprocedure'), 'the hold reason went with the hold');
    assert.deepEqual(await bot.storedDocuments('reporter-link'), [], 'the sealed link is gone');

    assert.deepEqual(await quarterFigures(bot), figures, 'the figures of past quarters do not change');
    const anonymised = (await bot.storedDocuments('audit', 'audit')).filter(
      (e) => e.action === 'signal.anonymised',
    );
    assert.equal(anonymised.length, 2, 'each anonymisation audited once');
  });

  it('never anonymises without a full warning period, also when an admin shortens a term', async function () {
    // A simulation over months and many turns: slow on a busy machine, not a speed claim.
    this.timeout(90_000);
    const ada = bot.user(CAST.ada);
    await ada.says('help');
    const a = await report(alex, { involved: SEEDED_A.involved });
    await work(carla, a.reference, [['pick-up'], ['close', { 'close.reason': 'insufficient-information' }]]);
    await at('2027-03-01T09:00:00Z');
    const refused = (await carla.says('bewaartermijnen onvoldoende-informatie 1')).at(-1)!;
    assert.match(refused.activity.text ?? '', /alleen een beheerder/, 'coordinators cannot change terms');
    const changed = await ada.says('bewaartermijnen onvoldoende-informatie 1');
    assert.match(changed[0]?.activity.text ?? '', /aangepast/);
    assert.match(cardText(changed.at(-1)!), /Onvoldoende informatie\n1 maanden/);
    const audit = await bot.storedDocuments('audit', 'audit');
    assert.ok(audit.some((e) => e.action === 'retention.changed.reason' && e.actor === ada.aadObjectId));

    await at('2027-03-02T09:00:00Z');
    assert.equal(warningsTo(carla).length, 1, 'the term ended already: warned now');
    assert.match(cardText(warningsTo(carla)[0]!), new RegExp(`${a.reference}\\n30-03-2027`));
    await at('2027-03-29T09:00:00Z');
    assert.ok(
      (await everythingStored(bot)).includes(SEEDED_A.involved),
      'kept until 4 weeks after the warning',
    );
    await at('2027-03-30T09:00:00Z');
    assert.ok(!(await everythingStored(bot)).includes(SEEDED_A.involved), 'removed after the notice period');
  });

  it('answers bad retention and hold commands with the values back', async () => {
    const ada = bot.user(CAST.ada);
    const tooLong = (await ada.says('bewaartermijnen doorgezet 500')).at(-1)!;
    assert.match(tooLong.activity.text ?? '', /1 tot en met 120.*doorgezet 500/);
    const unknown = (await ada.says('bewaartermijnen altijd')).at(-1)!;
    assert.match(unknown.activity.text ?? '', /begrijp ik niet: "altijd"/);
    const noReason = (await carla.says('bewaren OND-2026-0001')).at(-1)!;
    assert.match(noReason.activity.text ?? '', /Ik vind geen melding|Geef een reden/);
    const { reference } = await report(alex);
    const missing = (await carla.says(`bewaren ${reference}`)).at(-1)!;
    assert.match(
      missing.activity.text ?? '',
      new RegExp(`Geef een reden, bijvoorbeeld: bewaren ${reference}`),
    );
    const werkgroep = (await alex.says(`bewaren ${reference} omdat`)).at(-1)!;
    assert.match(werkgroep.activity.text ?? '', /alleen voor beheerders en regievoerders|Dit kan alleen/);
  });
});
