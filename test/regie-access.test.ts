import assert from 'node:assert/strict';
import { CAST, introduce, regieEnv, report } from './helpers/regie-fixtures';
import { cardText, OTHER_TENANT, person, TestBot, type TestUser } from './helpers/test-bot';

const ACTIONS: Record<string, Record<string, string>> = {
  'pick-up': {},
  assign: { 'assign.assignee': person(CAST.dave).aadObjectId },
  note: { 'note.note': 'Een notitie van iemand' },
  'ask-reporter': { 'ask-reporter.question': 'Hoe laat was dat?' },
  forward: { 'forward.partner': 'police', 'forward.forwardedOn': '2026-11-25' },
  'link-case': { 'link-case.caseReference': 'CAS-2026-0001' },
  close: { 'close.reason': 'insufficient-information' },
  'approve-closure': {},
};

/** Who may do what on a signal in the state that fits the action; everything else is refused. */
const MAY: Record<string, string[]> = {
  nobody: [],
  werkgroep: [],
  assignee: ['note'],
  admin: [],
  coordinator: Object.keys(ACTIONS).filter((action) => action !== 'approve-closure'),
  /** Marked by a coordinator (a guest in the municipality's own tenant). */
  partner: [],
  /** From another organisation's tenant, in the municipality's shared channel. */
  'partner from another tenant': [],
};

/** What each role is told when refused. */
const REFUSAL = (role: string) =>
  role.startsWith('partner')
    ? /Als partner kun je hier een signaal melden/
    : /Dit kan alleen een regievoerder/;

