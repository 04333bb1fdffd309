import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { seedDashboardHistory } from './dashboard-seed';
import {
  accessibilityViolations,
  assertNoSidewaysScroll,
  SCREENSHOTS,
  TabInBrowser,
  THEMES_AND_WIDTHS,
} from './tab-in-browser';

/**
 * The tab in a real browser (Debian's Chromium, headless), in local mode against the real
 * server and store. Only this machine may be reached: any other request fails the test.
 */
describe('the dashboard tab in a browser', function () {
  this.timeout(120_000);
  let tab: TabInBrowser;

  before(async () => {
    tab = await TabInBrowser.start();
    await seedDashboardHistory(tab.bot.store);
  });

  after(async () => {
    await tab?.stop();
  });

  afterEach(() => {
    assert.deepEqual(tab.outside, [], 'the tab tried to reach something other than this machine');
  });

  const open = (theme: string, width = 1280): Promise<Page> =>
    tab.open(`theme=${theme}`, '#by-status-table', width);

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
    const api = (await (await fetch(`${tab.bot.app.url}/api/tab/dashboard`)).json()) as any;
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

  for (const [theme, width] of THEMES_AND_WIDTHS) {
    it(`has no serious or critical accessibility violations (${theme}, ${width}px) and is saved as a screenshot`, async () => {
      const page = await open(theme, width);
      assert.deepEqual(await accessibilityViolations(page), []);
      if (width < 400) await assertNoSidewaysScroll(page, width);
      await page.screenshot({
        path: path.join(SCREENSHOTS, `dashboard-${theme}-${width}.png`),
        fullPage: true,
      });
      await page.close();
    });
  }
});
