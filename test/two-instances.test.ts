import assert from 'node:assert/strict';
import { CAST, regieEnv } from './helpers/regie-fixtures';
import { validReport } from './helpers/report-fixtures';
import { cardText, TENANT, TestBot, type TestUser } from './helpers/test-bot';

/**
 * Two instances of the bot on one store, as in production behind a load balancer: what one
 * instance changes, the other honours (roles at once, settings within seconds), and reports
 * taken on both at the same moment still get gapless references.
 */
describe('two instances: caches that stay safe, references that stay gapless', () => {
  let first: TestBot;
  let second: TestBot;

  beforeEach(async () => {
    first = await TestBot.start({ env: regieEnv() });
    second = await TestBot.start({ env: regieEnv(), store: first.store, instance: 'second' });
  });

  afterEach(async () => {
    await first.stop();
    await second.stop();
  });

  it('takes a revoked role away on the other instance at the very next turn', async () => {
    const ada = first.user(CAST.ada);
    const noorThere = second.user(CAST.noor);
    await noorThere.says('help');
    await ada.says(`rol geef ${CAST.noor} coordinator`);
    assert.ok((await noorThere.says('open')).at(-1)?.activity.attachments, 'Noor sees the open items');
    await ada.says(`rol neem ${CAST.noor} coordinator`);
    const refused = (await noorThere.says('open')).at(-1);
    assert.equal(refused?.activity.attachments, undefined, 'no open items for Noor any more');
    assert.match(refused?.activity.text ?? '', /alleen een regievoerder/);
  });

  it('applies a changed default language at once here and within ten seconds on the other instance', async () => {
    const elsewhere = second.user('Eva Elders');
    const here = first.user('Hans Hier');
    for (const who of [elsewhere, here]) {
      assert.match(cardText((await who.says('help')).at(-1) ?? who.lastCard()), /Wat kan ik typen/);
    }
    await first.app.services.tenantSettings.update(TENANT, (settings) => ({
      ...settings,
      defaultLanguage: 'en',
    }));
    assert.match(
      cardText((await here.says('help')).at(-1) ?? here.lastCard()),
      /What can I type/,
      'English here at once',
    );
    second.clock.advance(10_001);
    assert.match(cardText((await elsewhere.says('help')).at(-1) ?? elsewhere.lastCard()), /What can I type/);
  });

  it('gives reports taken on both instances at the same moment gapless references', async () => {
    const reporters: TestUser[] = [];
    for (let i = 0; i < 16; i += 1) {
      const who = (i % 2 === 0 ? first : second).user(`Melder ${i}`);
      await who.says('meld');
      reporters.push(who);
    }
    await Promise.all(reporters.map((who) => who.submits(who.lastCard(), validReport)));
    const references = (await first.storedDocuments('signal')).map((signal) => signal.reference).sort();
    const expected = Array.from({ length: 16 }, (_, i) => `OND-2026-${String(i + 1).padStart(4, '0')}`);
    assert.deepEqual(references, expected);
  });
});
