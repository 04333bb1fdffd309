import assert from 'node:assert/strict';
import { botOnItsOwnStore } from './helpers/own-store';
import { validReport } from './helpers/report-fixtures';
import type { StoreRequest, StoreRoundTrips } from './helpers/store-round-trips';
import { messagePayload } from './helpers/teams-activities';
import { cardText, OTHER_TENANT, person, TestBot } from './helpers/test-bot';

/**
 * Store round trips one after the other before a turn's answer (issue 11: a report's submit at
 * most 3). Counted at the HTTPS agent of the real SDK in front of a store of this file's own, so
 * nothing else on the store is counted; the finish mark, written after the answer, is left out.
 */
describe('store round trips on a turn', () => {
  const own = botOnItsOwnStore('trips', (store) =>
    TestBot.start({ store, coordinators: [person('Carla').aadObjectId] }),
  );
  let trips: StoreRoundTrips;
  let bot: TestBot;

  beforeEach(() => {
    ({ trips, bot } = own);
  });

  /** The requests of one turn before its answer: everything but the finish mark after it. */
  async function roundTripsOf(turn: () => Promise<unknown>): Promise<{ count: number; what: string }> {
    await bot.app.services.processedActivities.settled();
    trips.reset();
    await turn();
    await bot.app.services.processedActivities.settled();
    const before = trips.requests.filter(
      (request) => !(request.method === 'UPSERT' && request.kinds.includes('activity')),
    );
    return { count: Math.max(0, ...before.map((request) => request.roundTrip)), what: trips.describe() };
  }

  /** The audit record was written after the read it records had its answer (never before it). */
  function assertAuditedAfter(read: RegExp, what: string): void {
    const query = trips.requests.find(
      (request) => request.method === 'QUERY' && read.test(request.query ?? ''),
    );
    const audit = trips.requests.find((request) => request.path.startsWith('audit'));
    assert.ok(query?.answeredAt && audit, `the read and its audit record:\n${what}`);
    assert.ok(audit.startedAt > query.answeredAt, `audited after the read succeeded:\n${what}`);
  }

  /** The requests that read the actor's profile or stored roles. */
  function personReads(): StoreRequest[] {
    return trips.requests.filter(
      (request) => request.kinds.includes('user') || request.kinds.includes('role-holder'),
    );
  }

  it('answers help in 1 round trip and 2 requests: profile, roles and the dedupe claim in one, the finish mark after', async () => {
    const alex = bot.user('Alex');
    await alex.says('help');
    const { count, what } = await roundTripsOf(() => alex.says('help'));
    assert.ok(alex.received().length >= 2, 'help answered twice');
    assert.equal(count, 1, `${count} round trips:\n${what}`);
    assert.equal(trips.requests.length, 2, `${trips.requests.length} requests:\n${what}`);
    const [person, ...more] = personReads();
    assert.equal(more.length, 0, `the profile and the roles in one request:\n${what}`);
    assert.deepEqual([...(person?.kinds ?? [])].sort(), ['activity', 'role-holder', 'user'], what);
  });

  it('lists the open signals (open) in 1 round trip and at most 4 requests: the list read with the turn opener', async () => {
    const alex = bot.user('Alex');
    await alex.says('meld');
    await alex.submits(alex.lastCard(), validReport);
    const carla = bot.user('Carla');
    await carla.says('help');
    const { count, what } = await roundTripsOf(() => carla.says('open'));
    assert.match(cardText(carla.lastCard()), /OND-2026-0001/);
    assert.ok(count <= 1, `${count} round trips:\n${what}`);
    assert.ok(trips.requests.length <= 4, `${trips.requests.length} requests:\n${what}`);
    assert.equal(personReads().length, 1, `the profile and the roles in one request:\n${what}`);
  });

  it('stores a report in at most 3 round trips before the receipt, the signal of the form looked up in the opener request', async () => {
    const alex = bot.user('Alex');
    // The instance's first report reads the tenant's counter; every later one knows its version.
    await alex.says('meld');
    await alex.submits(alex.lastCard(), validReport);
    await alex.says('meld');
    const form = alex.lastCard();
    const { count, what } = await roundTripsOf(() => alex.submits(form, validReport));
    assert.match(cardText(alex.lastCard()), /OND-2026-0002/);
    assert.ok(count <= 3, `${count} round trips:\n${what}`);
    const [opener, ...more] = personReads();
    assert.equal(more.length, 0, what);
    assert.ok(
      opener?.kinds.includes('signal'),
      `is this form's signal there: read in the opener's request, not one of its own:\n${what}`,
    );
  });

  it('stores a report from a message (Meld als signaal) in at most 3 round trips before the dialog closes', async () => {
    const alex = bot.user('Alex');
    await alex.says('meld');
    await alex.submits(alex.lastCard(), validReport);
    const post = messagePayload({
      html: '<p>Bij chalet 12 staan elke nacht andere busjes.</p>',
      from: { user: { id: person('Bram').aadObjectId, displayName: 'Bram' } },
      createdDateTime: '2026-11-24T08:00:00.000Z',
    });
    const dialog = await alex.usesMessageAction(post);
    const { count, what } = await roundTripsOf(async () => {
      const sent = await alex.sendsDialog(dialog.body, post, {
        category: 'drugs',
        location: 'De Eik',
        urgency: 'normal',
      });
      assert.equal(sent.status, 200);
      assert.equal(sent.body, undefined, 'the dialog closes: the report is stored');
    });
    assert.equal((await bot.storedDocuments('signal')).length, 2);
    assert.ok(count <= 3, `${count} round trips:\n${what}`);
  });

  it('lists my reports in 2 round trips: the list with the turn opener, then the audit of that read', async () => {
    const alex = bot.user('Alex');
    await alex.says('meld');
    await alex.submits(alex.lastCard(), validReport);
    const { count, what } = await roundTripsOf(() => alex.says('mijn meldingen'));
    assert.match(cardText(alex.lastCard()), /OND-2026-0001/);
    assert.ok(count <= 2, `${count} round trips:\n${what}`);
    assertAuditedAfter(/c\.reporterAadObjectId = @reporter/, what);
  });

  it('shows a signal (signaal <ref>) in at most 3 round trips, its audit record after the read', async () => {
    const alex = bot.user('Alex');
    await alex.says('meld');
    await alex.submits(alex.lastCard(), validReport);
    const carla = bot.user('Carla');
    await carla.says('help');
    const { count, what } = await roundTripsOf(() => carla.says('signaal OND-2026-0001'));
    assert.match(cardText(carla.lastCard()), /OND-2026-0001/);
    assert.ok(count <= 3, `${count} round trips:\n${what}`);
    assertAuditedAfter(/c\.reference = @reference/, what);
  });

  it('explains ondermijning (uitleg) in 2 round trips: the profile read when the turn opened is used', async () => {
    const alex = bot.user('Alex');
    await alex.says('help');
    const { count, what } = await roundTripsOf(() => alex.says('uitleg'));
    assert.ok(alex.received().length > 1, 'the explainer arrived');
    assert.ok(count <= 2, `${count} round trips:\n${what}`);
    assert.equal(
      trips.requests.filter((request) => request.kinds.includes('user')).length,
      1,
      `the profile is read once:\n${what}`,
    );
  });

  it('answers both sends of a double click with the one signal, though both looked before either wrote', async () => {
    const alex = bot.user('Alex');
    await alex.says('meld');
    const form = alex.lastCard();
    // Both sends look for the form's signal (ahead, while their turns open) before either batch
    // leaves; the one that loses the race must look again, not reuse what it read ahead.
    // A look is a read of the signal: in the opener's bulk request, or a point read of its own.
    const looks = () =>
      trips.requests.filter((request) => request.kinds.includes('signal') && !request.atomic).length;
    const bothLooked = async () => {
      const deadline = Date.now() + 2_000;
      while (looks() < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    trips.hold((request) => (request.method === 'BATCH' && request.atomic ? bothLooked() : undefined));
    try {
      const replies = await Promise.all([alex.submits(form, validReport), alex.submits(form, validReport)]);
      assert.ok(looks() >= 2, 'both sends looked for the signal');
      assert.equal((await bot.storedDocuments('signal')).length, 1);
      const texts = replies.map((sent) => sent.map(cardText).join('\n'));
      for (const text of texts) assert.match(text, /OND-2026-0001/);
      assert.ok(
        texts.some((text) => /was al ontvangen/.test(text)),
        'the second send is told it was received before',
      );
      trips.hold(undefined);
      await alex.says('meld');
      await alex.submits(alex.lastCard(), validReport);
      assert.match(cardText(alex.lastCard()), /OND-2026-0002/, 'the next report takes the next number');
    } finally {
      trips.hold(undefined);
    }
  });

  it('reads the profile and roles while Teams is asked who writes in a shared channel', async () => {
    const petra = bot.inSharedChannel('Petra Parkexpert', OTHER_TENANT);
    const readsPerson = () =>
      trips.requests.some(
        (request) => request.kinds.includes('user') || request.kinds.includes('role-holder'),
      );
    let readWhileAsking = false;
    // Teams answers only once the store has been asked about the person (or after a second).
    bot.connector.delayMemberLookups(async () => {
      const deadline = Date.now() + 1_000;
      while (!readsPerson() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
      readWhileAsking = readsPerson();
    });
    trips.reset();
    await petra.says('help');
    assert.ok(petra.received().length > 0, 'the partner is answered');
    assert.ok(readWhileAsking, `the profile and roles waited for Teams:\n${trips.describe()}`);
  });
});
