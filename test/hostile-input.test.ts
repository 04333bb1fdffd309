import assert from 'node:assert/strict';
import type { SentActivity } from './helpers/capture-connector';
import { CAST, introduce, regieEnv, report } from './helpers/regie-fixtures';
import { validReport } from './helpers/report-fixtures';
import { cardSubmitActivity, invokeActivity, messageActivity } from './helpers/teams-activities';
import { cardText, OTHER_TENANT, person, TestBot, type TestUser } from './helpers/test-bot';

/**
 * Hostile input through the real endpoint, as data: what a broken client, a curious colleague or
 * an attacker could send. Every case gets a clear answer (a Dutch message, or the form back with
 * values and errors), an invoke answer, or a 4xx: never a 5xx, never a half-written record, never
 * silence.
 */
type Expect = '4xx' | 'answered' | 'invoke';

interface Sent {
  status: number;
  body?: unknown;
  replies: SentActivity[];
}

interface World {
  bot: TestBot;
  alex: TestUser;
  carla: TestUser;
  wim: TestUser;
  signal: { id: string; reference: string };
}

interface HostileCase {
  name: string;
  expect: Expect;
  send(world: World): Promise<Sent>;
  /** Whether a new signal may be stored (injection that is valid input); default: no. */
  stores?: boolean;
  check?(world: World, sent: Sent): Promise<void> | void;
}

const GENERIC_ERROR = /Er ging iets mis aan mijn kant|Something went wrong/;
const HUGE = 'x'.repeat(100_000);
const LOCATION_ERROR = /Vul in waar het was|te kort om de plek|maximaal 200 tekens/;
const DESCRIPTION_ERROR = /Beschrijf wat je hebt gezien|iets uitgebreider|maximaal 4000 tekens/;

// ---------- builders ----------

/** A raw body as any client could post it. */
const raw =
  (body: string, contentType = 'application/json') =>
  async ({ bot }: World): Promise<Sent> => ({
    ...(await bot.postRaw(body, { 'content-type': contentType })),
    replies: [],
  });

/** A well-formed message from Alex with one thing changed (or removed, with `undefined`). */
const messageWith =
  (change: Record<string, unknown>, text = 'help') =>
  async ({ bot, alex }: World): Promise<Sent> => {
    const activity: Record<string, unknown> = { ...messageActivity(alex.base(), text), ...change };
    for (const [key, value] of Object.entries(change)) if (value === undefined) delete activity[key];
    return postCapturing(bot, alex, activity);
  };

const invoke =
  (name: string | undefined, value: unknown = {}) =>
  async ({ bot, alex }: World): Promise<Sent> =>
    postCapturing(bot, alex, invokeActivity(alex.base(), name, value));

/** Alex asks for a fresh report form and submits it with these values over the valid ones. */
const reportFormWith =
  (values: Record<string, unknown>, omit: string[] = []) =>
  async ({ bot, alex }: World): Promise<Sent> => {
    await alex.says('meld');
    const form = alex.lastCard();
    const activity = alex.submitActivity(form, { ...validReport, ...values });
    for (const key of omit) delete (activity.value as Record<string, unknown>)[key];
    return postCapturing(bot, alex, activity);
  };

/** A card submission with exactly this value, as a forged or replayed click. */
const click =
  (who: 'alex' | 'carla' | 'wim' | 'outsider', value: (world: World) => unknown) =>
  async (world: World): Promise<Sent> => {
    const user = who === 'outsider' ? world.bot.user(CAST.carla, OTHER_TENANT) : world[who];
    const activity = cardSubmitActivity(user.base(), 'activity-old', {});
    return postCapturing(world.bot, user, { ...activity, value: value(world) });
  };

const says =
  (who: 'alex' | 'carla', text: string) =>
  async (world: World): Promise<Sent> =>
    postCapturing(world.bot, world[who], messageActivity(world[who].base(), text));

async function postCapturing(bot: TestBot, user: TestUser, activity: object): Promise<Sent> {
  const before = bot.connector.sent.length;
  const answer = await bot.postRaw(JSON.stringify(activity));
  const replies = bot.connector.sent
    .slice(before)
    .filter((sent) => sent.conversationId === user.conversation.id);
  return { ...answer, replies };
}

