import assert from 'node:assert/strict';
import { botOnItsOwnStore } from './helpers/own-store';
import { validReport } from './helpers/report-fixtures';
import type { StoreRoundTrips } from './helpers/store-round-trips';
import { cardText, TestBot, type TestUser } from './helpers/test-bot';

/**
 * Ten people in one municipality send their report at the same moment (a werkgroep meeting ends,
 * everyone reports what they saw). References stay gapless, each person's receipt names their own,
 * and the tenant's counter is not ten round trips one after another: the reports that queue up
 * while one batch is on its way are written together in the next (group commit). Counted at the
 * HTTPS agent of the real SDK in front of a store of this file's own.
 */
describe('a burst of reports: gapless references, written in a few batches', () => {
  const own = botOnItsOwnStore('burst', (store) => TestBot.start({ store }));
  let trips: StoreRoundTrips;
  let bot: TestBot;

  beforeEach(() => {
    ({ trips, bot } = own);
  });

  async function withForms(count: number): Promise<TestUser[]> {
    const people: TestUser[] = [];
    for (let i = 0; i < count; i += 1) {
      const who = bot.user(`Melder ${i}`);
      await who.says('meld');
      people.push(who);
    }
    return people;
  }

  const references = (count: number) =>
    Array.from({ length: count }, (_, i) => `OND-2026-${String(i + 1).padStart(4, '0')}`);

  /** Resolves once no store request has started for 100 ms (the other turns wait in the bot). */
  async function untilQuiet(): Promise<void> {
    let seen = -1;
    while (seen !== trips.requests.length) {
      seen = trips.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The first report's batch is held, as a store's latency would, until the other reports wait. */
  function holdFirstBatchUntilTheOthersWait(): void {
    let held = false;
    trips.hold((request) => {
      if (held || !request.atomic) return undefined;
      held = true;
      return untilQuiet();
    });
  }

  const numberingBatches = () =>
    trips.requests.filter((request) => request.method === 'BATCH' && request.kinds.includes('counter'));

  it('gives ten reports sent at once gapless references, each in its own receipt, in a few batches', async () => {
    const people = await withForms(10);
    trips.reset();
    holdFirstBatchUntilTheOthersWait();
    const receipts = await Promise.all(
      people.map(async (who) =>
        cardText((await who.submits(who.lastCard(), validReport)).at(-1) ?? who.lastCard()),
      ),
    );
    const stored = await bot.storedDocuments('signal');
    assert.deepEqual(stored.map((signal) => signal.reference).sort(), references(10));
    const owners = new Map(stored.map((signal) => [signal.reporterAadObjectId, signal.reference]));
    people.forEach((who, i) => {
      assert.match(
        receipts[i] as string,
        new RegExp(owners.get(who.aadObjectId) as string),
        `${who.who.name}'s receipt`,
      );
    });
    const batches = numberingBatches();
    assert.ok(batches.length <= 3, `the counter's batches, ${batches.length}:\n${trips.describe(batches)}`);
  });

  it('keeps references gapless when a form is sent twice in the middle of a burst', async () => {
    const people = await withForms(8);
    const twice = people[3] as TestUser;
    const form = twice.lastCard();
    trips.reset();
    holdFirstBatchUntilTheOthersWait();
    await Promise.all([
      ...people.map((who) => who.submits(who.lastCard(), validReport)),
      twice.submits(form, validReport),
    ]);
    const stored = await bot.storedDocuments('signal');
    assert.deepEqual(
      stored.map((signal) => signal.reference).sort(),
      references(8),
      'one signal per form, no gap',
    );
    const own = stored.find((signal) => signal.reporterAadObjectId === twice.aadObjectId)
      ?.reference as string;
    assert.match(
      cardText(twice.lastCard()),
      new RegExp(own),
      'the person who sent twice sees their one reference',
    );
    const late = bot.user('Late Melder');
    await late.says('meld');
    await late.submits(late.lastCard(), validReport);
    assert.ok(
      (await bot.storedDocuments('signal')).some((signal) => signal.reference === 'OND-2026-0009'),
      'the next report takes the next number',
    );
    assert.ok(
      numberingBatches().some((batch) => batch.kinds.filter((kind) => kind === 'signal').length > 1),
      `reports were grouped:\n${trips.describe(numberingBatches())}`,
    );
  });
});
