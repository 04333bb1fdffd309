import assert from 'node:assert/strict';
import { USER_TEXT_MARKER } from './helpers/card-validity';
import { CAST, introduce, regieEnv, report } from './helpers/regie-fixtures';
import { cardText, findSubmitData, OTHER_TENANT, person, TestBot, type TestUser } from './helpers/test-bot';

/**
 * Rules that were once broken in a copy of the code without any test noticing. Each test goes
 * through the real endpoint and fails when its rule is broken.
 */
const REFUSED =
  /Dit kan alleen|Dat kan niet in de huidige status|wacht op een tweede regievoerder|Er wacht geen afsluiting|tweede regievoerder moet goedkeuren|hoort niet bij een casus|hoort al bij die casus/;

describe('rules no test guarded before', () => {
  let bot: TestBot;
  let carla: TestUser;
  let ada: TestUser;
  let wim: TestUser;
  let alex: TestUser;
  let noor: TestUser;

  beforeEach(async () => {
    bot = await TestBot.start({ env: regieEnv() });
    [carla, , ada, wim, alex, noor] = await introduce(
      bot,
      CAST.carla,
      CAST.dave,
      CAST.ada,
      CAST.wim,
      CAST.alex,
      CAST.noor,
    );
    await ada.says(`rol geef ${CAST.wim} werkgroep`);
  });

  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  const stored = async (reference: string) =>
    (await bot.storedDocuments('signal')).find((signal) => signal.reference === reference);
  const audit = () => bot.storedDocuments('audit', 'audit');
  const said = (replies: { activity: { text?: string } }[]) =>
    replies.map((reply) => reply.activity.text ?? cardText(reply as never)).join('\n');

  /** `who` acts on the signal from a card showing its current revision. */
  async function act(who: TestUser, reference: string, action: string, inputs: Record<string, string> = {}) {
    const signal = await stored(reference);
    return who.submitsRaw('activity-card', {
      verb: 'signal.act',
      action,
      signalId: signal.id,
      revision: signal.revision,
      ...inputs,
    });
  }

  it('refuses a werkgroep member who is not the assignee: no details, no read audited', async () => {
    const { reference } = await report(alex, { location: 'Loods Achterweg 7' });
    const signal = await stored(reference);
    const replies = [
      ...(await wim.says(`signaal ${reference}`)),
      ...(await wim.submitsRaw('activity-card', { verb: 'signal.show', signalId: signal.id })),
    ];
    assert.equal(replies.length, 2, 'both are answered');
    for (const reply of replies) {
      assert.match(said([reply]), /Dit kan alleen een regievoerder/);
      assert.doesNotMatch(JSON.stringify(reply.activity), /Achterweg|Poolse|OND-\d{4}-\d{4}.*Achterweg/);
    }
    const wimId = person(CAST.wim).aadObjectId;
    assert.deepEqual(
      (await audit()).filter((entry) => entry.actor === wimId),
      [],
      'a refused look is not a read',
    );

    // Control: once assigned, the same member may look, and that read is audited.
    await act(carla, reference, 'pick-up');
    await act(carla, reference, 'assign', { 'assign.assignee': wimId });
    assert.match(cardText((await wim.says(`signaal ${reference}`)).at(-1)!), /Achterweg/);
    assert.ok((await audit()).some((entry) => entry.actor === wimId && entry.action === 'signal.viewed'));
  });

  it('keeps the anonymous reporter out of the audit trail when they answer a question', async () => {
    const { reference } = await report(alex, { anonymous: 'true' });
    await act(carla, reference, 'pick-up');
    await act(carla, reference, 'ask-reporter', { 'ask-reporter.question': 'Zag je een kenteken?' });
    await bot.deliverOutbox();
    const question = alex.received().findLast((sent) => /heeft een vraag/.test(cardText(sent)));
    assert.ok(question);
    const data = findSubmitData(
      question.activity.attachments[0].content,
      (d) => d.verb === 'reporter.answer',
    );
    const replies = await alex.submitsRaw(question.activityId, { ...data, answer: 'Ja, XY-987-Z.' });
    assert.match(said(replies), /je antwoord is doorgegeven/);

    const trail = await audit();
    const answered = trail.filter((entry) => entry.action === 'signal.question-answered');
    assert.equal(answered.length, 1, 'the answer is audited');
    assert.equal(answered[0].actor, 'anonymous');
    const alexPerson = person(CAST.alex);
    assert.ok(!JSON.stringify(trail).includes(alexPerson.aadObjectId), 'no entry names the reporter');
    assert.ok(!JSON.stringify(trail).includes(CAST.alex));
  });

  it('keeps references per tenant: signaal and a merged closure never cross tenants', async () => {
    const inA = await report(alex, { location: 'Loods in tenant A' });
    await report(alex, { location: 'Tweede melding in tenant A' }); // A has OND-2026-0002
    const carlaB = bot.user(CAST.carla, OTHER_TENANT); // seeded coordinator ids hold in every tenant
    await carlaB.says('help');
    assert.match(said(await carlaB.says(`signaal ${inA.reference}`)), /geen melding|niet gevonden|vind/i);

    const inB = await report(bot.user('Bea Melder', OTHER_TENANT), { location: 'Schuur in tenant B' });
    assert.equal(inB.reference, inA.reference, 'both tenants number from 0001');
    const shown = cardText((await carlaB.says(`signaal ${inB.reference}`)).at(-1)!);
    assert.match(shown, /Schuur in tenant B/);
    assert.doesNotMatch(shown, /tenant A/);

    // OND-2026-0002 exists only in tenant A: a merge into it from tenant B is refused.
    const signalB = (await bot.storedDocuments('signal')).find(
      (s) => s.tenantId === OTHER_TENANT && s.reference === inB.reference,
    );
    await carlaB.submitsRaw('activity-card', {
      verb: 'signal.act',
      action: 'close',
      signalId: signalB.id,
      revision: signalB.revision,
      'close.reason': 'merged',
      'close.mergedInto': 'OND-2026-0002',
    });
    const after = (await bot.storedDocuments('signal')).find((s) => s.id === signalB.id);
    assert.equal(after.status, 'new', 'not closed');
    assert.equal(after.pendingClosure, undefined, 'not waiting to be closed either');
  });

  it('audits a handover', async () => {
    await ada.says(`rol geef ${CAST.noor} coordinator`);
    const { reference } = await report(alex);
    await act(noor, reference, 'pick-up');
    assert.match(said(await noor.says(`overdracht ${CAST.dave}`)), /Overgedragen aan/);
    const entry = (await audit()).find((e) => e.action === 'role.handover');
    assert.ok(entry, 'the handover is in the audit trail');
    assert.equal(entry.actor, person(CAST.noor).aadObjectId);
    assert.equal(entry.subjectId, person(CAST.dave).aadObjectId);
  });

  it('refuses to assign a signal to someone without a role', async () => {
    const { reference } = await report(alex);
    await act(carla, reference, 'pick-up');
    const before = await stored(reference);
    const replies = await act(carla, reference, 'assign', {
      'assign.assignee': person(CAST.noor).aadObjectId,
    });
    assert.match(said(replies), /Kies een regievoerder of werkgroeplid/);
    const after = await stored(reference);
    assert.equal(after.revision, before.revision);
    assert.equal(after.assigneeAadObjectId, person(CAST.carla).aadObjectId);
  });

  it('with four eyes off, closes at once without follow-up; with it on, waits for a second coordinator', async () => {
    const first = await report(alex);
    await act(carla, first.reference, 'pick-up');
    await act(carla, first.reference, 'close', { 'close.reason': 'no-follow-up' });
    const waiting = await stored(first.reference);
    assert.notEqual(waiting.status, 'closed', 'four eyes on: not closed yet');
    assert.equal(waiting.pendingClosure?.reason, 'no-follow-up');

    const form = (await carla.says('instellingen')).at(-1)!;
    await carla.submits(form, {
      ...inputValues(form.activity.attachments[0].content),
      fourEyesClosure: 'false',
    });
    assert.equal((await bot.storedDocuments('settings'))[0]?.fourEyesClosure, false, 'setting saved');
    const second = await report(alex);
    await act(carla, second.reference, 'pick-up');
    await act(carla, second.reference, 'close', { 'close.reason': 'no-follow-up' });
    const closed = await stored(second.reference);
    assert.equal(closed.status, 'closed', 'four eyes off: closed at once');
    assert.equal(closed.pendingClosure, undefined);
  });

  it('shows user text (names included) on every card only as plain text', async () => {
    const marked = bot.user(`Mark ${USER_TEXT_MARKER} [link](https://evil.example)`);
    await marked.says('help');
    const { reference } = await report(marked, { anonymous: 'false' });
    await ada.says(`rol geef Mark ${USER_TEXT_MARKER} [link](https://evil.example) werkgroep`);
    await act(carla, reference, 'pick-up');
    await act(carla, reference, 'note', { 'note.note': `Notitie ${USER_TEXT_MARKER} **vet**` });
    await act(carla, reference, 'assign', { 'assign.assignee': marked.aadObjectId });
    await bot.deliverOutbox();
    await carla.says(`signaal ${reference}`);
    await carla.says('open');
    await carla.says('zoek Eik');
    await marked.says('mijn meldingen');
    await marked.says(`signaal ${reference}`);
    // assertAllCardsValid (after each test) checks every card sent for the marker.
    const everything = JSON.stringify(bot.connector.sent.map((sent) => sent.activity));
    assert.ok(everything.includes(USER_TEXT_MARKER), 'the marked text did reach cards');
  });
});

