import assert from 'node:assert/strict';
import { validReport } from './helpers/report-fixtures';
import { cardOf, cardText, findInput, person, TestBot } from './helpers/test-bot';

describe('meldpunt: reporting a signal from a 1:1 chat', () => {
  let bot: TestBot;

  beforeEach(async () => {
    bot = await TestBot.start({ coordinators: [person('Carla').aadObjectId] });
  });

  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  for (const word of ['meld', 'melden', 'nieuwe melding', 'report', 'Meld!']) {
    it(`answers "${word}" with the report form in Dutch, although Teams says en-US`, async () => {
      const alex = bot.user('Alex');
      const form = (await alex.says(word)).at(-1);
      assert.ok(form);
      const text = cardText(form);
      assert.match(text, /Signaal melden/);
      assert.match(text, /Bel 112/);
      assert.match(text, /Anoniem: je naam wordt niet bij de melding opgeslagen/);
      for (const input of [
        'category',
        'location',
        'description',
        'observedOn',
        'involved',
        'urgency',
        'anonymous',
      ]) {
        assert.ok(findInput(form, input), `form has input ${input}`);
      }
      assert.equal(findInput(form, 'observedOn').max, '2026-11-25', 'no date after today can be picked');
    });
  }

  it('replaces the form in place by a receipt with the reference and what happens next', async () => {
    const alex = bot.user('Alex');
    await alex.says('meld');
    const form = alex.lastCard();
    const replies = await alex.submits(form, validReport);
    const receipt = replies.at(-1);
    assert.ok(receipt);
    assert.equal(receipt.op, 'update');
    assert.equal(receipt.activityId, form.activityId, 'the form itself is replaced');
    const text = cardText(receipt);
    assert.equal(cardOf(receipt).body[0].text, 'Melding ontvangen');
    assert.match(text, /OND-2026-0001/);
    assert.match(text, /binnen vijf werkdagen/);
    assert.match(text, /Vakantieparken/);
    assert.match(text, /Recreatiepark De Eik, chalet 12/, 'the receipt repeats where');
    assert.match(text, /Waargenomen op\n24-11-2026/, 'and when');
  });

  it('stores the signal with the reporter, status new and the cleaned fields', async () => {
    const alex = bot.user('Alex');
    await alex.says('meld');
    await alex.submits(alex.lastCard(), { ...validReport, location: '  Parkweg 3  ' });
    const [signal] = await bot.storedDocuments('signal');
    assert.equal(signal.reference, 'OND-2026-0001');
    assert.equal(signal.status, 'new');
    assert.equal(signal.location, 'Parkweg 3');
    assert.equal(signal.reporterAadObjectId, alex.aadObjectId);
    assert.equal(signal.tenantId, alex.who.tenantId);
    assert.equal(signal.anonymous, false);
  });

  const invalidFields: [string, Record<string, string>, RegExp][] = [
    ['no category', { category: '' }, /Kies een soort signaal/],
    ['an unknown category', { category: 'parking' }, /Kies een soort signaal/],
    ['no location', { location: '   ' }, /Vul in waar het was/],
    ['a one-letter location', { location: 'x' }, /te kort om de plek terug te vinden/],
    ['a location over 200 characters', { location: 'a'.repeat(201) }, /maximaal 200 tekens/],
    ['no description', { description: '' }, /Beschrijf wat je hebt gezien/],
    ['a description under 20 characters', { description: 'Verdacht busje.' }, /minimaal 20 tekens/],
    ['a description over 4000 characters', { description: 'b'.repeat(4001) }, /maximaal 4000 tekens/],
    ['no date', { observedOn: '' }, /Vul een datum in/],
    ['a date in the future', { observedOn: '2026-11-26' }, /niet in de toekomst/],
    ['an impossible date', { observedOn: '2026-02-30' }, /geen geldige datum/],
    ['a date in the American order', { observedOn: '11/24/2026' }, /geen geldige datum/],
    ['involved over 1000 characters', { involved: 'c'.repeat(1001) }, /maximaal 1000 tekens/],
    ['an unknown urgency', { urgency: 'now' }, /Kies de urgentie/],
  ];
  for (const [what, change, message] of invalidFields) {
    it(`sends the form back with the entered values and a message for ${what}`, async () => {
      const alex = bot.user('Alex');
      await alex.says('meld');
      const form = alex.lastCard();
      const entered = { ...validReport, ...change };
      const again = (await alex.submits(form, entered)).at(-1);
      assert.ok(again);
      assert.equal(again.op, 'update', 'the same card comes back in place');
      const text = cardText(again);
      assert.match(text, /Niet alles is goed ingevuld/);
      assert.match(text, message);
      for (const field of ['location', 'description', 'involved'] as const) {
        assert.equal(findInput(again, field).value, entered[field], `${field} keeps what was typed`);
      }
      assert.deepEqual(await bot.storedDocuments('signal'), [], 'nothing is stored');
      assert.deepEqual(await bot.storedDocuments('counter'), [], 'no reference number is used up');
    });
  }

  it('lets the corrected form through and keeps the numbering without gaps', async () => {
    const alex = bot.user('Alex');
    await alex.says('meld');
    const form = alex.lastCard();
    await alex.submits(form, { ...validReport, description: 'kort' });
    const receipt = (await alex.submits(alex.lastCard(), validReport)).at(-1);
    assert.ok(receipt);
    assert.match(cardText(receipt), /OND-2026-0001/);
  });

  it('says a forged form (no token) has expired and stores nothing', async () => {
    const alex = bot.user('Alex');
    await alex.says('meld');
    const form = alex.lastCard();
    const replies = await alex.submits(form, { ...validReport, formToken: 'short' });
    assert.match(cardText(replies.at(-1) ?? form), /formulier is verlopen/);
    assert.deepEqual(await bot.storedDocuments('signal'), []);
  });

  it('stores no reporter identity anywhere on an anonymous signal', async () => {
    const alex = bot.user('Alex Anoniem');
    await alex.says('meld');
    const receipt = (await alex.submits(alex.lastCard(), { ...validReport, anonymous: 'true' })).at(-1);
    assert.ok(receipt);
    assert.match(cardText(receipt), /anoniem gemeld/);
    const code = /[A-Z2-9]{4}-[A-Z2-9]{4}/.exec(cardText(receipt))?.[0];
    assert.ok(code, 'the receipt shows a receipt code');

    const [signal] = await bot.storedDocuments('signal');
    const stored = JSON.stringify(signal);
    assert.equal(signal.anonymous, true);
    assert.ok(!stored.includes(alex.aadObjectId), 'no Entra id on the signal');
    assert.ok(!stored.includes('Alex Anoniem'), 'no name on the signal');
    assert.ok(!stored.includes(alex.conversation.id), 'no conversation on the signal');
    assert.ok(!stored.includes(code.replace('-', '')), 'the receipt code itself is not stored');
    const audit = await bot.storedDocuments('audit', 'audit');
    assert.ok(audit.some((entry) => entry.action === 'signal.created' && entry.actor === 'anonymous'));
    assert.ok(
      !JSON.stringify(audit).includes(alex.aadObjectId),
      'the audit trail does not name the reporter',
    );
  });

  it('shows an anonymous reporter the status by receipt code, and nothing for a wrong code', async () => {
    const alex = bot.user('Alex');
    await alex.says('meld');
    const receipt = (await alex.submits(alex.lastCard(), { ...validReport, anonymous: 'true' })).at(-1);
    const code = /[A-Z2-9]{4}-[A-Z2-9]{4}/.exec(cardText(receipt ?? alex.lastCard()))?.[0] ?? '';

    const status = (await alex.says(`status ${code.toLowerCase()}`)).at(-1);
    assert.ok(status);
    assert.match(cardText(status), /OND-2026-0001/);
    assert.match(cardText(status), /Nieuw: wacht op beoordeling/);

    const wrong = (await alex.says('status ZZZZ-ZZZZ')).at(-1);
    assert.match(wrong?.activity.text ?? '', /geen melding bij die ontvangstcode/);
    const bare = (await alex.says('status')).at(-1);
    assert.match(bare?.activity.text ?? '', /gevolgd door je ontvangstcode/);
  });

  it('lists my own signals with their status, not anonymous ones and not other people’s', async () => {
    const alex = bot.user('Alex');
    const bea = bot.user('Bea');
    await alex.says('meld');
    await alex.submits(alex.lastCard(), validReport);
    await alex.says('meld');
    await alex.submits(alex.lastCard(), {
      ...validReport,
      anonymous: 'true',
      location: 'Schuur aan de Dijk',
    });
    await bea.says('meld');
    await bea.submits(bea.lastCard(), { ...validReport, location: 'Bea haar melding' });

    const list = (await alex.says('mijn meldingen')).at(-1);
    assert.ok(list);
    const text = cardText(list);
    assert.match(text, /OND-2026-0001/);
    assert.match(text, /Recreatiepark De Eik/);
    assert.match(text, /Nieuw: wacht op beoordeling/);
    assert.doesNotMatch(text, /OND-2026-0002/, 'the anonymous report is not linked to Alex');
    assert.doesNotMatch(text, /OND-2026-0003|Bea haar melding/);

    const empty = (await bot.user('Dirk').says('mijn meldingen')).at(-1);
    assert.match(cardText(empty ?? list), /nog geen meldingen/);
  });

  it('shows text a reporter typed as text, never as template bindings or links', async () => {
    const alex = bot.user('Alex');
    await alex.says('meld');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a reporter typing template syntax is the point
    const sneaky = '${t.app.name} [klik](https://evil.example) **vet**';
    await alex.submits(alex.lastCard(), { ...validReport, location: sneaky });
    const list = (await alex.says('mijn meldingen')).at(-1);
    assert.ok(list);
    const run = JSON.stringify(cardOf(list));
    assert.ok(run.includes(JSON.stringify(sneaky)), 'the text arrives exactly as typed');
    assert.match(
      run,
      /"type":"TextRun","text":"\$\{t\.app\.name\} \[klik\]/,
      'inside a TextRun, which renders no markdown',
    );
  });
});
