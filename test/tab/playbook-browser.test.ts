import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import {
  accessibilityViolations,
  assertNoSidewaysScroll,
  SCREENSHOTS,
  TabInBrowser,
  THEMES_AND_WIDTHS,
} from './tab-in-browser';

const HOSTILE =
  'Let op <script>window.__pwned = 1</script> en <img src=x onerror="window.__pwned = 2"> of ' +
  '[klik hier](javascript:window.__pwned=3) <a href="javascript:window.__pwned=4">link</a>\n\n- **Vet** voorbeeld';

/** The playbook view of the tab in headless Chromium, local mode, as the coordinator. */
describe('the playbook page in a browser', function () {
  this.timeout(120_000);
  let tab: TabInBrowser;

  before(async () => {
    tab = await TabInBrowser.start();
    const saved = await fetch(`${tab.bot.app.url}/api/tab/playbook`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ version: '', texts: { 'work.permits': HOSTILE } }),
    });
    assert.equal(saved.status, 200);
  });

  after(async () => {
    await tab?.stop();
  });

  afterEach(() => {
    assert.deepEqual(tab.outside, [], 'the tab tried to reach something other than this machine');
  });

  async function open(theme: string, width = 1280): Promise<Page> {
    const page = await tab.open(`view=playbook&theme=${theme}`, '#playbook-work', width);
    await page.waitForSelector('#case-queue');
    return page;
  }

  it('shows the sections, examples per line of work, and what a coordinator typed only as text', async () => {
    const page = await open('default');
    assert.equal(await page.textContent('h1'), 'Handelingskader ondermijning');
    assert.match((await page.textContent('#playbook-what-not-to-do')) ?? '', /Doe geen eigen onderzoek/);
    assert.match(
      (await page.textContent('#playbook-work')) ?? '',
      /Burgerzaken.*Veel inschrijvingen op één adres/s,
    );
    const permits = page.locator('[data-field="work.permits"]');
    assert.match((await permits.textContent()) ?? '', /<script>window.__pwned = 1<\/script>/);
    assert.match((await permits.textContent()) ?? '', /<img src=x onerror=/);
    assert.match((await permits.textContent()) ?? '', /\[klik hier\]\(javascript:/);
    assert.equal(await permits.locator('strong').textContent(), 'Vet', 'bold is the one markup allowed');
    assert.equal(
      await page.locator('#content script, #content img, #content a, #content [onerror]').count(),
      0,
    );
    assert.equal(await page.evaluate('window.__pwned'), undefined);
    await page.close();
  });

  it('lets the coordinator edit a text in a form, keeps what was typed on an error, and shows the saved text', async () => {
    const page = await open('default');
    await page.click('#playbook-edit-button');
    const intro = page.getByLabel('Wat is ondermijning?', { exact: true });
    await intro.fill('x'.repeat(3001));
    await page.click('#playbook-save');
    await page.waitForSelector('#field-intro[aria-invalid="true"]');
    assert.match((await page.textContent('#field-intro-error')) ?? '', /maximaal 3000 tekens/);
    assert.equal((await intro.inputValue()).length, 3001, 'the text stays in the form');
    await intro.fill('Ondermijning in **onze** gemeente.');
    await page.click('#playbook-save');
    await page.waitForSelector('#playbook-edit-button');
    assert.equal(await page.textContent('#status'), 'Opgeslagen.');
    assert.equal(await page.textContent('[data-field="intro"]'), 'Ondermijning in onze gemeente.');
    await page.close();
  });

  it('lets the coordinator plan the case of the month: add, see it in line, remove', async () => {
    const page = await open('default');
    assert.match((await page.textContent('#case-queue')) ?? '', /De wachtrij is leeg\./);
    await page.getByLabel(/Nieuwe casus/).fill('Kort');
    await page.click('#case-queue-add');
    await page.locator('#case-queue-message', { hasText: 'minstens 20 tekens' }).waitFor();
    await page.getByLabel(/Nieuwe casus/).fill('Een koper wil een loods <b>contant</b> betalen.');
    await page.click('#case-queue-add');
    await page.waitForSelector('.case-queue li');
    assert.equal(
      await page.textContent('.case-queue li p'),
      'Een koper wil een loods <b>contant</b> betalen.',
    );
    await page.getByRole('button', { name: 'Casus 1 verwijderen' }).click();
    await page.waitForSelector('.case-queue', { state: 'detached' });
    await page.close();
  });

  for (const [theme, width] of THEMES_AND_WIDTHS) {
    it(`has no serious or critical accessibility violations (${theme}, ${width}px), reading and editing`, async () => {
      const page = await open(theme, width);
      assert.deepEqual(await accessibilityViolations(page), []);
      if (width < 400) await assertNoSidewaysScroll(page, width);
      await page.screenshot({
        path: path.join(SCREENSHOTS, `playbook-${theme}-${width}.png`),
        fullPage: true,
      });
      await page.click('#playbook-edit-button');
      assert.deepEqual(await accessibilityViolations(page), []);
      await page.screenshot({ path: path.join(SCREENSHOTS, `playbook-edit-${theme}-${width}.png`) });
      await page.close();
    });
  }
});
