import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../e2e/browser';
import { TENANT, TestBot } from '../helpers/test-bot';
import { COORDINATOR } from './dashboard-seed';

const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'test-output', 'tab');

const HOSTILE =
  'Let op <script>window.__pwned = 1</script> en <img src=x onerror="window.__pwned = 2"> of ' +
  '[klik hier](javascript:window.__pwned=3) <a href="javascript:window.__pwned=4">link</a>\n\n- **Vet** voorbeeld';

/** The playbook view of the tab in headless Chromium, local mode, as the coordinator. */
describe('the playbook page in a browser', function () {
  this.timeout(120_000);
  let bot: TestBot;
  let browser: BrowserContext;
  let profile: string;
  const outside: string[] = [];

  before(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium`);
    bot = await TestBot.start({
      coordinators: [COORDINATOR.aadObjectId],
      env: {
        TAB_LOCAL_MODE: 'true',
        TAB_LOCAL_TENANT_ID: TENANT,
        TAB_LOCAL_USER_ID: COORDINATOR.aadObjectId,
      },
    });
    const saved = await fetch(`${bot.app.url}/api/tab/playbook`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ version: '', texts: { 'work.permits': HOSTILE } }),
    });
    assert.equal(saved.status, 200);
    profile = await mkdtemp(path.join(tmpdir(), 'daadkracht-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
    });
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await bot?.stop();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  afterEach(() => {
    assert.deepEqual(outside, [], 'the tab tried to reach something other than this machine');
  });

  async function open(theme: string, width = 1280): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.route('**/*', (route) => {
      const { hostname } = new URL(route.request().url());
      if (hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
      outside.push(route.request().url());
      return route.abort();
    });
    await page.goto(`${bot.app.url}/tab/?view=playbook&theme=${theme}`);
    await page.waitForSelector('#playbook-work');
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

  for (const [theme, width] of [
    ['default', 1280],
    ['dark', 1280],
    ['contrast', 1280],
    ['default', 360],
  ] as const) {
    it(`has no serious or critical accessibility violations (${theme}, ${width}px), reading and editing`, async () => {
      const page = await open(theme, width);
      await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
      const violations = async () =>
        (await page.evaluate(`(async () => {
          const result = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
          return result.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
        })()`)) as string[];
      assert.deepEqual(await violations(), []);
      if (width < 400) {
        const overflow = (await page.evaluate(
          'document.documentElement.scrollWidth - window.innerWidth',
        )) as number;
        assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at ${width}px`);
      }
      await page.screenshot({
        path: path.join(SCREENSHOTS, `playbook-${theme}-${width}.png`),
        fullPage: true,
      });
      await page.click('#playbook-edit-button');
      assert.deepEqual(await violations(), []);
      await page.screenshot({ path: path.join(SCREENSHOTS, `playbook-edit-${theme}-${width}.png`) });
      await page.close();
    });
  }
});
