import assert from 'node:assert/strict';
import { CAST, introduce, isAction, regieEnv, report } from './helpers/regie-fixtures';
import { cardText, findSubmitData, person, TestBot, type TestUser } from './helpers/test-bot';

describe('regie: questions, service levels, handover, finding things', () => {
  let bot: TestBot;
  let carla: TestUser;
  let dave: TestUser;
  let alex: TestUser;
  let ada: TestUser;

  beforeEach(async () => {
    bot = await TestBot.start({ env: regieEnv(), now: '2026-11-30T09:00:00Z' }); // a Monday
    [carla, dave, alex, ada] = await introduce(bot, CAST.carla, CAST.dave, CAST.alex, CAST.ada);
  });

  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  const storedSignal = async (reference: string) =>
    (await bot.storedDocuments('signal')).find((signal) => signal.reference === reference);

  it('asks an anonymous reporter a question and gets the answer back, without the coordinator learning who it is', async () => {
    const { reference } = await report(alex, { anonymous: 'true' });
    let card = (await carla.says(`signaal ${reference}`)).at(-1)!;
    card = (await carla.clicks(card, isAction('pick-up'))).at(-1)!;
    card = (
      await carla.clicks(card, isAction('ask-reporter'), {
        'ask-reporter.question': 'Zag je ook een kenteken?',
      })
    ).at(-1)!;
    assert.match(cardText(card), /Wacht op melder/);
    await bot.deliverOutbox();

    const question = alex
      .received()
      .findLast((sent) => /heeft een vraag over je melding/.test(cardText(sent)));
    assert.ok(question, 'the anonymous reporter receives the question through the sealed link');
    assert.match(cardText(question), /Zag je ook een kenteken\?/);
    const answerData = findSubmitData(
      question.activity.attachments[0].content,
      (data) => data.verb === 'reporter.answer',
    );
    assert.ok(answerData);
    const replies = await alex.submitsRaw(question.activityId, {
      ...answerData,
      answer: 'Ja: XY-987-Z, een grijze bestelbus.',
    });
    assert.ok(replies.some((reply) => /je antwoord is doorgegeven/.test(reply.activity.text ?? '')));
    const answered = replies.find((reply) => reply.op === 'update');
    assert.ok(answered, 'the question card is updated in place');
    const answeredText = cardText(answered);
    assert.match(answeredText, /Zag je ook een kenteken\?/, 'the reporter keeps the question');
    assert.match(answeredText, /Je antwoord\nJa: XY-987-Z, een grijze bestelbus\./, 'and their own answer');
    assert.ok(!findSubmitData(answered.activity.attachments[0].content, () => true), 'no second answer');
    await bot.deliverOutbox();

    assert.ok(carla.received().some((sent) => /De melder heeft geantwoord/.test(cardText(sent))));
    const fresh = (await carla.says(`signaal ${reference}`)).at(-1)!;
    assert.match(cardText(fresh), /XY-987-Z/);
    assert.match(cardText(fresh), /In behandeling/);

    const everythingCarlaSaw = JSON.stringify(carla.received().map((sent) => sent.activity));
    const alexPerson = person(CAST.alex);
    assert.ok(!everythingCarlaSaw.includes(alexPerson.aadObjectId), 'no Entra id of the reporter');
    assert.ok(!everythingCarlaSaw.includes(CAST.alex), 'no name of the reporter');
    assert.ok(!everythingCarlaSaw.includes(alex.conversation.id), 'no conversation of the reporter');
    const signal = await storedSignal(reference);
    assert.ok(!JSON.stringify(signal).includes(alexPerson.aadObjectId));
    const [link] = await bot.storedDocuments('reporter-link');
    assert.ok(
      !JSON.stringify(link).includes(alexPerson.aadObjectId),
      'the sealed link holds no identity either',
    );

    const replay = await alex.submitsRaw(question.activityId, { ...answerData, answer: 'Nog een antwoord' });
    assert.ok(
      replay.some((reply) => /al beantwoord/.test(reply.activity.text ?? '')),
      'a question is answered once',
    );
  });

  it('refuses an answer with a forged token', async () => {
    const { reference } = await report(alex);
    let card = (await carla.says(`signaal ${reference}`)).at(-1)!;
    card = (await carla.clicks(card, isAction('pick-up'))).at(-1)!;
    await carla.clicks(card, isAction('ask-reporter'), { 'ask-reporter.question': 'Wanneer precies?' });
    await bot.deliverOutbox();
    const question = alex.received().findLast((sent) => /heeft een vraag/.test(cardText(sent)))!;
    const data = findSubmitData(
      question.activity.attachments[0].content,
      (d) => d.verb === 'reporter.answer',
    )!;
    const forged = await bot
      .user(CAST.dave)
      .submitsRaw('x', { ...data, answerToken: 'guessed-token-value-123', answer: 'Verzonnen' });
    assert.ok(forged.some((reply) => /al beantwoord of bestaat niet meer/.test(reply.activity.text ?? '')));
    assert.equal((await storedSignal(reference)).status, 'awaiting-reporter');
  });

  it('flags feedback that is overdue after 5 working days, and reminds the coordinators once', async () => {
    const { reference } = await report(alex);
    assert.equal(
      (await storedSignal(reference)).feedbackDueOn,
      '2026-12-07',
      'five working days after Monday 30 November',
    );
    bot.clock.set('2026-12-07T15:00:00Z');
    await bot.app.runPeriodicChecks();
    await bot.deliverOutbox();
    assert.ok(
      !carla.received().some((sent) => /Terugkoppeling aan de melder is te laat/.test(cardText(sent))),
      'not on the due date itself',
    );

    bot.clock.set('2026-12-08T08:00:00Z');
    const open = (await carla.says('open')).at(-1)!;
    assert.match(cardText(open), new RegExp(`${reference} · Terugkoppeling te laat`));
    await bot.app.runPeriodicChecks();
    await bot.app.runPeriodicChecks();
    await bot.deliverOutbox();
    for (const coordinator of [carla, dave]) {
      const reminders = coordinator
        .received()
        .filter((sent) => /Terugkoppeling aan de melder is te laat/.test(cardText(sent)));
      assert.equal(reminders.length, 1, 'one reminder per due date');
    }

    let card = (await carla.says(`signaal ${reference}`)).at(-1)!;
    card = (await carla.clicks(card, isAction('pick-up'))).at(-1)!;
    const signal = await storedSignal(reference);
    assert.equal(signal.feedbackDueOn, '2027-03-08', 'after feedback, the next is due within 3 months');
    assert.doesNotMatch(cardText((await carla.says('open')).at(-1)!), /Terugkoppeling te laat/);
  });

  it('counts working days without weekends and Dutch public holidays', async () => {
    bot.clock.set('2026-12-23T10:00:00Z'); // Wednesday before Christmas
    const { reference } = await report(alex, { observedOn: '2026-12-22' });
    assert.equal(
      (await storedSignal(reference)).feedbackDueOn,
      '2026-12-31',
      'Christmas days and the weekend do not count',
    );
  });

  it('hands the coordinator role over with every open item, leaving nothing assigned to someone without the role', async () => {
    await ada.says(`rol geef ${CAST.alex} coordinator`); // Alex becomes a (non-seeded) coordinator
    const nina = bot.user('Nina Nieuw');
    await nina.says('help');
    const first = await report(bot.user('Mo Melder'));
    const second = await report(bot.user('Mo Melder'), { urgency: 'urgent' });
    for (const { reference } of [first, second]) {
      const card = (await alex.says(`signaal ${reference}`)).at(-1)!;
      const picked = (await alex.clicks(card, isAction('pick-up'))).at(-1)!;
      await alex.clicks(picked, isAction('note'), { 'note.note': `Stand van zaken ${reference}` });
    }

    const done = (await alex.says('overdracht Nina Nieuw')).at(-1)!;
    assert.match(done.activity.text, /Overgedragen aan Nina Nieuw: 2 toegewezen meldingen/);
    await bot.deliverOutbox();
    const handover = nina
      .received()
      .find((sent) => /Overdracht: je bent nu regievoerder/.test(cardText(sent)));
    assert.ok(handover, 'the successor receives the handover card');
    for (const { reference } of [first, second]) {
      assert.match(cardText(handover), new RegExp(reference));
      assert.match(cardText(handover), new RegExp(`Stand van zaken ${reference}`));
      assert.equal((await storedSignal(reference)).assigneeAadObjectId, person('Nina Nieuw').aadObjectId);
    }
    assert.match(
      (await alex.says('open')).at(-1)?.activity.text ?? '',
      /Dit kan alleen een regievoerder/,
      'the leaver lost the role',
    );
    assert.ok((await nina.says('open')).at(-1)?.activity.attachments, 'the successor has it');
    assert.match((await nina.says('overdracht Nina Nieuw')).at(-1)?.activity.text ?? '', /niet aan jezelf/);
  });

  it('orders open items by what needs attention and pages them', async () => {
    for (let i = 0; i < 9; i += 1) await report(alex, { location: `Locatie ${i}` });
    const urgent = await report(alex, { urgency: 'urgent' });
    const page1 = (await carla.says('open')).at(-1)!;
    assert.match(cardText(page1), /Pagina 1 van 2/);
    assert.match(cardText(page1), /Nieuw: 10/);
    const firstItem = /OND-\d{4}-\d{4}/.exec(cardText(page1))?.[0];
    assert.equal(firstItem, urgent.reference, 'urgent first among new items');
    const page2 = (await carla.clicks(page1, (data) => data.verb === 'open.page')).at(-1)!;
    assert.match(cardText(page2), /Pagina 2 van 2/);
  });

  it('finds signals by reference, category name, place or text', async () => {
    const { reference } = await report(alex, {
      location: 'Schuur aan de Molenweg',
      category: 'rural-vacant-buildings',
    });
    await report(alex, { location: 'Centrum' });
    const byPlace = (await carla.says('zoek molenweg')).at(-1)!;
    assert.match(cardText(byPlace), new RegExp(reference));
    assert.doesNotMatch(cardText(byPlace), /Centrum/);
    assert.match(
      cardText((await carla.says(`zoek ${reference.toLowerCase()}`)).at(-1)!),
      new RegExp(reference),
    );
    assert.match(cardText((await carla.says('zoek leegstand')).at(-1)!), new RegExp(reference));
    assert.match(cardText((await carla.says('zoek kentekens')).at(-1)!), /OND-2026-0002/);
    assert.match(cardText((await carla.says('zoek zzzzz')).at(-1)!), /Niets gevonden/);
    const opened = (await carla.clicks(byPlace, (data) => data.verb === 'signal.show')).at(-1)!;
    assert.match(cardText(opened), /Schuur aan de Molenweg/);
  });
});