const textOf = (sent: Sent) => sent.replies.map((reply) => cardText(reply)).join('\n');

/** The form came back (not a receipt) and says what is wrong. */
const formBackWithError = (pattern: RegExp) => (_world: World, sent: Sent) => {
  const text = textOf(sent);
  assert.doesNotMatch(text, /OND-\d{4}-\d{4}/, 'no receipt');
  assert.match(text, pattern);
};

const says_ = (pattern: RegExp) => (_world: World, sent: Sent) => assert.match(textOf(sent), pattern);

/** A user-typed injection reaches the coordinator's card as the literal text, nowhere as markup. */
const injected = (field: 'location' | 'description' | 'involved', payload: string): HostileCase => ({
  name: `injection in ${field}: ${payload.slice(0, 40)}`,
  expect: 'answered',
  stores: true,
  send: reportFormWith({
    [field]: field === 'description' ? `Verdachte zaken gezien bij de loods: ${payload}` : `Loods ${payload}`,
  }),
  check: async ({ carla }, sent) => {
    const reference = /OND-\d{4}-\d{4}/.exec(textOf(sent))?.[0];
    assert.ok(reference, 'stored, with a receipt');
    const card = (await carla.says(`signaal ${reference}`)).at(-1);
    assert.ok(card);
    assert.ok(cardText(card).includes(payload.trim()), 'shown literally to the coordinator');
    assertOnlyPlainText(card, payload.trim());
  },
});

/** Text a person typed may sit only where Teams shows it as plain text: a TextRun or an input. */
function assertOnlyPlainText(sent: SentActivity, userText: string): void {
  const walk = (node: unknown, type: string): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, type);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const element = node as Record<string, unknown>;
    const own = typeof element.type === 'string' ? element.type : type;
    for (const [key, value] of Object.entries(element)) {
      if (key === 'data') continue;
      if (typeof value === 'string' && value.includes(userText)) {
        const plain = (own === 'TextRun' && key === 'text') || (own.startsWith('Input.') && key === 'value');
        assert.ok(plain, `user text in ${own}.${key}, where Teams renders markdown`);
      } else walk(value, own);
    }
  };
  walk(sent.activity?.attachments?.[0]?.content, '');
}

// ---------- the corpus ----------

