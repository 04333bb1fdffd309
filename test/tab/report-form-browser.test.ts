import assert from 'node:assert/strict';
import { TENANT } from '../helpers/test-bot';
import { COORDINATOR } from './dashboard-seed';
import { TabInBrowser } from './tab-in-browser';

/**
 * The council report's form on the dashboard, in a real browser: the file arrives under its
 * name, a wrong quarter is explained before anything is asked, and when the server refuses
 * (the role was handed over while the page was open) the person reads why, not "try again".
 */
describe('the council report form in a browser', function () {
  this.timeout(120_000);
  let tab: TabInBrowser;

  before(async () => {
    tab = await TabInBrowser.start({ coordinatorFrom: 'roles' });
    await holdRoles(['coordinator']);
  });

  after(async () => {
    await tab?.stop();
  });

  afterEach(() => {
    assert.deepEqual(tab.outside, [], 'the tab tried to reach something other than this machine');
  });

  async function holdRoles(roles: string[]): Promise<void> {
    await tab.bot.store.container('tenantData').items.upsert({
      id: `role-holder:${COORDINATOR.aadObjectId}`,
      type: 'role-holder',
      tenantId: TENANT,
      aadObjectId: COORDINATOR.aadObjectId,
      roles,
      updatedAt: '2026-11-25T09:00:00Z',
    });
  }

  it('downloads the report, explains a wrong quarter, and says why the server refused', async () => {
    const page = await tab.open('theme=default', '#report-quarter');
    assert.equal(await page.inputValue('#report-quarter'), '2026-Q4');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button[data-format="html"]'),
    ]);
    assert.equal(download.suggestedFilename(), 'raadsrapportage-ondermijning-2026-Q4.html');

    await page.fill('#report-quarter', '2026-Q5');
    await page.click('button[data-format="csv"]');
    assert.match((await page.textContent('#report-error')) ?? '', /jaar-Q1 tot en met jaar-Q4/);
    assert.equal(await page.getAttribute('#report-quarter', 'aria-invalid'), 'true');

    await holdRoles([]);
    await page.fill('#report-quarter', '2026-Q3');
    await page.click('button[data-format="csv"]');
    await page.locator('#report-error:not(:empty)').waitFor();
    assert.match(
      (await page.textContent('#report-error')) ?? '',
      /voor de regievoerders en de werkgroep/,
      'the server’s reason, not a generic failure',
    );
    await page.close();
  });
});
