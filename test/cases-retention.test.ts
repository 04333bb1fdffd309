import assert from 'node:assert/strict';
import { work } from './helpers/privacy-fixtures';
import { CAST, introduce, isAction, regieEnv, report } from './helpers/regie-fixtures';
import { cardText, TestBot, type TestUser } from './helpers/test-bot';

/** Free text in cases that names people: it must go when the people may no longer be known. */
const TITLE_A = 'Schuur van Pietersen';
const DECISION_A = 'Pietersen krijgt een Bibob-vragenlijst';
const TITLE_B = 'Loods van mevrouw Bosch';
const TITLE_C = 'Garage van Yilmaz';

describe('privacy: closed cases lose their free text after their signals', () => {
  let bot: TestBot;
  let carla: TestUser;
  let alex: TestUser;

  beforeEach(async () => {
    bot = await TestBot.start({ env: regieEnv(), now: '2026-11-30T09:00:00Z' });
    [carla, , alex] = await introduce(bot, CAST.carla, CAST.dave, CAST.alex);
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
  const storedCase = async (reference: string) =>
    (await bot.storedDocuments('case')).find((found) => found.reference === reference);

  async function openCase(title: string, decision?: string): Promise<void> {
    let card = (await carla.says(`casus nieuw ${title}`)).at(-1)!;
    if (decision)
      card = (
        await carla.clicks(card, isAction('add-decision'), {
          'add-decision.on': '2026-11-30',
          'add-decision.text': decision,
        })
      ).at(-1)!;
    await carla.clicks(card, isAction('add-partner'), { 'add-partner.partner': 'riec' });
  }

  async function closeCase(reference: string): Promise<void> {
    const card = (await carla.says(`casus ${reference}`)).at(-1)!;
    await carla.clicks(card, isAction('close'), { 'close.outcome': 'administrative-measure' });
  }

  it('keeps a case while its signals keep their data, then removes its title and decisions only', async function () {
    this.timeout(90_000);
    // A: closed, one signal closed for lack of information (6 months). B: closed, no signals.
    // C: still open, with a signal closed for lack of information.
    await openCase(TITLE_A, DECISION_A);
    await openCase(TITLE_B);
    await openCase(TITLE_C);
    const a = await report(alex);
    const c = await report(alex);
    for (const [reference, caseReference] of [
      [a.reference, 'CAS-2026-0001'],
      [c.reference, 'CAS-2026-0003'],
    ] as const) {
      await work(carla, reference, [
        ['pick-up'],
        ['link-case', { 'link-case.caseReference': caseReference }],
        ['close', { 'close.reason': 'insufficient-information' }],
      ]);
    }
    await closeCase('CAS-2026-0001');
    await closeCase('CAS-2026-0002');

    // The signals are warned about and kept for their term; the cases with them.
    await at('2027-05-02T09:00:00Z');
    assert.equal((await storedCase('CAS-2026-0001')).title, TITLE_A, 'kept while its signal is kept');

    // The signals' term ends: A's signal is anonymised, and case A with it in the same pass.
    await at('2027-05-30T09:00:00Z');
    const caseA = await storedCase('CAS-2026-0001');
    assert.equal(caseA.title, '[verwijderd]');
    assert.equal(caseA.decisions[0].text, '[verwijderd]');
    assert.equal(caseA.decisions[0].by, '[verwijderd]');
    assert.equal(caseA.decisions[0].on, '2026-11-30', 'the date of the meeting stays');
    assert.equal(caseA.outcome, 'administrative-measure', 'what the figures count stays');
    assert.deepEqual(caseA.partners, ['riec']);
    assert.ok(!JSON.stringify(caseA).includes('Pietersen'));
    assert.equal((await storedCase('CAS-2026-0002')).title, TITLE_B, 'B has no signals: its own term runs');
    assert.equal((await storedCase('CAS-2026-0003')).title, TITLE_C, 'an open case is never touched');
    const card = cardText((await carla.says('casus CAS-2026-0001')).at(-1)!);
    assert.match(card, /\[verwijderd\]/, 'a coordinator sees that the text was removed');
    assert.doesNotMatch(card, /Pietersen/);

    // B: the longest term by closure reason (2 years) after it closed.
    await at('2028-11-29T09:00:00Z');
    assert.equal((await storedCase('CAS-2026-0002')).title, TITLE_B);
    await at('2028-11-30T12:00:00Z');
    assert.equal((await storedCase('CAS-2026-0002')).title, '[verwijderd]');
    assert.equal((await storedCase('CAS-2026-0003')).title, TITLE_C);

    const audited = (await bot.storedDocuments('audit', 'audit')).filter(
      (e) => e.action === 'case.anonymised',
    );
    assert.deepEqual(audited.map((e) => [e.actor, e.subjectId]).sort(), [
      ['retention', 'case:CAS-2026-0001'],
      ['retention', 'case:CAS-2026-0002'],
    ]);
  });

  it('looks again at a closed case when a signal leaves it, and removes its text when its own term ends', async function () {
    this.timeout(90_000);
    // D is closed while its signal is still worked on: it waits for that signal.
    await openCase(TITLE_A, DECISION_A);
    const d = await report(alex);
    await work(carla, d.reference, [
      ['pick-up'],
      ['link-case', { 'link-case.caseReference': 'CAS-2026-0001' }],
    ]);
    await closeCase('CAS-2026-0001');
    await at('2026-12-01T09:00:00Z');
    await at('2026-12-02T09:00:00Z');
    assert.equal((await storedCase('CAS-2026-0001')).title, TITLE_A, 'waits for its signal');

    // The signal leaves the case: D has no signals now, so its own term (2 years) applies.
    await work(carla, d.reference, [['unlink-case']]);
    await at('2028-11-29T09:00:00Z');
    assert.equal((await storedCase('CAS-2026-0001')).title, TITLE_A, 'not before its term ends');
    await at('2028-11-30T12:00:00Z');
    assert.equal((await storedCase('CAS-2026-0001')).title, '[verwijderd]', 'removed when its term ends');
  });
});