const CASES: HostileCase[] = [
  // The body itself
  { name: 'an array instead of an activity', expect: '4xx', send: raw('[]') },
  { name: 'a JSON string', expect: '4xx', send: raw('"meld"') },
  { name: 'a JSON number', expect: '4xx', send: raw('42') },
  { name: 'JSON null', expect: '4xx', send: raw('null') },
  { name: 'broken JSON', expect: '4xx', send: raw('{"type": "message", ') },
  { name: 'plain text instead of JSON', expect: '4xx', send: raw('meld', 'text/plain') },
  { name: 'an empty object', expect: '4xx', send: raw('{}') },
  {
    name: 'a body over the size limit',
    expect: '4xx',
    send: raw(JSON.stringify({ type: 'x'.repeat(300_000) })),
  },
  // Missing and wrongly typed envelope fields
  { name: 'no type', expect: '4xx', send: messageWith({ type: undefined }) },
  { name: 'an empty type', expect: '4xx', send: messageWith({ type: '' }) },
  { name: 'a numeric type', expect: '4xx', send: messageWith({ type: 7 }) },
  { name: 'no serviceUrl', expect: '4xx', send: messageWith({ serviceUrl: undefined }) },
  { name: 'a serviceUrl that is no URL', expect: '4xx', send: messageWith({ serviceUrl: 'not a url' }) },
  { name: 'an ftp serviceUrl', expect: '4xx', send: messageWith({ serviceUrl: 'ftp://127.0.0.1/' }) },
  {
    name: 'a public serviceUrl in local mode',
    expect: '4xx',
    send: messageWith({ serviceUrl: 'https://smba.trafficmanager.net/emea/' }),
  },
  {
    name: 'a private-network serviceUrl in local mode',
    expect: '4xx',
    send: messageWith({ serviceUrl: 'http://10.0.0.5:8080/' }),
  },
  {
    name: 'a serviceUrl that only starts like loopback',
    expect: '4xx',
    send: messageWith({ serviceUrl: 'http://127.0.0.1.evil.example/' }),
  },
  { name: 'no conversation', expect: '4xx', send: messageWith({ conversation: undefined }) },
  { name: 'a numeric conversation id', expect: '4xx', send: messageWith({ conversation: { id: 12 } }) },
  { name: 'no sender', expect: '4xx', send: messageWith({ from: undefined }) },
  { name: 'a sender without id', expect: '4xx', send: messageWith({ from: { name: 'Alex' } }) },
  {
    name: 'a numeric Entra id',
    expect: '4xx',
    send: messageWith({ from: { id: '29:x', aadObjectId: 5, name: 'Alex' } }),
  },
  { name: 'text as an object', expect: '4xx', send: messageWith({ text: { meld: true } }) },
  { name: 'channelData as text', expect: '4xx', send: messageWith({ channelData: 'tenant' }) },
  { name: 'entities as an object', expect: '4xx', send: messageWith({ entities: { type: 'mention' } }) },
  { name: 'recipient as text', expect: '4xx', send: messageWith({ recipient: 'bot' }) },
  // Invokes the bot does not handle
  {
    name: 'adaptiveCard/action (Action.Execute)',
    expect: 'invoke',
    send: invoke('adaptiveCard/action', { action: { type: 'Action.Execute', verb: 'signal.submit' } }),
    check: (_world, sent) => {
      const body = sent.body as Record<string, unknown>;
      assert.equal(body.statusCode, 200);
      assert.equal(body.type, 'application/vnd.microsoft.activity.message');
    },
  },
  {
    name: 'composeExtension/query',
    expect: 'invoke',
    send: invoke('composeExtension/query', { commandId: 'search', parameters: [] }),
    check: (_world, sent) =>
      assert.equal((sent.body as { composeExtension: { type: string } }).composeExtension.type, 'message'),
  },
  { name: 'composeExtension/fetchTask', expect: 'invoke', send: invoke('composeExtension/fetchTask') },
  {
    name: 'task/fetch',
    expect: 'invoke',
    send: invoke('task/fetch', { data: {} }),
    check: (_world, sent) => assert.equal((sent.body as { task: { type: string } }).task.type, 'message'),
  },
  { name: 'task/submit', expect: 'invoke', send: invoke('task/submit', { data: { verb: 'signal.submit' } }) },
  { name: 'an invoke of an unknown name', expect: 'invoke', send: invoke('daadkracht/hack') },
  { name: 'an invoke without a name', expect: 'invoke', send: invoke(undefined) },
  { name: 'signin/verifyState', expect: 'invoke', send: invoke('signin/verifyState', { state: '1' }) },
  // Wrong types and sizes in the report form
  {
    name: 'location as a number',
    expect: 'answered',
    send: reportFormWith({ location: 42 }),
    check: formBackWithError(LOCATION_ERROR),
  },
  {
    name: 'location as a list',
    expect: 'answered',
    send: reportFormWith({ location: ['a', 'b'] }),
    check: formBackWithError(LOCATION_ERROR),
  },
  {
    name: 'description as an object',
    expect: 'answered',
    send: reportFormWith({ description: { text: 'x' } }),
    check: formBackWithError(DESCRIPTION_ERROR),
  },
  {
    name: 'a 100 000-character description',
    expect: 'answered',
    send: reportFormWith({ description: HUGE }),
    check: formBackWithError(DESCRIPTION_ERROR),
  },
  {
    name: 'a 100 000-character involved',
    expect: 'answered',
    send: reportFormWith({ involved: HUGE }),
    check: formBackWithError(/maximaal 1000 tekens/),
  },
  {
    name: 'observed on as a number',
    expect: 'answered',
    send: reportFormWith({ observedOn: 20261124 }),
    check: formBackWithError(/geldige datum|Vul een datum in/),
  },
  {
    name: 'observed on 31 February',
    expect: 'answered',
    send: reportFormWith({ observedOn: '2026-02-31' }),
    check: formBackWithError(/geldige datum|Vul een datum in/),
  },
  {
    name: 'observed on in the future',
    expect: 'answered',
    send: reportFormWith({ observedOn: '2099-01-01' }),
    check: formBackWithError(/niet in de toekomst/),
  },
  {
    name: 'an unknown category',
    expect: 'answered',
    send: reportFormWith({ category: 'weapons' }),
    check: formBackWithError(/Kies een soort signaal/),
  },
  {
    name: 'category __proto__',
    expect: 'answered',
    send: reportFormWith({ category: '__proto__' }),
    check: formBackWithError(/Kies een soort signaal/),
  },
  {
    name: 'urgency as a list',
    expect: 'answered',
    send: reportFormWith({ urgency: ['urgent'] }),
    check: formBackWithError(/Kies de urgentie/),
  },
  { name: 'anonymous as an object', expect: 'answered', send: reportFormWith({ anonymous: { yes: true } }) },
  {
    name: 'a location of control characters only',
    expect: 'answered',
    send: reportFormWith({ location: '\u0000\u0001\u202e\u2066' }),
    check: formBackWithError(LOCATION_ERROR),
  },
  {
    name: 'a missing form token',
    expect: 'answered',
    send: reportFormWith({}, ['formToken']),
    check: says_(/verlopen|onbekend/),
  },
  {
    name: 'a numeric form token',
    expect: 'answered',
    send: reportFormWith({ formToken: 12345 }),
    check: says_(/verlopen|onbekend/),
  },
  {
    name: 'a forged form token',
    expect: 'answered',
    send: reportFormWith({ formToken: '../../etc/passwd' }),
    check: says_(/verlopen|onbekend/),
  },
  { name: 'every field missing', expect: 'answered', send: reportFormWith({}, Object.keys(validReport)) },
  // Forged verbs and values
  {
    name: 'an unknown verb',
    expect: 'answered',
    send: click('alex', () => ({ verb: 'signal.delete' })),
    check: says_(/werkt niet meer/),
  },
  {
    name: 'verb __proto__',
    expect: 'answered',
    send: click('alex', () => ({ verb: '__proto__' })),
    check: says_(/werkt niet meer/),
  },
  {
    name: 'verb constructor',
    expect: 'answered',
    send: click('alex', () => ({ verb: 'constructor' })),
    check: says_(/werkt niet meer/),
  },
  {
    name: 'verb toString',
    expect: 'answered',
    send: click('alex', () => ({ verb: 'toString' })),
    check: says_(/werkt niet meer/),
  },
  { name: 'a numeric verb', expect: 'answered', send: click('alex', () => ({ verb: 1 })) },
  { name: 'a card value that is a list', expect: 'answered', send: click('alex', () => ['signal.submit']) },
  { name: 'a card value that is text', expect: 'answered', send: click('alex', () => 'signal.submit') },
  {
    name: 'a reporter forging signal.act (pick-up)',
    expect: 'answered',
    send: click('alex', ({ signal }) => ({
      verb: 'signal.act',
      action: 'pick-up',
      signalId: signal.id,
      revision: 1,
    })),
    check: says_(/Dit kan alleen een regievoerder/),
  },
  {
    name: 'a werkgroep member forging signal.show',
    expect: 'answered',
    send: click('wim', ({ signal }) => ({ verb: 'signal.show', signalId: signal.id })),
    check: says_(/Dit kan alleen een regievoerder/),
  },
  {
    name: 'another tenant acting on this tenant’s signal id',
    expect: 'answered',
    send: click('outsider', ({ signal }) => ({
      verb: 'signal.act',
      action: 'pick-up',
      signalId: signal.id,
      revision: 1,
    })),
  },
  {
    name: 'another tenant showing this tenant’s signal id',
    expect: 'answered',
    send: click('outsider', ({ signal }) => ({ verb: 'signal.show', signalId: signal.id })),
  },
  {
    name: 'an unknown action on signal.act',
    expect: 'answered',
    send: click('carla', ({ signal }) => ({
      verb: 'signal.act',
      action: 'delete',
      signalId: signal.id,
      revision: 1,
    })),
    check: says_(/werkt niet meer/),
  },
  {
    name: 'a signal id that is an object',
    expect: 'answered',
    send: click('carla', () => ({
      verb: 'signal.act',
      action: 'note',
      signalId: { $ne: null },
      revision: 1,
    })),
  },
  {
    name: 'a replayed old card (stale revision)',
    expect: 'answered',
    send: click('carla', ({ signal }) => ({
      verb: 'signal.act',
      action: 'note',
      signalId: signal.id,
      revision: 0,
      'note.note': 'oude kaart',
    })),
    check: says_(/Iemand anders heeft dit net gewijzigd|gewijzigd/),
  },
  {
    name: 'a note of 100 000 characters',
    expect: 'answered',
    send: click('carla', ({ signal }) => ({
      verb: 'signal.act',
      action: 'note',
      signalId: signal.id,
      revision: 1,
      'note.note': HUGE,
    })),
  },
  {
    name: 'a note as a list',
    expect: 'answered',
    send: click('carla', ({ signal }) => ({
      verb: 'signal.act',
      action: 'note',
      signalId: signal.id,
      revision: 1,
      'note.note': ['a'],
    })),
  },
  {
    name: 'assigning to a made-up person',
    expect: 'answered',
    send: click('carla', ({ signal }) => ({
      verb: 'signal.act',
      action: 'assign',
      signalId: signal.id,
      revision: 1,
      'assign.assignee': person('Niemand Bekend').aadObjectId,
    })),
  },
  {
    name: 'a page number that is an object',
    expect: 'answered',
    send: click('carla', () => ({ verb: 'open.page', page: { n: 1 } })),
  },
  {
    name: 'settings saved by a reporter',
    expect: 'answered',
    send: click('alex', () => ({ verb: 'settings.save', fourEyesClosure: 'false' })),
  },
  {
    name: 'a goal saved with wrong types',
    expect: 'answered',
    send: click('carla', () => ({ verb: 'goal.save', title: 5, target: [] })),
  },
  {
    name: 'a herijking answer without a round',
    expect: 'answered',
    send: click('alex', () => ({ verb: 'herijking.answer', roundId: 'x' })),
  },
  {
    name: 'an action done for an unknown action',
    expect: 'answered',
    send: click('alex', () => ({ verb: 'action.done', actionId: 'action:x' })),
  },
  {
    name: 'a reporter answer with a forged token',
    expect: 'answered',
    send: click('alex', () => ({ verb: 'reporter.answer', token: 'x', answer: 'y' })),
  },
  // Commands
  {
    name: 'status with 10 000 characters',
    expect: 'answered',
    send: says('alex', `status ${'A'.repeat(10_000)}`),
  },
  {
    name: 'a command with a NUL in it',
    expect: 'answered',
    send: says('alex', 'me\u0000ld'),
    check: says_(/formulier|melding|Dat begrijp ik niet/i),
  },
  {
    name: 'a command hidden behind a right-to-left override',
    expect: 'answered',
    send: says('alex', '\u202emeld'),
  },
  { name: 'a command with a lone surrogate', expect: 'answered', send: says('alex', 'help \ud800') },
  {
    name: 'signaal with markup around the reference',
    expect: 'answered',
    send: says('carla', 'signaal <b>OND-2026-0001</b>'),
  },
  {
    name: 'signaal of another tenant’s reference form',
    expect: 'answered',
    send: says('carla', 'signaal OND-2026-9999'),
  },
  { name: 'zoek with a query operator', expect: 'answered', send: says('carla', 'zoek " OR 1=1 --') },
  {
    name: 'NUL, a right-to-left override, a lone surrogate and decomposed accents in the location',
    expect: 'answered',
    stores: true,
    send: reportFormWith({
      location: 'Cafe\u0301 \u0000De \u202eKroon\u202c\u2066 \u200fzaal\ud800',
      description: 'Regel een\r\nregel twee\twith tab\u0007 en een bel die wij niet bewaren.',
    }),
    check: async ({ bot }, sent) => {
      const reference = /OND-\d{4}-\d{4}/.exec(textOf(sent))?.[0];
      const stored = (await bot.storedDocuments('signal')).find((s) => s.reference === reference);
      assert.equal(stored.location, 'Café De Kroon zaal\ufffd');
      assert.equal(stored.description, 'Regel een\nregel twee\twith tab en een bel die wij niet bewaren.');
    },
  },
  // Injection in every text field of the report: stored as typed, shown only as plain text
  injected('location', '[klik hier](https://evil.example)'),
  injected('description', '<at>Carla Coördinator</at> kijk hier'),
  injected('description', '<img src=x onerror=alert(1)><b>vet</b>'),
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template expression typed by a user
  injected('location', '${t.message.genericError}'),
  injected('involved', '{"type":"Action.OpenUrl","url":"https://evil.example"}'),
  injected('involved', '**vet** _schuin_ # kop'),
];

