import assert from 'node:assert/strict';
import { receiptCodeIn, validReport } from './helpers/report-fixtures';
import { cardText, person, TestBot } from './helpers/test-bot';

describe('meldpunt: retries, double clicks and many reporters at once', () => {
  let bot: TestBot;

  beforeEach(async () => {
    bot = await TestBot.start({ coordinators: [person('Carla').aadObjectId] });
  });

  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  it('handles a redelivered activity once: one signal, one receipt', async () => {
    const alex = bot.user('Alex');
    await alex.says('meld');
    const click = alex.submitActivity(alex.lastCard(), validReport);
    const sentBefore = alex.received().length;
    assert.equal(await bot.post(click), 200);
    assert.equal(await bot.post(click), 200);
    assert.equal((await bot.storedDocuments('signal')).length, 1);
    assert.equal(alex.received().length - sentBefore, 1, 'the retry gets no second answer');
  });

  it('turns a double click on "send" into one signal; both clicks show the same reference', async () => {
    const alex = bot.user('Alex');
    await alex.says('meld');
    const form = alex.lastCard();
    const [first, second] = await Promise.all([
      alex.submits(form, validReport),
      alex.submits(form, validReport),
    ]);
    assert.equal((await bot.storedDocuments('signal')).length, 1);
    const references = [...(first ?? []), ...(second ?? [])].map(
      (sent) => /OND-\d{4}-\d{4}/.exec(cardText(sent))?.[0],
    );
    assert.deepEqual(new Set(references), new Set(['OND-2026-0001']));
    const texts = [...(first ?? []), ...(second ?? [])].map(cardText).join('\n');
    assert.match(texts, /was al ontvangen/, 'the second click is told nothing new was made');
    await bot.deliverOutbox();
    assert.equal((await bot.storedDocuments('outbox')).length, 1, 'one notice per coordinator, not two');
  });

  it('gives 20 simultaneous reports 20 distinct references without gaps', async () => {
    const reporters = Array.from({ length: 20 }, (_, i) => bot.user(`Reporter ${i}`));
    for (const reporter of reporters) await reporter.says('meld');
    const receipts = await Promise.all(
      reporters.map((reporter) => reporter.submits(reporter.lastCard(), validReport)),
    );
    const references = receipts.map(
      (replies) => /OND-2026-\d{4}/.exec(cardText(replies.at(-1) ?? replies[0]!))?.[0],
    );
    const expected = Array.from({ length: 20 }, (_, i) => `OND-2026-${String(i + 1).padStart(4, '0')}`);
    assert.deepEqual([...references].sort(), expected);
    const stored = (await bot.storedDocuments('signal')).map((signal) => signal.reference).sort();
    assert.deepEqual(stored, expected);
    const codes = receipts.map((replies) => receiptCodeIn(cardText(replies.at(-1) ?? replies[0]!)));
    assert.equal(new Set(codes).size, 20, 'every receipt has its own code');
  });

  it('starts the numbering again in a new year', async () => {
    bot.clock.set('2026-12-31T23:30:00Z'); // already 1 January 2027, 00:30 in Amsterdam
    const alex = bot.user('Alex');
    await alex.says('meld');
    const receipt = (await alex.submits(alex.lastCard(), { ...validReport, observedOn: '2026-12-31' })).at(
      -1,
    );
    assert.match(cardText(receipt ?? alex.lastCard()), /OND-2027-0001/);
  });
});
