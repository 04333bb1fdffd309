import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../e2e/browser';
import { TENANT, TestBot } from '../helpers/test-bot';
import { COORDINATOR, seedDashboardHistory } from './dashboard-seed';

const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'test-output', 'tab');

/**
 * The tab in a real browser (Debian's Chromium, headless), in local mode against the real
 * server and store. Only this machine may be reached: any other request fails the test.
 */
describe('the dashboard tab in a browser', function () {
  this.timeout(120_000);
  let bot: TestBot;
  let browser: BrowserContext;
  let profile: string;
  const outside: string[] = [];

  before(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is missing at ${CHROMIUM}: install it with 'apt-get install -y chromium' (never a downloaded browser)`,
      );
    }
    bot = await TestBot.start({
      coordinators: [COORDINATOR.aadObjectId],
      env: {
        TAB_LOCAL_MODE: 'true',
        TAB_LOCAL_TENANT_ID: TENANT,
        TAB_LOCAL_USER_ID: COORDINATOR.aadObjectId,
      },
    });
    await seedDashboardHistory(bot.store);
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
    await page.goto(`${bot.app.url}/tab/?theme=${theme}`);
    await page.waitForSelector('#by-status-table');
    return page;
  }

  // The tests are compiled without the DOM's types, so what runs in the page is written as text.
  const cells = (page: Page, tableId: string): Promise<string[][]> =>
    page.evaluate(
      `Array.from(document.querySelectorAll('#${tableId} tbody tr')).map((row) =>
        Array.from(row.children).map((cell) => (cell.textContent || '').trim()))`,
    );

  it('shows the local-mode banner and the same figures as the API', async () => {
    const page = await open('default');
    assert.match((await page.textContent('#banner')) ?? '', /Lokale modus/);
    // biome-ignore lint/suspicious/noExplicitAny: the API's JSON
    const api = (await (await fetch(`${bot.app.url}/api/tab/dashboard`)).json()) as any;
    const byStatus = await cells(page, 'by-status-table');
    assert.deepEqual(
      byStatus.map((row) => Number(row[1])),
      api.figures.signalsByStatus.map((row: { count: number }) => row.count),
    );
    assert.deepEqual(byStatus[0], ['Nieuw: wacht op beoordeling', '2']);
    const feedback = await cells(page, 'feedback-table');
    assert.deepEqual(feedback, [
      ['Op tijd', String(api.figures.feedback.met)],
      ['Te laat of niet', String(api.figures.feedback.missed)],
      ['Termijn loopt nog', String(api.figures.feedback.pending)],
    ]);
    const perMonth = await cells(page, 'per-month-table');
    assert.deepEqual(
      perMonth.map((row) => Number(row[1])),
      api.figures.newPerMonth.map((row: { count: number }) => row.count),
    );
    assert.deepEqual(
      (await cells(page, 'actions-by-owner-table')).map((row) => row.slice(1)),
      [
        ['2', '1', '1'],
        ['1', '0', '0'],
      ],
    );
    // The explanations of a goal are one click away.
    const summary = page.locator('#goals-table details summary').first();
    await summary.click();
    assert.match(
      (await page.locator('#goals-table details').first().textContent()) ?? '',
      /Het kader is nog niet vastgesteld door het college\./,
    );
    await page.close();
  });

  for (const [theme, width] of [
    ['default', 1280],
    ['dark', 1280],
    ['contrast', 1280],
    ['default', 360],
  ] as const) {
    it(`has no serious or critical accessibility violations (${theme}, ${width}px) and is saved as a screenshot`, async () => {
      const page = await open(theme, width);
      // Evaluated through the debugging protocol: the page's own CSP rightly refuses inline scripts.
      await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
      const violations = (await page.evaluate(`(async () => {
        const result = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
        return result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
      })()`)) as string[];
      assert.deepEqual(violations, []);
      if (width < 400) {
        // Narrow: nothing wider than the screen except inside the tables' own scroll areas.
        const overflow = (await page.evaluate(
          'document.documentElement.scrollWidth - window.innerWidth',
        )) as number;
        assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at ${width}px`);
      }
      await page.screenshot({
        path: path.join(SCREENSHOTS, `dashboard-${theme}-${width}.png`),
        fullPage: true,
      });
      await page.close();
    });
  }
});