describe('regie: authorisation, for every action and every role', () => {
  let bot: TestBot;
  let people: Record<string, TestUser>;
  let alex: TestUser;

  before(async () => {
    bot = await TestBot.start({ env: regieEnv() });
    const [carla, dave, ada, wim, noor, walt, a] = await introduce(
      bot,
      CAST.carla,
      CAST.dave,
      CAST.ada,
      CAST.wim,
      CAST.noor,
      'Walt Werkgroep',
      CAST.alex,
    );
    alex = a;
    await ada.says(`rol geef ${CAST.wim} werkgroep`);
    await ada.says('rol geef Walt Werkgroep werkgroep');
    await carla.says('casus nieuw Casus Noord');
    const paula = bot.user('Paula Partner');
    await paula.says('help');
    await carla.says('rol geef Paula Partner partner');
    const petra = bot.inSharedChannel('Petra Partner', OTHER_TENANT);
    people = {
      coordinator: carla,
      nobody: noor,
      werkgroep: walt,
      assignee: wim,
      admin: ada,
      partner: paula,
      'partner from another tenant': petra,
    };
    void dave;
  });

  after(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  /** A signal picked up by Dave (another coordinator) and assigned to Wim, so all roles differ. */
  async function preparedSignal(action: string) {
    const { reference } = await report(alex);
    const signal = (await bot.storedDocuments('signal')).find((s) => s.reference === reference);
    const dave = bot.user(CAST.dave);
    const card = (await dave.says(`signaal ${reference}`)).at(-1)!;
    if (action !== 'pick-up') {
      await dave.submitsRaw(card.activityId, {
        verb: 'signal.act',
        action: 'pick-up',
        signalId: signal.id,
        revision: 1,
      });
      await dave.submitsRaw(card.activityId, {
        verb: 'signal.act',
        action: 'assign',
        signalId: signal.id,
        revision: 2,
        'assign.assignee': person(CAST.wim).aadObjectId,
      });
    }
    if (action === 'approve-closure') {
      await dave.submitsRaw(card.activityId, {
        verb: 'signal.act',
        action: 'close',
        signalId: signal.id,
        revision: 3,
        'close.reason': 'no-follow-up',
      });
    }
    return (await bot.storedDocuments('signal')).find((s) => s.reference === reference);
  }

  for (const [role, allowed] of Object.entries(MAY)) {
    for (const [action, inputs] of Object.entries(ACTIONS)) {
      const may = allowed.includes(action) || (role === 'coordinator' && action === 'approve-closure');
      it(`${may ? 'lets' : 'refuses'} ${role} ${action}`, async () => {
        const before = await preparedSignal(action);
        const actor = people[role]!;
        const replies = await actor.submitsRaw('activity-x', {
          verb: 'signal.act',
          action,
          signalId: before.id,
          revision: before.revision,
          ...inputs,
        });
        const after = (await bot.storedDocuments('signal')).find((s) => s.id === before.id);
        if (may) {
          assert.equal(after.revision, before.revision + 1, 'the change is stored');
        } else {
          assert.equal(after.revision, before.revision, 'nothing changes');
          const text = replies.map((reply) => reply.activity.text ?? cardText(reply)).join('\n');
          assert.match(text, REFUSAL(role));
        }
      });
    }
  }

  it('refuses the commands to people without the role, politely', async () => {
    const noor = people.nobody!;
    for (const command of ['open', 'signaal OND-2026-0001', 'zoek park', `overdracht ${CAST.wim}`]) {
      const reply = (await noor.says(command)).at(-1);
      assert.match(reply?.activity.text ?? '', /Dit kan alleen een regievoerder/, command);
    }
    assert.match(
      (await noor.says('rollen')).at(-1)?.activity.text ?? '',
      /alleen voor beheerders en regievoerders/,
    );
    assert.match(
      (await people.coordinator!.says(`rol geef ${CAST.noor} admin`)).at(-1)?.activity.text ?? '',
      /Alleen een beheerder/,
    );
  });

  it('gives a werkgroep member with `open` the open signals assigned to them, and nothing else', async () => {
    const walt = people.werkgroep!;
    assert.match(cardText((await walt.says('help')).at(-1)!), /open.*aan jou heeft toegewezen/);
    const none = cardText((await walt.says('open')).at(-1)!);
    assert.match(none, /Er staan geen open meldingen op jouw naam/);
    const mine = await preparedSignal('note');
    const other = (await report(alex)).reference;
    // Earlier tests assigned Wim many signals: page through his list as he would.
    const assignedToWim = new Set(
      (await bot.storedDocuments('signal'))
        .filter((s) => s.status !== 'closed' && s.assigneeAadObjectId === person(CAST.wim).aadObjectId)
        .map((s) => s.reference as string),
    );
    let list = (await people.assignee!.says('open')).at(-1)!;
    for (let page = 2; !cardText(list).includes(mine.reference) && page < 20; page += 1)
      list = (await people.assignee!.says(`open ${page}`)).at(-1)!;
    const text = cardText(list);
    assert.match(text, /Aan jou toegewezen meldingen/);
    assert.match(text, new RegExp(mine.reference));
    const listed: string[] = text.match(/OND-\d{4}-\d{4}/g) ?? [];
    assert.ok(
      listed.every((reference) => assignedToWim.has(reference)),
      'only signals assigned to Wim are listed',
    );
    assert.ok(!listed.includes(other));
    assert.doesNotMatch(text, /goedkeuring|Totaal/, "the coordinators' counts and approvals are not shown");
    const opened = (await people.assignee!.clicks(list, (data) => data.signalId === mine.id)).at(-1)!;
    assert.match(cardText(opened), new RegExp(mine.reference), 'the signal opens from the list');
  });

  it('refuses another tenant’s signal and a forged signal id, changing nothing', async () => {
    const { reference } = await report(alex);
    const signal = (await bot.storedDocuments('signal')).find((s) => s.reference === reference);
    const outsider = bot.user(CAST.carla, OTHER_TENANT);
    const reply = (
      await outsider.submitsRaw('x', {
        verb: 'signal.act',
        action: 'pick-up',
        signalId: signal.id,
        revision: 1,
      })
    ).at(-1);
    assert.match(reply?.activity.text ?? '', /Dit kan alleen een regievoerder|werkt niet meer/);
    const carla = people.coordinator!;
    const forged = (
      await carla.submitsRaw('x', {
        verb: 'signal.act',
        action: 'pick-up',
        signalId: 'signal:does-not-exist',
        revision: 1,
      })
    ).at(-1);
    assert.match(forged?.activity.text ?? '', /werkt niet meer/);
    const after = (await bot.storedDocuments('signal')).find((s) => s.id === signal.id);
    assert.equal(after.revision, 1);
  });

  it('lets an admin grant and revoke roles by name, audits it, and explains what it cannot do', async () => {
    const ada = people.admin!;
    assert.match(
      (await ada.says(`rol geef ${CAST.noor} coordinator`)).at(-1)?.activity.text,
      /heeft nu de rol regievoerder/,
    );
    assert.ok(
      (await people.nobody!.says('open')).at(-1)?.activity.attachments,
      'Noor can now see open items',
    );
    assert.match(
      (await ada.says(`rol neem ${CAST.noor} coordinator`)).at(-1)?.activity.text,
      /heeft de rol regievoerder niet meer/,
    );
    assert.match(
      (await ada.says('rol geef Onbekende Persoon werkgroep')).at(-1)?.activity.text,
      /Ik ken niemand met die naam/,
    );
    assert.match(
      (await ada.says('rol geef Werkgroep werkgroep')).at(-1)?.activity.text,
      /past bij meer mensen/,
    );
    assert.match(
      (await ada.says(`rol neem ${CAST.carla} coordinator`)).at(-1)?.activity.text,
      /komt uit de configuratie/,
    );
    assert.match(
      (await ada.says('rol geef iemand')).at(-1)?.activity.text,
      /rol geef Jan de Vries coordinator/,
    );
    const roles = (await ada.says('rollen')).at(-1)!;
    assert.match(cardText(roles), new RegExp(CAST.carla));
    assert.match(cardText(roles), /uit configuratie/);
    const audit = await bot.storedDocuments('audit', 'audit');
    assert.ok(
      audit.some(
        (entry) =>
          entry.action === 'role.granted.coordinator' && entry.subjectId === person(CAST.noor).aadObjectId,
      ),
    );
    assert.ok(audit.some((entry) => entry.action === 'role.revoked.coordinator'));
  });

  it('does not revoke the role of someone who still has signals assigned', async () => {
    const ada = people.admin!;
    const signal = await preparedSignal('note');
    assert.equal(signal.assigneeAadObjectId, person(CAST.wim).aadObjectId);
    assert.match(
      (await ada.says(`rol neem ${CAST.wim} werkgroep`)).at(-1)?.activity.text,
      /nog toegewezen meldingen/,
    );
  });
});
