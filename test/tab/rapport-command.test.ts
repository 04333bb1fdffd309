import assert from 'node:assert/strict';
import { seedRole, seedSignal } from '../helpers/figure-fixtures';
import { cardOf, cardText, person, TestBot } from '../helpers/test-bot';

const COORDINATOR = person('Coco Regie');

describe('rapport <jaar>-Q<n> in chat', () => {
  let bot: TestBot;

  beforeEach(async () => {
    bot = await TestBot.start({ coordinators: [COORDINATOR.aadObjectId] });
    await seedSignal(bot.store, {
      category: 'drugs',
      createdAt: '2026-08-03T09:00:00Z',
      location: 'Kerkstraat 12',
    });
  });
  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  it('gives coordinators a card whose links open the report without signing in, for a week', async () => {
    // The first message also brings the welcome card; the answer is the last one.
    const reply = (await bot.user('Coco Regie').says('rapport 2026-q3')).at(-1);
    assert.ok(reply);
    assert.match(cardText(reply), /Kwartaalrapportage 2026-Q3 voor de raad/);
    // The card names the configured public address; the test reaches the same path on its port.
    const [html, csv] = cardOf(reply).actions.map(
      (action: { url: string }) => `${bot.app.url}${new URL(action.url).pathname}`,
    );
    const page = await fetch(html);
    assert.equal(page.status, 200);
    const text = await page.text();
    assert.match(text, /<h1>Ondermijning: kwartaalrapportage 2026-Q3<\/h1>/);
    assert.ok(!text.includes('Kerkstraat'));
    assert.equal((await fetch(csv)).status, 200);
    assert.equal(
      (await fetch(html.replace(/\/api\/report\/([^/]+)\/[^/]+\//, '/api/report/$1/wrong-token/'))).status,
      404,
    );
    bot.clock.advance(8 * 86_400_000);
    assert.equal((await fetch(html)).status, 404, 'the link expires after seven days');
  });

  it('refuses werkgroep members and explains a wrong quarter', async () => {
    await seedRole(bot.store, person('Wim Werkgroep').aadObjectId, ['werkgroep']);
    const refused = (await bot.user('Wim Werkgroep').says('rapport 2026-Q3')).at(-1);
    assert.match(cardText(refused as never), /regievoerder/i);
    const wrong = (await bot.user('Coco Regie').says('rapport 2026-Q5')).at(-1);
    assert.match(cardText(wrong as never), /bijvoorbeeld 2026-Q3/);
  });
});
