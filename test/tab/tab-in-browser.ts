import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../e2e/browser';
import { TENANT, TestBot } from '../helpers/test-bot';
import { COORDINATOR } from './dashboard-seed';

export const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'test-output', 'tab');

/** The themes and widths every page of the tab is checked and photographed in. */
export const THEMES_AND_WIDTHS = [
  ['default', 1280],
  ['dark', 1280],
  ['contrast', 1280],
  ['default', 360],
] as const;

/**
 * The tab in a real browser (Debian's Chromium, headless), in local mode as the coordinator,
 * against the real server and store. Only this machine may be reached: every other request is
 * recorded in `outside`, which the tests assert stays empty.
 */
export class TabInBrowser {
  readonly outside: string[] = [];

  private constructor(
    readonly bot: TestBot,
    private readonly browser: BrowserContext,
    private readonly profile: string,
  ) {}

  /** `coordinatorFrom: 'roles'` makes the person a coordinator by a role document, which a test can take away. */
  static async start(options: { coordinatorFrom?: 'configuration' | 'roles' } = {}): Promise<TabInBrowser> {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `Chromium is missing at ${CHROMIUM}: install it with 'apt-get install -y chromium' (never a downloaded browser)`,
      );
    const bot = await TestBot.start({
      coordinators: options.coordinatorFrom === 'roles' ? [] : [COORDINATOR.aadObjectId],
      env: {
        TAB_LOCAL_MODE: 'true',
        TAB_LOCAL_TENANT_ID: TENANT,
        TAB_LOCAL_USER_ID: COORDINATOR.aadObjectId,
      },
    });
    const profile = await mkdtemp(path.join(tmpdir(), 'daadkracht-chromium-'));
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
    });
    await mkdir(SCREENSHOTS, { recursive: true });
    return new TabInBrowser(bot, browser, profile);
  }

  /** Opens `/tab/?<query>` and waits until `ready` is on the page. */
  async open(query: string, ready: string, width = 1280): Promise<Page> {
    const page = await this.browser.newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.route('**/*', (route) => {
      const { hostname } = new URL(route.request().url());
      if (hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
      this.outside.push(route.request().url());
      return route.abort();
    });
    await page.goto(`${this.bot.app.url}/tab/?${query}`);
    await page.waitForSelector(ready);
    return page;
  }

  async stop(): Promise<void> {
    await this.browser.close();
    await this.bot.stop();
    await rm(this.profile, { recursive: true, force: true });
  }
}

/**
 * Serious and critical WCAG 2.1 A/AA violations found by axe-core on the page as it is now. axe is
 * evaluated through the debugging protocol: the page's own CSP rightly refuses inline scripts.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"')))
    await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
  // The tests are compiled without the DOM's types, so what runs in the page is written as text.
  return (await page.evaluate(`(async () => {
    const result = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
  })()`)) as string[];
}

/** At a narrow width nothing may be wider than the screen (tables scroll inside their own area). */
export async function assertNoSidewaysScroll(page: Page, width: number): Promise<void> {
  const overflow = (await page.evaluate(
    'document.documentElement.scrollWidth - window.innerWidth',
  )) as number;
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at ${width}px`);
}
