import assert from 'node:assert/strict';
import { receiptCodeHash } from '../bot/domain/signals/submit-signal';
import { openCosmosStore } from '../bot/storage/cosmos-store';
import { STORE_RETRY_POLICY } from '../bot/storage/transient-retry';
import { CaptureConnector, type SentActivity } from './helpers/capture-connector';
import { CosmosFaultProxy, firstOnly } from './helpers/cosmos-fault-proxy';
import { ManualClock } from './helpers/manual-clock';
import { receiptCodeIn, validReport } from './helpers/report-fixtures';
import { SequenceIds } from './helpers/sequence-ids';
import { sharedCosmosServer } from './helpers/shared-cosmos';
import { messageActivity } from './helpers/teams-activities';
import { cardText, findInput, person, TENANT, TestBot, type TestUser } from './helpers/test-bot';

const REFERENCE = /OND-\d{4}-\d{4}/;
const FALSE_CLAIM = /niets opgeslagen|nothing was stored/i;
const TRY_AGAIN = /misschien niet gelukt|weet niet zeker|Probeer het zo nog eens/;
const isNotice = (sent: SentActivity) => /Nieuw (urgent )?signaal/.test(cardText(sent));

/** A deterministic coin for the test's own choices (which instance, whether Teams redelivers). */
function coin(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

let databases = 0;

/** Two bot instances on one store behind the fault proxy, one Teams connector, one clock. */
async function twoInstances(coordinators: string[]) {
  const proxy = await CosmosFaultProxy.start(await sharedCosmosServer());
  databases += 1;
  const databaseId = `store-faults-${databases}`;
  const options = { endpoint: proxy.endpoint, key: 'test-key', agent: proxy.agent };
  const clock = new ManualClock('2026-11-25T10:00:00Z');
  const connector = await CaptureConnector.start(() => clock.now());
  const start = async (prefix: string) =>
    TestBot.start({
      store: await openCosmosStore(options, databaseId),
      connector,
      clock,
      coordinators,
      ids: new SequenceIds(prefix),
    });
  const [a, b] = [await start('a-'), await start('b-')];
  return {
    proxy,
    a,
    b,
    connector,
    clock,
    stop: async () => {
      await a.stop();
      await b.stop();
      await connector.close();
      await proxy.close();
    },
  };
}

/** A write to (or bulk request on) `tenantData`'s documents: all the proxy sees is the path. */
const isTenantDataPost = (method: string, path: string) =>
  method === 'POST' && /\/colls\/tenantData\/docs$/.test(path);

/** The audit trail's records of signals being created. */
async function creationRecords(bot: TestBot) {
  return (await bot.storedDocuments('audit', 'audit')).filter((entry) => entry.action === 'signal.created');
}

/** What one person saw after one submission: the receipt, an honest "try again", or nothing. */
type Outcome =
  | { kind: 'receipt'; reference: string; code?: string }
  | { kind: 'try-again'; card?: SentActivity }
  | { kind: 'silence' };

function outcomeOf(replies: SentActivity[]): Outcome {
  for (const reply of [...replies].reverse()) {
    const text = cardText(reply);
    const reference = REFERENCE.exec(text)?.[0];
    if (reply.activity?.attachments?.length && reference && /Melding ontvangen/.test(text))
      return { kind: 'receipt', reference, code: receiptCodeIn(text) };
    if (TRY_AGAIN.test(text))
      return { kind: 'try-again', card: reply.activity?.attachments?.length ? reply : undefined };
  }
  return { kind: 'silence' };
}

describe('store faults: honest answers and exactly once, two instances on one store', function () {
  this.timeout(300_000);

  it('stores 150 reports from 20 people exactly once at 20% store faults, with a receipt or an honest "try again" for each', async () => {
    const carla = person('Carla');
    const dirk = person('Dirk');
    const env = await twoInstances([carla.aadObjectId, dirk.aadObjectId]);
    const { proxy, a, b, connector, clock } = env;
    try {
      const coordinators = [a.user('Carla'), a.user('Dirk')];
      for (const coordinator of coordinators) await coordinator.says('help');
      proxy.failAtRate(0.2, 20261125);

      const random = coin(7);
      const instance = () => (random() < 0.5 ? a : b);
      const other = (bot: TestBot) => (bot === a ? b : a);
      const reporters = Array.from({ length: 20 }, (_, index) => a.user(`Melder ${index + 1}`));
      const intended: { who: TestUser; location: string; final: Outcome; tries: number }[] = [];
      const silences: string[] = [];

      /** A person asks for a form until one arrives (a failed "meld" is answered, and asked again). */
      async function formFor(who: TestUser): Promise<SentActivity> {
        for (let attempt = 1; attempt <= 8; attempt += 1) {
          const before = who.received().length;
          const base = { serviceUrl: connector.url, person: who.who, conversation: who.conversation };
          await instance().post(messageActivity(base, 'meld'));
          const replies = who.received().slice(before);
          if (replies.length === 0) silences.push(`${who.who.name}: meld`);
          const form = replies.find(
            (sent) => sent.activity?.attachments?.length && findInput(sent, 'location'),
          );
          if (form) return form;
        }
        throw new Error(`${who.who.name} got no form`);
      }

      /** Sends the form; Teams sometimes delivers the same activity twice; the person sends again while told to. */
      async function report(who: TestUser, number: number): Promise<void> {
        const location = `Bedrijventerrein Noord, unit ${who.who.name} ${number}`;
        const values = { ...validReport, location };
        let card = await formFor(who);
        let final: Outcome = { kind: 'silence' };
        let tries = 0;
        for (; tries < 6; tries += 1) {
          const activity = who.submitActivity(card, values);
          const target = instance();
          const before = who.received().length;
          const redeliver = random() < 0.3;
          await Promise.all([
            target.post(activity),
            redeliver ? other(target).post(activity) : Promise.resolve(200),
          ]);
          const replies = who.received().slice(before);
          for (const reply of replies) assert.doesNotMatch(cardText(reply), FALSE_CLAIM);
          final = outcomeOf(replies);
          if (final.kind === 'silence') silences.push(`${who.who.name}: report ${number}, try ${tries + 1}`);
          if (final.kind === 'receipt') break;
          if (final.kind === 'try-again' && final.card) {
            assert.equal(findInput(final.card, 'location')?.value, location, 'the form keeps what was typed');
            card = final.card;
          }
        }
        intended.push({ who, location, final, tries: tries + 1 });
      }

      await Promise.all(
        reporters.map(async (who, index) => {
          const count = index < 10 ? 8 : 7;
          for (let number = 1; number <= count; number += 1) await report(who, number);
        }),
      );
      // The coordinators' notices go out while the store still fails, from both instances at once.
      for (let round = 0; round < 3; round += 1) {
        await Promise.all([a.deliverOutbox(), b.deliverOutbox()]);
        clock.advance(3 * 60_000);
      }
      const injected = proxy.totalInjected;
      proxy.heal();

      assert.equal(intended.length, 150);
      assert.deepEqual(silences, [], 'nobody is met with silence');
      assert.ok(injected > 300, `faults were injected (${injected})`);

      const signals = await a.storedDocuments('signal');
      const byLocation = new Map<string, { id: string; reference: string; receiptCodeHash: string }[]>();
      for (const signal of signals)
        byLocation.set(signal.location, [...(byLocation.get(signal.location) ?? []), signal]);
      for (const { location, final, who } of intended) {
        const stored = byLocation.get(location) ?? [];
        assert.ok(stored.length <= 1, `${location} is stored once, not ${stored.length} times`);
        if (final.kind === 'receipt') {
          assert.equal(stored.length, 1, `${who.who.name} holds a receipt for ${location}, so it is stored`);
          assert.equal(final.reference, stored[0]?.reference);
          assert.ok(final.code, `${who.who.name}'s receipt shows the code`);
          assert.equal(
            receiptCodeHash(TENANT, final.code.replace('-', '')),
            stored[0]?.receiptCodeHash,
            'the code shown is the stored one',
          );
        } else {
          assert.equal(final.kind, 'try-again', `${who.who.name} was told to try again`);
        }
      }
      const receipts = intended.filter(({ final }) => final.kind === 'receipt').length;
      assert.ok(
        receipts >= intended.length - 5,
        `almost everyone ends with a receipt (${receipts} of ${intended.length})`,
      );
      const created = (await creationRecords(a)).map((entry) => entry.subjectId as string);
      assert.equal(new Set(created).size, created.length, 'no creation is recorded twice');
      const storedIds = new Set(signals.map((signal) => signal.id as string));
      for (const id of created)
        assert.ok(storedIds.has(id), 'a creation is recorded only for a stored signal');
      for (const { location, final } of intended) {
        if (final.kind !== 'receipt') continue;
        const id = byLocation.get(location)?.[0]?.id ?? '';
        assert.ok(created.includes(id), `the creation of ${location} is in the audit trail`);
      }
      const references = signals.map((signal) => signal.reference as string).sort();
      const gapless = references.map((_, index) => `OND-2026-${String(index + 1).padStart(4, '0')}`);
      assert.deepEqual(references, gapless, 'references have no gaps and no repeats');

      // Past every lease and backoff: whatever is still due goes out now, and nothing twice.
      clock.advance(3 * 3600_000);
      await Promise.all([a.deliverOutbox(), b.deliverOutbox()]);
      clock.advance(3 * 3600_000);
      await Promise.all([a.deliverOutbox(), b.deliverOutbox()]);
      for (const coordinator of coordinators) {
        const noticed = coordinator
          .received()
          .filter(isNotice)
          .map((sent) => REFERENCE.exec(cardText(sent))?.[0])
          .sort();
        assert.deepEqual(noticed, references, `${coordinator.who.name} got every notice exactly once`);
      }
      a.assertAllCardsValid();
    } finally {
      await env.stop();
    }
  });

  it('sends a notice exactly once when Teams accepted it but recording "sent" failed past every retry', async () => {
    const carla = person('Carla');
    const env = await twoInstances([carla.aadObjectId]);
    const { proxy, a, b, connector, clock } = env;
    try {
      const carlaChat = a.user('Carla');
      await carlaChat.says('help');
      const melder = a.user('Melder');
      await melder.says('meld');
      await melder.submits(melder.lastCard(), validReport);

      // Teams accepts the notice; the store then refuses every try to record it as sent.
      const held = connector.holdNext(carlaChat.conversation.id);
      const delivering = a.deliverOutbox();
      await held.arrived;
      proxy.failNext(
        ...Array.from({ length: STORE_RETRY_POLICY.maxAttempts }, () => 'unavailable-before' as const),
      );
      held.release(200);
      await delivering;
      proxy.heal();
      assert.equal(carlaChat.received().filter(isNotice).length, 1);

      // Past the lease and every backoff: both instances pass over the outbox again.
      clock.advance(30 * 60_000);
      await a.deliverOutbox();
      await b.deliverOutbox();
      clock.advance(3 * 3600_000);
      await b.deliverOutbox();
      await a.deliverOutbox();
      assert.equal(carlaChat.received().filter(isNotice).length, 1, 'the notice arrived once');
      const [entry] = await a.storedDocuments('outbox');
      assert.equal(entry?.status, 'sent', 'and is recorded as sent');
    } finally {
      await env.stop();
    }
  });

  it('keeps the audit record of a report stored just before the store failed: the resend writes it, once', async () => {
    const env = await twoInstances([person('Carla').aadObjectId]);
    const { a, b, proxy } = env;
    try {
      const alex = a.user('Alex');
      await alex.says('meld');
      const values = { ...validReport, location: 'Loods achter de kerk' };
      // The report's batch is stored; the audit record after it fails past every retry.
      proxy.failWhere(
        (method, path) => method === 'POST' && path.includes('/colls/audit/'),
        'unavailable-before',
      );
      const first = outcomeOf(await alex.submits(alex.lastCard(), values));
      proxy.heal();
      assert.equal(first.kind, 'try-again', 'the reporter is told it may not have gone through');
      assert.equal((await a.storedDocuments('signal')).length, 1, 'the signal itself was stored');
      assert.deepEqual(await creationRecords(a), [], 'no record yet: the write failed');

      // The person sends the returned form again (on the other instance), Teams redelivers that,
      // and the person clicks once more.
      const card = (first as { card: SentActivity }).card;
      const again = alex.submitActivity(card, values);
      assert.equal(await b.post(again), 200);
      assert.equal(await a.post(again), 200);
      assert.equal(await a.post(alex.submitActivity(card, values)), 200);
      const [signal] = await a.storedDocuments('signal');
      assert.match(cardText(alex.lastCard()), new RegExp(signal.reference));
      const records = await creationRecords(a);
      assert.equal(records.length, 1, 'one record of the creation, however often it was sent');
      assert.equal(records[0].subjectId, signal.id);
      assert.equal(records[0].at, signal.createdAt, 'dated when the signal was made, not when resent');
      assert.equal(records[0].actor, 'reporter');
    } finally {
      await env.stop();
    }
  });

  /**
   * Alex has had one `help` answered (its finish mark landed); `then` runs with the next turn's
   * first request (the bulk request with the profile, the roles and the claim) set to be applied
   * by the store and its answer lost: the connection drops before it.
   */
  async function withFirstAnswerLost(
    then: (
      env: Awaited<ReturnType<typeof twoInstances>>,
      alex: TestUser,
      help: string | undefined,
    ) => Promise<void>,
  ): Promise<void> {
    const env = await twoInstances([person('Carla').aadObjectId]);
    try {
      const alex = env.a.user('Alex');
      const help = (await alex.says('help')).map(cardText).at(-1);
      await env.a.app.services.processedActivities.settled();
      env.proxy.failWhere(firstOnly(isTenantDataPost), 'reset-after');
      await then(env, alex, help);
    } finally {
      await env.stop();
    }
  }

  it('answers a turn whose first request (reads and the dedupe claim) was applied but its answer lost', async () => {
    await withFirstAnswerLost(async ({ proxy }, alex, help) => {
      // The claim is tried again alone and meets its own marker (409): this turn's claim, not another instance's.
      const answers = (await alex.says('help')).map(cardText);
      assert.equal(proxy.injected['reset-after'], 1, 'the fault was injected');
      assert.equal(answers.at(-1), help, 'answered, not taken for a duplicate and met with silence');
    });
  });

  it('answers a redelivery when the turn could not open, though its dedupe marker was already claimed', async () => {
    await withFirstAnswerLost(async ({ a, proxy }, alex, help) => {
      // Read alone, the profile cannot be read past every retry: the turn cannot open, though it is claimed.
      proxy.failWhere(
        (method, path) => method === 'GET' && /\/colls\/tenantData\/docs\/user/.test(path),
        'unavailable-before',
      );
      const activity = messageActivity(alex.base(), 'help');
      const before = alex.received().length;
      await a.post(activity).catch(() => 0);
      assert.ok(proxy.injected['unavailable-before'] > 0, 'the profile could not be read');
      proxy.heal();
      // Teams redelivers within seconds, long before the marker's lease would run out.
      assert.equal(await a.post(activity), 200);
      const answers = alex.received().slice(before).map(cardText);
      assert.equal(answers.at(-1), help, 'the redelivery is answered, not met with silence');
    });
  });
});
