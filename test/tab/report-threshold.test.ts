import assert from 'node:assert/strict';
import { seedSignal } from '../helpers/figure-fixtures';
import { LocalEntra } from '../helpers/local-entra';
import { cardOf, cardText, findInput, person, TestBot } from '../helpers/test-bot';

const COORDINATOR = person('Coco Regie');

/** Every input's current value in a card, as a client would submit it untouched. */
function formValues(card: unknown): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const element = node as Record<string, unknown>;
    if (String(element.type).startsWith('Input.') && typeof element.id === 'string')
      values[element.id] = element.value ?? '';
    Object.values(element).forEach(walk);
  };
  walk(card);
  return values;
}

describe("the council report's threshold in instellingen", () => {
  let entra: LocalEntra;
  let bot: TestBot;

  before(async () => {
    entra = await LocalEntra.start();
  });
  after(async () => {
    await entra.stop();
  });
  beforeEach(async () => {
    bot = await TestBot.start({ coordinators: [COORDINATOR.aadObjectId], env: entra.env() });
    // 2026-Q3: six drugs signals: shown with the default threshold of 5.
    for (let day = 1; day <= 6; day += 1)
      await seedSignal(bot.store, { category: 'drugs', createdAt: `2026-07-0${day}T09:00:00Z` });
  });
  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  const reportHtml = async () => {
    const response = await fetch(`${bot.app.url}/api/tab/report/2026-Q3.html`, {
      headers: { authorization: `Bearer ${await entra.token(COORDINATOR)}` },
    });
    assert.equal(response.status, 200);
    return response.text();
  };

  it('is 5 by default and, once set to 7, withholds a count of 6', async () => {
    assert.match(await reportHtml(), /<th scope="row">Drugs[^<]*<\/th><td>6<\/td>/);
    const coco = bot.user('Coco Regie');
    const form = (await coco.says('instellingen')).at(-1);
    assert.ok(form);
    assert.equal(findInput(form, 'councilReportThreshold').value, '5');
    await coco.submits(form, { ...formValues(cardOf(form)), councilReportThreshold: '7' });
    assert.equal(
      findInput(coco.lastCard(), 'councilReportThreshold').value,
      '7',
      'the form shows what is stored',
    );
    const html = await reportHtml();
    assert.match(html, /<th scope="row">Drugs[^<]*<\/th><td>&#60; 7<\/td>/);
    assert.doesNotMatch(html, /<td>6<\/td>/);
    const [settings] = await bot.storedDocuments('settings');
    assert.equal(settings.councilReportThreshold, 7);
  });

  it('refuses a threshold that would switch the protection off, with the value back', async () => {
    const coco = bot.user('Coco Regie');
    const form = (await coco.says('instellingen')).at(-1);
    assert.ok(form);
    await coco.submits(form, { ...formValues(cardOf(form)), councilReportThreshold: '1' });
    const back = coco.lastCard();
    assert.equal(findInput(back, 'councilReportThreshold').value, '1');
    assert.match(cardText(back), /heel getal in van 2 tot en met 20/);
    assert.equal((await bot.storedDocuments('settings')).length, 0, 'nothing saved');
    assert.match(await reportHtml(), /<td>6<\/td>/);
  });
});
