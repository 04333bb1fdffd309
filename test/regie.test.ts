import assert from 'node:assert/strict';
import { CAST, introduce, isAction, regieEnv, report } from './helpers/regie-fixtures';
import { cardText, TestBot, type TestUser } from './helpers/test-bot';

describe('regie: a coordinator takes a signal from report to closure', () => {
  let bot: TestBot;
  let carla: TestUser;
  let dave: TestUser;
  let wim: TestUser;
  let alex: TestUser;

  beforeEach(async () => {
    bot = await TestBot.start({ env: regieEnv() });
    const ada = bot.user(CAST.ada);
    [carla, dave, wim, alex] = await introduce(bot, CAST.carla, CAST.dave, CAST.wim, CAST.alex);
    await ada.says(`rol geef ${CAST.wim} werkgroep`);
  });

  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  async function signalCard(coordinator: TestUser, reference: string) {
    const card = (await coordinator.says(`signaal ${reference}`)).at(-1);
    assert.ok(card, 'the signal card arrives');
    return card;
  }

  async function stored(reference: string) {
    return (await bot.storedDocuments('signal')).find((signal) => signal.reference === reference);
  }

  function feedbackTo(user: TestUser): string[] {
    return user
      .received()
      .map(cardText)
      .filter((text) => /Nieuws over je melding/.test(text));
  }

  it('shows the full signal with reporter, details and history, and audits the read', async () => {
    const { reference } = await report(alex);
    const card = await signalCard(carla, reference);
    const text = cardText(card);
    for (const expected of [
      reference,
      'Nieuw: wacht op beoordeling',
      CAST.alex,
      'Recreatiepark De Eik',
      'Poolse kentekens',
      'Gemeld',
    ]) {
      assert.ok(text.includes(expected), `card shows ${expected}`);
    }
    const audit = await bot.storedDocuments('audit', 'audit');
    assert.ok(audit.some((entry) => entry.action === 'signal.viewed' && entry.actor === carla.aadObjectId));
  });

  it('walks pick-up, note, assign, forward, case and close, telling the reporter at each step that matters', async () => {
    const { reference } = await report(alex);
    let card = await signalCard(carla, reference);

    card = (await carla.clicks(card, isAction('pick-up'))).at(-1)!;
    assert.equal(card.op, 'update', 'the card is refreshed in place');
    assert.match(cardText(card), /In behandeling/);
    assert.equal((await stored(reference)).assigneeAadObjectId, carla.aadObjectId);

    card = (
      await carla.clicks(card, isAction('note'), {
        'note.note': 'Kadaster bekeken: eigenaar is een bv uit Rotterdam.',
      })
    ).at(-1)!;
    assert.match(cardText(card), /Kadaster bekeken/);

    card = (await carla.clicks(card, isAction('assign'), { 'assign.assignee': wim.aadObjectId })).at(-1)!;
    assert.match(cardText(card), new RegExp(CAST.wim));

    card = (
      await carla.clicks(card, isAction('forward'), {
        'forward.partner': 'riec',
        'forward.forwardedOn': '2026-11-25',
        'forward.note': 'Via RIEC-casusoverleg',
        personalLine: 'Dank voor je oplettendheid!',
      })
    ).at(-1)!;
    assert.match(cardText(card), /Doorgezet/);
    assert.match(cardText(card), /RIEC/);

    await carla.says('casus nieuw Casus De Eik');
    card = (await carla.clicks(card, isAction('link-case'), { 'link-case.caseReference': 'cas-2026-1' })).at(
      -1,
    )!;
    assert.match(cardText(card), /Casus: \s*CAS-2026-0001/);

    card = (await carla.clicks(card, isAction('close'), { 'close.reason': 'forwarded-done' })).at(-1)!;
    assert.match(cardText(card), /Afgesloten/);
    assert.equal((await stored(reference)).status, 'closed');

    await bot.deliverOutbox();
    const news = feedbackTo(alex);
    assert.equal(news.length, 4, 'picked up, forwarded, case, closed');
    assert.match(news[0]!, /wordt behandeld/);
    assert.match(news[1]!, /doorgezet naar een partner/);
    assert.match(news[1]!, /Dank voor je oplettendheid!/);
    assert.match(news[3]!, /afgerond/);
    for (const text of news)
      assert.doesNotMatch(text, /Kadaster|RIEC|Rotterdam|Casus De Eik/, 'no confidential details');

    const audited = (await bot.storedDocuments('audit', 'audit'))
      .filter((entry) => entry.actor === carla.aadObjectId && entry.action !== 'signal.viewed')
      .map((entry) => entry.action);
    assert.deepEqual(audited, [
      'signal.pick-up',
      'signal.note',
      'signal.assign',
      'signal.forward',
      'case.created',
      'signal.link-case',
      'signal.close',
    ]);
    const history = (await stored(reference)).history.map((entry: { action: string }) => entry.action);
    assert.deepEqual(history, [
      'reported',
      'picked-up',
      'note',
      'assigned',
      'forwarded',
      'linked-to-case',
      'closed',
    ]);
    const wimNotice = wim
      .received()
      .map(cardText)
      .find((text) => /Aan jou toegewezen/.test(text));
    assert.ok(wimNotice, 'the assignee is told');
  });

  it('refuses actions that do not fit the state, and changes nothing', async () => {
    const { reference } = await report(alex);
    const card = await signalCard(carla, reference);
    const data = { verb: 'signal.act', signalId: (await stored(reference)).id, revision: 1 };
    for (const action of ['forward', 'link-case', 'ask-reporter']) {
      const reply = (
        await carla.submitsRaw(card.activityId, {
          ...data,
          action,
          'forward.partner': 'riec',
          'forward.forwardedOn': '2026-11-25',
          'link-case.caseReference': 'CAS-2026-0001',
          'ask-reporter.question': 'Wanneer?',
        })
      ).at(-1);
      assert.match(reply?.activity.text ?? '', /niet in de huidige status/, action);
    }
    assert.equal((await stored(reference)).revision, 1);
  });

  it('refuses an action from an old card and shows the fresh one', async () => {
    const { reference } = await report(alex);
    const carlasCard = await signalCard(carla, reference);
    const davesCard = await signalCard(dave, reference);
    await carla.clicks(carlasCard, isAction('pick-up'));
    const reply = (await dave.clicks(davesCard, isAction('note'), { 'note.note': 'Oude kaart' })).at(-1)!;
    assert.match(cardText(reply), /Iemand anders heeft deze melding net gewijzigd/);
    assert.match(cardText(reply), /In behandeling/);
    assert.ok(
      !(await stored(reference)).history.some((entry: { note?: string }) => entry.note === 'Oude kaart'),
    );
  });

  it('lets exactly one of two simultaneous changes win; the other person sees the fresh card', async () => {
    const { reference } = await report(alex);
    const carlasCard = await signalCard(carla, reference);
    const davesCard = await signalCard(dave, reference);
    const [a, b] = await Promise.all([
      carla.clicks(carlasCard, isAction('pick-up')),
      dave.clicks(davesCard, isAction('pick-up')),
    ]);
    const texts = [...a, ...b].map(cardText);
    assert.equal(texts.filter((text) => /Bijgewerkt/.test(text)).length, 1);
    assert.equal(texts.filter((text) => /net gewijzigd/.test(text)).length, 1);
    const signal = await stored(reference);
    assert.equal(signal.revision, 2);
    assert.equal(
      signal.history.filter((entry: { action: string }) => entry.action === 'picked-up').length,
      1,
    );
  });

  it('needs a second coordinator to close without follow-up (four eyes)', async () => {
    const { reference } = await report(alex);
    let card = await signalCard(carla, reference);
    card = (await carla.clicks(card, isAction('pick-up'))).at(-1)!;
    card = (
      await carla.clicks(card, isAction('close'), {
        'close.reason': 'no-follow-up',
        'close.note': 'Geen aanwijzingen',
      })
    ).at(-1)!;
    assert.match(cardText(card), /wacht op een tweede regievoerder/);
    assert.equal((await stored(reference)).status, 'in-progress');

    const pending = await stored(reference);
    const self = (
      await carla.submitsRaw(card.activityId, {
        verb: 'signal.act',
        action: 'approve-closure',
        signalId: pending.id,
        revision: pending.revision,
      })
    ).at(-1);
    assert.match(self?.activity.text ?? '', /tweede regievoerder moet goedkeuren/);

    await bot.deliverOutbox();
    assert.ok(
      dave.received().some((sent) => /wacht op jouw goedkeuring/.test(cardText(sent))),
      'the other coordinator is asked',
    );
    const davesCard = await signalCard(dave, reference);
    const approved = (await dave.clicks(davesCard, isAction('approve-closure'))).at(-1)!;
    assert.match(cardText(approved), /Afgesloten/);
    const signal = await stored(reference);
    assert.equal(signal.status, 'closed');
    assert.equal(signal.closure.reason, 'no-follow-up');
  });

  it('keeps signal details out of channels', async () => {
    const { reference } = await report(alex);
    const inChannel = bot.inChannel(CAST.carla);
    for (const command of [`signaal ${reference}`, 'open', 'zoek vakantiepark', `overdracht ${CAST.dave}`]) {
      const reply = (await inChannel.says(command)).at(-1)!;
      assert.match(
        cardText(reply),
        /Meldingen en hun details bespreek ik alleen in onze 1-op-1 chat/,
        command,
      );
      assert.doesNotMatch(cardText(reply), new RegExp(`${reference}|Recreatiepark`), command);
    }
  });
});
