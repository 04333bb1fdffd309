import assert from 'node:assert/strict';
import { caseIdOf } from '../bot/domain/cases/case';
import { matchCommand } from '../bot/teams/routes';
import type { SentActivity } from './helpers/capture-connector';
import { USER_TEXT_MARKER } from './helpers/card-validity';
import { CAST, introduce, isAction, regieEnv, report } from './helpers/regie-fixtures';
import { cardText, findInput, OTHER_TENANT, person, TestBot, type TestUser } from './helpers/test-bot';

/** Cases (casustafel): documents of their own, opened, shown, worked and closed by coordinators. */
describe('cases: a coordinator works a case for the case meeting', () => {
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

  const storedCases = () => bot.storedDocuments('case');
  const storedSignal = async (reference: string) =>
    (await bot.storedDocuments('signal')).find((signal) => signal.reference === reference);
  const last = (sent: SentActivity[]) => {
    const found = sent.at(-1);
    assert.ok(found, 'the bot answers');
    return found;
  };
  const auditActions = async (actor: string) =>
    (await bot.storedDocuments('audit', 'audit'))
      .filter((entry) => entry.actor === actor)
      .map((entry) => entry.action as string);

  async function pickedUpSignal(): Promise<{ reference: string; card: SentActivity }> {
    const { reference } = await report(alex);
    const card = last(await carla.says(`signaal ${reference}`));
    return { reference, card: last(await carla.clicks(card, isAction('pick-up'))) };
  }

  it('opens cases with gapless references per tenant, keeping the title as typed', async () => {
    const first = last(await carla.says(`casus nieuw Recreatiepark De Eik ${USER_TEXT_MARKER}`));
    assert.match(cardText(first), /Casus CAS-2026-0001/);
    assert.match(cardText(first), /Recreatiepark De Eik/, 'the title keeps its capitals');
    assert.match(cardText(first), /Casus geopend/);
    const second = last(await dave.says('nieuwe casus Loods Veldweg'));
    assert.match(cardText(second), /Casus CAS-2026-0002/);

    const stored = await storedCases();
    assert.deepEqual(stored.map((found) => found.reference).sort(), ['CAS-2026-0001', 'CAS-2026-0002']);
    for (const found of stored) {
      assert.equal(found.status, 'open');
      assert.equal(found.tenantId, person(CAST.carla).tenantId);
    }
    assert.ok((await auditActions(carla.aadObjectId)).includes('case.created'));
  });

  it('gives a new case the next free number when a number is already used by a case the counter does not know', async () => {
    // A case stored without the counter moving (restored from a backup, or moved in by hand).
    const tenantId = person(CAST.carla).tenantId;
    await bot.store.container('tenantData').items.create({
      id: caseIdOf('CAS-2026-0001'),
      type: 'case',
      tenantId,
      reference: 'CAS-2026-0001',
      title: 'Van voor de teller',
      status: 'open',
      partners: [],
      decisions: [],
      createdAt: '2026-01-05T09:00:00.000Z',
      createdBy: person(CAST.carla).aadObjectId,
      revision: 1,
    });
    const opened = last(await carla.says('casus nieuw Loods Veldweg'));
    assert.match(cardText(opened), /Casus CAS-2026-0002/);
    const next = last(await dave.says('casus nieuw Garage Kade'));
    assert.match(cardText(next), /Casus CAS-2026-0003/);
  });

  it('numbers cases opened at the same moment on two instances 1..n, none twice, none skipped', async () => {
    const second = await TestBot.start({
      store: bot.store,
      env: regieEnv(),
      clock: bot.clock,
      connector: bot.connector,
      instance: 'b',
    });
    try {
      const daveOnB = second.user(CAST.dave);
      await Promise.all([
        ...[1, 2, 3].map((n) => carla.says(`casus nieuw Casus van Carla ${n}`)),
        ...[1, 2, 3].map((n) => daveOnB.says(`casus nieuw Casus van Dave ${n}`)),
      ]);
    } finally {
      await second.stop();
    }
    const references = (await storedCases()).map((found) => found.reference).sort();
    assert.deepEqual(
      references,
      [1, 2, 3, 4, 5, 6].map((n) => `CAS-2026-000${n}`),
    );
  });

  it('answers a bad title with what was typed, and stores nothing', async () => {
    const reply = last(await carla.says('casus nieuw ab'));
    assert.match(reply.activity.text ?? '', /titel van 3 tot 120 tekens/);
    assert.match(reply.activity.text ?? '', /Je typte: ab/);
    assert.equal(reply.activity.textFormat, 'plain', 'the typed value is shown as text, never as markdown');
    assert.match(
      last(await carla.says('casus nieuw')).activity.text ?? '',
      /Typ casus nieuw gevolgd door een titel/,
    );
    assert.equal((await storedCases()).length, 0);
    const next = last(await carla.says('casus nieuw Drie woorden hier'));
    assert.match(cardText(next), /CAS-2026-0001/, 'a refused title used no number');
  });

  it('refuses werkgroep members and reporters politely, and shows them nothing', async () => {
    await carla.says('casus nieuw Recreatiepark De Eik');
    for (const who of [wim, alex]) {
      for (const command of ['casus nieuw Mijn eigen casus', 'casussen', 'casus CAS-2026-0001']) {
        const reply = last(await who.says(command));
        assert.match(
          reply.activity.text ?? '',
          /Dit kan alleen een regievoerder/,
          `${command} by ${who.who.name}`,
        );
        assert.doesNotMatch(reply.activity.text ?? '', /De Eik/);
      }
    }
    assert.equal((await storedCases()).length, 1);
  });

  it('keeps tenants apart: another municipality sees none of these cases and numbers its own', async () => {
    await carla.says('casus nieuw Recreatiepark De Eik');
    const env = regieEnv();
    const other = await TestBot.start({
      store: bot.store,
      env: {
        ...env,
        COORDINATOR_AAD_IDS: `${env.COORDINATOR_AAD_IDS},${person('Olga Coördinator', OTHER_TENANT).aadObjectId}`,
      },
      clock: bot.clock,
      connector: bot.connector,
      instance: 'b',
    });
    try {
      const olga = other.user('Olga Coördinator', OTHER_TENANT);
      await olga.says('help');
      const notFound = last(await olga.says('casus CAS-2026-0001'));
      assert.match(notFound.activity.text ?? '', /Ik vind geen casus CAS-2026-0001/);
      assert.match(cardText(last(await olga.says('casussen'))), /geen open casussen/);
      assert.match(cardText(last(await olga.says('casus nieuw Haven Noord'))), /CAS-2026-0001/);
      const olgasCases = (await storedCases()).filter((found) => found.tenantId === OTHER_TENANT);
      assert.equal(olgasCases.length, 1);
      assert.equal(olgasCases[0].title, 'Haven Noord');
    } finally {
      await other.stop();
    }
  });

  it('links a signal from its card, shows it on the case card, and unlinks it', async () => {
    await carla.says('casus nieuw Recreatiepark De Eik');
    const { reference, card } = await pickedUpSignal();

    let signalCard = last(
      await carla.clicks(card, isAction('link-case'), { 'link-case.caseReference': 'cas-2026-1' }),
    );
    assert.match(cardText(signalCard), /Casus: \s*CAS-2026-0001/);
    const linked = await storedSignal(reference);
    assert.equal(linked.status, 'case');
    assert.equal(linked.caseReference, 'CAS-2026-0001');

    const caseCard = last(await carla.says('casus cas-2026-0001'));
    assert.match(cardText(caseCard), new RegExp(`${reference} · Casus`), 'the signal with its status');
    const caseView = last(await carla.clicks(signalCard, (data) => data.verb === 'case.show'));
    assert.match(cardText(caseView), /Casus CAS-2026-0001/, 'the signal card opens its case');

    signalCard = last(await carla.clicks(signalCard, isAction('unlink-case')));
    assert.doesNotMatch(cardText(signalCard), /Casus: \s*CAS-2026-0001/);
    const unlinked = await storedSignal(reference);
    assert.equal(unlinked.status, 'in-progress');
    assert.equal(unlinked.caseReference, undefined);
    assert.doesNotMatch(cardText(last(await carla.says('casus CAS-2026-0001'))), new RegExp(reference));
    assert.deepEqual(
      unlinked.history.slice(-2).map((entry: { action: string }) => entry.action),
      ['linked-to-case', 'unlinked-from-case'],
    );
    const actions = await auditActions(carla.aadObjectId);
    for (const action of ['signal.link-case', 'signal.unlink-case', 'case.viewed'])
      assert.ok(actions.includes(action), `${action} is audited`);
  });

  it('refuses a link to an unknown or closed case with the reference typed back, changing nothing', async () => {
    await carla.says('casus nieuw Recreatiepark De Eik');
    const { reference, card } = await pickedUpSignal();
    const before = await storedSignal(reference);

    const refused = last(
      await carla.clicks(card, isAction('link-case'), { 'link-case.caseReference': 'CAS-2026-0042' }),
    );
    assert.match(cardText(refused), /Geef het kenmerk van een bestaande casus/);
    assert.equal(
      findInput(refused, 'link-case.caseReference').value,
      'CAS-2026-0042',
      'the typed value is back',
    );
    const garbled = last(
      await carla.clicks(refused, isAction('link-case'), { 'link-case.caseReference': 'De Eik' }),
    );
    assert.equal(findInput(garbled, 'link-case.caseReference').value, 'De Eik');

    const caseCard = last(await carla.says('casus CAS-2026-0001'));
    await carla.clicks(caseCard, isAction('close'), { 'close.outcome': 'no-further-action' });
    const toClosed = last(
      await carla.clicks(garbled, isAction('link-case'), { 'link-case.caseReference': 'CAS-2026-0001' }),
    );
    assert.match(cardText(toClosed), /Die casus is gesloten/);
    assert.equal((await storedSignal(reference)).revision, before.revision, 'nothing changed');
  });

  it('records decisions, partners and the outcome on the case card, each audited', async () => {
    let card = last(await carla.says('casus nieuw Recreatiepark De Eik'));
    const decision = `Bibob-toets aanvragen; RIEC levert beeld ${USER_TEXT_MARKER}`;

    const refused = last(
      await carla.clicks(card, isAction('add-decision'), {
        'add-decision.on': '2026-11-24',
        'add-decision.text': ' ',
      }),
    );
    assert.match(cardText(refused), /Schrijf een besluit van 2 tot 2000 tekens/);
    assert.equal(findInput(refused, 'add-decision.on').value, '2026-11-24', 'the date is kept');
    const typo = last(
      await carla.clicks(refused, isAction('add-decision'), {
        'add-decision.on': '31-02-2026',
        'add-decision.text': decision,
      }),
    );
    assert.match(cardText(typo), /Vul de datum van de casustafel in/);
    assert.equal(findInput(typo, 'add-decision.text').value, decision, 'the decision text is kept');

    card = last(
      await carla.clicks(typo, isAction('add-decision'), {
        'add-decision.on': '24-11-2026',
        'add-decision.text': decision,
      }),
    );
    assert.match(cardText(card), /24-11-2026 · vastgelegd door Carla Coördinator/);
    assert.match(cardText(card), /Bibob-toets aanvragen/);

    card = last(await carla.clicks(card, isAction('add-partner'), { 'add-partner.partner': 'riec' }));
    assert.match(cardText(card), /Betrokken partners\s+RIEC/);
    const twice = last(
      await carla.submitsRaw(card.activityId, {
        verb: 'case.act',
        action: 'add-partner',
        caseId: 'case:CAS-2026-0001',
        revision: 3,
        'add-partner.partner': 'riec',
      }),
    );
    assert.match(cardText(twice), /Die partner is al bij deze casus betrokken/);
    const stale = last(
      await dave.submitsRaw('old-card', {
        verb: 'case.act',
        action: 'add-partner',
        caseId: 'case:CAS-2026-0001',
        revision: 1,
        'add-partner.partner': 'police',
      }),
    );
    assert.match(cardText(stale), /Iemand anders heeft deze casus net gewijzigd/);

    card = last(await carla.clicks(card, isAction('close'), { 'close.outcome': 'administrative-measure' }));
    assert.match(cardText(card), /Gesloten/);
    assert.match(cardText(card), /Bestuurlijke maatregel/);
    assert.equal(findInput(card, 'add-decision.text'), undefined, 'a closed case offers no more changes');
    const afterClose = last(
      await carla.submitsRaw(card.activityId, {
        verb: 'case.act',
        action: 'add-decision',
        caseId: 'case:CAS-2026-0001',
        revision: 4,
        'add-decision.on': '2026-11-25',
        'add-decision.text': 'Nog iets',
      }),
    );
    assert.match(afterClose.activity.text ?? '', /Deze casus is gesloten/);

    const [stored] = await storedCases();
    assert.equal(stored.status, 'closed');
    assert.equal(stored.outcome, 'administrative-measure');
    assert.deepEqual(stored.partners, ['riec']);
    assert.equal(stored.decisions.length, 1);
    assert.equal(stored.decisions[0].on, '2026-11-24');
    assert.equal(stored.revision, 4);
    const actions = await auditActions(carla.aadObjectId);
    for (const action of ['case.created', 'case.add-decision', 'case.add-partner', 'case.close'])
      assert.ok(actions.includes(action), `${action} is audited`);
  });

  it('shows the audit trail of a case with `audit CAS-…`: names and actions, no content', async () => {
    let card = last(await carla.says('casus nieuw Recreatiepark De Eik'));
    card = last(
      await carla.clicks(card, isAction('add-decision'), {
        'add-decision.on': '2026-11-24',
        'add-decision.text': 'Geheime afspraak met de politie',
      }),
    );
    await dave.says('casus CAS-2026-0001');
    const trail = cardText(last(await carla.says('audit cas-2026-0001')));
    assert.match(trail, /Audittrail CAS-2026-0001/);
    for (const expected of [/casus geopend/, /besluit toegevoegd/, /casus bekeken/, /Dave Coördinator/])
      assert.match(trail, expected);
    assert.doesNotMatch(trail, /Geheime afspraak/, 'actions only, never content');
    const person = cardText(last(await carla.says(`audit ${CAST.dave}`)));
    assert.match(person, /casus bekeken · CAS-2026-0001/);
    assert.match(
      last(await carla.says('audit CAS-2026-0042')).activity.text ?? '',
      /Ik vind geen casus CAS-2026-0042/,
    );
    assert.match(
      last(await wim.says('audit CAS-2026-0001')).activity.text ?? '',
      /alleen voor beheerders en regievoerders/,
    );
  });

  it('lists the open cases only, and audits the listing', async () => {
    await carla.says('casus nieuw Recreatiepark De Eik');
    await carla.says('casus nieuw Loods Veldweg');
    const second = last(await carla.says('casus CAS-2026-0002'));
    await carla.clicks(second, isAction('close'), { 'close.outcome': 'tax' });
    const list = last(await carla.says('casussen'));
    assert.match(cardText(list), /CAS-2026-0001/);
    assert.match(cardText(list), /Recreatiepark De Eik/);
    assert.doesNotMatch(cardText(list), /CAS-2026-0002/);
    const opened = last(
      await carla.clicks(list, (data) => data.verb === 'case.show' && data.caseId === 'case:CAS-2026-0001'),
    );
    assert.match(cardText(opened), /Casus CAS-2026-0001/);
    assert.ok((await auditActions(carla.aadObjectId)).includes('cases.listed'));
    assert.match(
      last(await carla.says('casus CAS-2026-0099')).activity.text ?? '',
      /Ik vind geen casus CAS-2026-0099/,
    );
  });

  it('answers forged or garbled case ids from a card calmly, changing nothing', async () => {
    await carla.says('casus nieuw Recreatiepark De Eik');
    for (const caseId of ['case:../../x', 'case:CAS-2026-0001#?/', 'signal:1', '']) {
      const shown = last(await carla.submitsRaw('old-card', { verb: 'case.show', caseId }));
      assert.match(shown.activity.text ?? '', /Ik vind geen casus/, `show ${caseId}`);
      const acted = last(
        await carla.submitsRaw('old-card', {
          verb: 'case.act',
          action: 'close',
          caseId,
          revision: 1,
          'close.outcome': 'tax',
        }),
      );
      assert.match(acted.activity.text ?? '', /Deze knop werkt niet meer/, `act ${caseId}`);
    }
    const [stored] = await storedCases();
    assert.equal(stored.status, 'open');
    assert.equal(stored.revision, 1);
  });

  it('keeps an old free-text case name readable on the signal card', async () => {
    const { reference } = await pickedUpSignal();
    const stored = await storedSignal(reference);
    // A signal as the bot stored it before cases were documents: status `case` and a typed name.
    const { _rid, _self, _etag, _attachments, _ts, ...plain } = stored;
    await bot.store
      .container('tenantData')
      .items.upsert({ ...plain, status: 'case', caseName: 'Casus Oude Eik', revision: plain.revision + 1 });
    const card = last(await carla.says(`signaal ${reference}`));
    assert.match(cardText(card), /Oude casusnaam: \s*Casus Oude Eik/);
    await carla.says('casus nieuw Recreatiepark De Eik');
    const linked = last(
      await carla.clicks(card, isAction('link-case'), { 'link-case.caseReference': 'CAS-2026-0001' }),
    );
    assert.match(cardText(linked), /Casus: \s*CAS-2026-0001/);
    assert.match(cardText(linked), /Oude casusnaam: \s*Casus Oude Eik/, 'the old name stays readable');
  });
});

describe('cases: the command words', () => {
  it('matches case commands precisely and leaves other casus commands alone', () => {
    assert.equal(matchCommand('casus nieuw de eik')?.route.id, 'case-new');
    assert.equal(matchCommand('casus nieuw')?.route.id, 'case-new');
    assert.equal(matchCommand('casus cas-2026-0001')?.route.id, 'case');
    assert.equal(matchCommand('casussen')?.route.id, 'cases');
    for (const text of ['casus', 'casus uit', 'casus aan', 'casus van de maand']) {
      assert.ok(!['case', 'case-new', 'cases'].includes(matchCommand(text)?.route.id ?? ''), text);
    }
  });
});