/** Every input of a card with the value it shows, as a submit without changes would send. */
function inputValues(node: unknown, values: Record<string, unknown> = {}): Record<string, unknown> {
  if (Array.isArray(node)) for (const item of node) inputValues(item, values);
  else if (node !== null && typeof node === 'object') {
    const element = node as Record<string, unknown>;
    if (String(element.type).startsWith('Input.') && typeof element.id === 'string')
      values[element.id] = element.value ?? '';
    for (const value of Object.values(element)) inputValues(value, values);
  }
  return values;
}

describe('rules no test guarded before: the state machine as a table', () => {
  /** What a coordinator may do to a colleague's signal in each status (Dave works on it, Carla acts). */
  const DESIGN: Record<string, string[]> = {
    new: ['pick-up', 'assign', 'note', 'close'],
    'in-progress': ['assign', 'note', 'ask-reporter', 'forward', 'link-case', 'close'],
    'awaiting-reporter': ['assign', 'note', 'ask-reporter', 'forward', 'link-case', 'close'],
    forwarded: ['assign', 'note', 'ask-reporter', 'link-case', 'close'],
    // In a case: moved to another case, or taken out of it.
    case: ['assign', 'note', 'ask-reporter', 'forward', 'link-case', 'unlink-case', 'close'],
    closed: [],
    'closure-pending': ['note', 'approve-closure', 'reject-closure'],
  };
  const INPUTS: Record<string, Record<string, string>> = {
    'pick-up': {},
    assign: { 'assign.assignee': person(CAST.wim).aadObjectId },
    note: { 'note.note': 'Een notitie' },
    'ask-reporter': { 'ask-reporter.question': 'Wanneer precies?' },
    forward: { 'forward.partner': 'police', 'forward.forwardedOn': '2026-11-25' },
    'link-case': { 'link-case.caseReference': 'CAS-2026-0002' },
    'unlink-case': {},
    close: { 'close.reason': 'insufficient-information' },
    'approve-closure': {},
    'reject-closure': {},
  };
  /** How Dave brings a fresh signal into each status. */
  const PATH: Record<string, [string, Record<string, string>][]> = {
    new: [],
    'in-progress': [['pick-up', {}]],
    'awaiting-reporter': [
      ['pick-up', {}],
      ['ask-reporter', INPUTS['ask-reporter']!],
    ],
    forwarded: [
      ['pick-up', {}],
      ['forward', INPUTS.forward!],
    ],
    case: [
      ['pick-up', {}],
      ['link-case', { 'link-case.caseReference': 'CAS-2026-0001' }],
    ],
    closed: [
      ['pick-up', {}],
      ['close', INPUTS.close!],
    ],
    'closure-pending': [
      ['pick-up', {}],
      ['close', { 'close.reason': 'no-follow-up' }],
    ],
  };

  let bot: TestBot;
  let carla: TestUser;
  let dave: TestUser;
  let alex: TestUser;

  before(async () => {
    bot = await TestBot.start({ env: regieEnv() });
    let ada: TestUser;
    [carla, dave, alex, ada] = await introduce(bot, CAST.carla, CAST.dave, CAST.alex, CAST.ada, CAST.wim);
    await ada.says(`rol geef ${CAST.wim} werkgroep`);
    // The cases signals are linked to: CAS-2026-0001 on the way into `case`, 0002 to move to.
    await carla.says('casus nieuw Casus Noord');
    await carla.says('casus nieuw Casus Zuid');
  });

  after(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  const storedById = async (id: string) => (await bot.storedDocuments('signal')).find((s) => s.id === id);

  async function act(who: TestUser, id: string, action: string, inputs: Record<string, string>) {
    const signal = await storedById(id);
    return who.submitsRaw('activity-card', {
      verb: 'signal.act',
      action,
      signalId: id,
      revision: signal.revision,
      ...inputs,
    });
  }

  async function signalIn(status: string): Promise<string> {
    const { reference } = await report(alex);
    const { id } = (await bot.storedDocuments('signal')).find((s) => s.reference === reference);
    for (const [action, inputs] of PATH[status]!) await act(dave, id, action, inputs);
    const signal = await storedById(id);
    if (status === 'closure-pending') assert.ok(signal.pendingClosure, 'prepared: closure pending');
    else assert.equal(signal.status, status, `prepared: ${status}`);
    return id;
  }

  for (const [status, allowed] of Object.entries(DESIGN)) {
    it(`from ${status}: allows ${allowed.join(', ') || 'nothing'}, refuses the rest`, async function () {
      this.timeout(120_000);
      const refusedOn = await signalIn(status);
      for (const action of Object.keys(INPUTS)) {
        const may = allowed.includes(action);
        const id = may ? await signalIn(status) : refusedOn;
        const before = await storedById(id);
        const replies = await act(carla, id, action, INPUTS[action]!);
        const after = await storedById(id);
        if (may) assert.equal(after.revision, before.revision + 1, `${action} from ${status} is allowed`);
        else {
          assert.equal(after.revision, before.revision, `${action} from ${status} is refused`);
          const text = replies.map((reply) => reply.activity.text ?? cardText(reply)).join('\n');
          assert.match(text, REFUSED, `${action} from ${status}: the refusal says why`);
        }
      }
    });
  }
});