describe('hostile input through the real endpoint', () => {
  let world: World;

  before(async () => {
    const bot = await TestBot.start({ env: regieEnv() });
    const [carla, wim, alex, ada] = await introduce(bot, CAST.carla, CAST.wim, CAST.alex, CAST.ada);
    await ada.says(`rol geef ${CAST.wim} werkgroep`);
    const { reference } = await report(alex);
    const stored = (await bot.storedDocuments('signal')).find((s) => s.reference === reference);
    world = { bot, alex, carla, wim, signal: { id: stored.id, reference } };
  });

  after(async () => {
    world.bot.assertAllCardsValid();
    await world.bot.stop();
  });

  it('has at least 60 cases', () => assert.ok(CASES.length >= 60, `${CASES.length} cases`));

  for (const hostile of CASES) {
    it(`${hostile.name}: ${hostile.expect === '4xx' ? 'refused with a 4xx' : 'a clear answer'}`, async () => {
      const { bot } = world;
      const signalsBefore = await bot.storedDocuments('signal');
      const documentsBefore = await documentCount(bot);
      const requestsBefore = bot.connector.requests.length;

      const sent = await hostile.send(world);

      assert.ok(sent.status < 500, `HTTP ${sent.status}: never a server error for the client's input`);
      if (hostile.expect === '4xx') {
        assert.ok(sent.status >= 400, `HTTP ${sent.status}: refused`);
        assert.equal(bot.connector.requests.length, requestsBefore, 'nothing sent anywhere');
        assert.equal(await documentCount(bot), documentsBefore, 'nothing read into the store');
      } else if (hostile.expect === 'invoke') {
        assert.equal(sent.status, 200);
        if (sent.body !== undefined)
          assert.match(JSON.stringify(sent.body), /Dat kan ik hier niet/, 'the answer says so, in Dutch');
        assert.equal(bot.connector.requests.length, requestsBefore, 'the answer is the invoke response');
      } else {
        assert.equal(sent.status, 200);
        assert.ok(sent.replies.length > 0, 'never silence');
        assert.doesNotMatch(textOf(sent), GENERIC_ERROR, 'a clear answer, not an apology for a crash');
      }
      await hostile.check?.(world, sent);

      const signalsAfter = await bot.storedDocuments('signal');
      assert.equal(signalsAfter.length, signalsBefore.length + (hostile.stores ? 1 : 0), 'no stray signal');
      for (const signal of signalsAfter) assertComplete(signal);
    });
  }
});

async function documentCount(bot: TestBot): Promise<number> {
  return (await bot.allStoredDocuments()).length;
}

/** A signal is whole: every field a reader relies on is there, with the right type. */
// biome-ignore lint/suspicious/noExplicitAny: raw storage document
function assertComplete(signal: any): void {
  for (const field of ['id', 'tenantId', 'reference', 'status', 'category', 'location', 'description'])
    assert.equal(typeof signal[field], 'string', `signal ${signal.id} has ${field}`);
  assert.equal(typeof signal.revision, 'number');
  assert.ok(Array.isArray(signal.history) && signal.history.length > 0, 'history');
  assert.match(signal.reference, /^OND-\d{4}-\d{4}$/);
  for (const field of ['location', 'description', 'involved'])
    if (typeof signal[field] === 'string')
      assert.doesNotMatch(
        signal[field],
        // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
        /[\u0000-\u0008\u000b-\u001f\u202a-\u202e\u2066-\u2069]/,
        `${field} normalised`,
      );
}
