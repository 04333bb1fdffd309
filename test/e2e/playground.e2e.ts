import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { freePort, NpmStart } from '../helpers/npm-start';
import { removeTestBundle } from '../helpers/test-bundle';
import { CHROMIUM, ChromiumMissing, launchOfflineChromium, type OfflineBrowser } from './browser';
import { CardShots, collectCards } from './card-shots';

// Without a browser there is nothing to test: say what to install, not a stack trace.
if (!existsSync(CHROMIUM)) {
  process.stderr.write(`\n${new ChromiumMissing().message}\n\n`);
  process.exit(1);
}

/** Where a reviewer finds the screenshots of every card (git-ignored). */
const OUTPUT = resolve(__dirname, '../../test-output/e2e');
const REFERENCE = /OND-\d{4}-\d{4}/;
/**
 * Receipt codes use letters and digits that cannot be mistaken for each other (no 0, O, 1, I), so a
 * reference such as OND-2026-0001 never looks like one. No word boundaries: a card's text content
 * runs labels and values together.
 */
const RECEIPT_CODE = /[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}/;

/**
 * The smoke test a person would do: `npm start`, open the Agents Playground, report a signal through
 * the form, and as the coordinator (the Playground user is both) find it with `open`, pick it up and
 * close it. Inputs and buttons are found by their visible labels, cards by what they show.
 */
describe('end to end: npm start and the Agents Playground in Chromium', function () {
  this.timeout(150_000);
  let dataDir: string;
  let started: NpmStart | undefined;
  let browser: OfflineBrowser | undefined;
  let page: Page;
  let shots: CardShots;
  let reference = '';

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'daadkracht-e2e-data-'));
    browser = await launchOfflineChromium({ width: 1280, height: 2400 });
    started = await NpmStart.start({
      PORT: String(await freePort()),
      PLAYGROUND_PORT: String(await freePort()),
      LOCAL_DATA_DIR: dataDir,
    });
    page = await browser.context.newPage();
    shots = new CardShots(browser.context, collectCards(page), OUTPUT);
    await rm(OUTPUT, { recursive: true, force: true });
    await page.goto(started.playgroundUrl);
    await composer().waitFor({ timeout: 30_000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      const path = join(OUTPUT, 'failure.png');
      await page.screenshot({ path, fullPage: true }).catch(() => undefined);
      process.stdout.write(`\n  The Playground at the failure: ${path}\n`);
    }
  });

  after(async () => {
    await browser?.close();
    await started?.kill();
    await rm(dataDir, { recursive: true, force: true });
    await removeTestBundle();
    if (shots?.files.length) {
      process.stdout.write(`\n  Screenshots of each card (light and dark): ${OUTPUT}\n`);
    }
  });

  const composer = () => page.locator('[contenteditable="true"][role="textbox"]');

  async function say(text: string): Promise<void> {
    await composer().click();
    await composer().fill(text);
    await composer().press('Enter');
  }

  /** The newest card that shows the text; waits for it to arrive. */
  async function cardShowing(text: RegExp, timeout = 15_000): Promise<Locator> {
    const card = page.locator('.ac-adaptiveCard').filter({ hasText: text }).last();
    await card.waitFor({ timeout });
    return card;
  }

  async function choose(card: Locator, label: RegExp, option: RegExp): Promise<void> {
    await card.getByRole('combobox', { name: label }).click();
    await page.getByRole('option', { name: option }).first().click();
  }

  it('lets a person report a signal through the form and shows the receipt with a reference', async () => {
    await say('meld');
    const form = await cardShowing(/Versturen|Verstuur/i);
    await shots.take('report-form', form, /categoryLabel|"id":"category"|"category"/);

    await choose(form, /soort/i, /.+/);
    await form.getByRole('textbox', { name: /waar/i }).fill('Recreatiepark De Eik, chalet 12');
    await form
      .getByRole('textbox', { name: /gezien|gehoord/i })
      .fill('Elke nacht busjes met wisselende kentekens bij een chalet dat leeg zou staan.');
    await form.getByRole('button', { name: /Versturen|Verstuur/i }).click();

    // The receipt (it replaces the form) is the card with both a reference and a receipt code; the
    // coordinator's notice, arriving at about the same time, has only the reference.
    const receipt = await cardShowing(
      new RegExp(`(?=[\\s\\S]*${REFERENCE.source})(?=[\\s\\S]*${RECEIPT_CODE.source})`),
    );
    const text = (await receipt.textContent()) ?? '';
    reference = REFERENCE.exec(text)?.[0] ?? '';
    assert.match(reference, REFERENCE, 'the receipt shows the reference');
    assert.match(text, RECEIPT_CODE, 'the receipt shows a receipt code');
    await shots.take('receipt', receipt, new RegExp(`(?=.*${reference})(?=.*${RECEIPT_CODE.source})`, 's'));
  });

  it('brings the coordinator a notice of the new signal, without the reporter or the details', async () => {
    const notice = await cardShowing(
      new RegExp(`${reference}[\\s\\S]*Bekijken|Bekijken[\\s\\S]*${reference}`, 'i'),
    );
    const text = (await notice.textContent()) ?? '';
    assert.doesNotMatch(text, /Alex Wilber|busjes|chalet/, 'no reporter and no details in the notice');
    await shots.take('coordinator-notice', notice, new RegExp(`(?=.*${reference})(?=.*Bekijken)`, 's'));
  });

  it('lets the coordinator find it with open, pick it up and close it', async () => {
    await say('open');
    const open = await cardShowing(/Open meldingen|Open signals/i);
    assert.match((await open.textContent()) ?? '', new RegExp(reference), '`open` lists the new signal');
    await shots.take('open', open, /Open meldingen|Open signals/);

    await say(`signaal ${reference}`);
    let signal = await cardShowing(/Oppakken/i);
    assert.match((await signal.textContent()) ?? '', new RegExp(reference));
    await shots.take('signal', signal, new RegExp(`(?=.*${reference})(?=.*Oppakken)`, 's'));

    await signal.getByRole('button', { name: /Oppakken/i }).click();
    signal = await cardShowing(
      new RegExp(`${reference}[\\s\\S]*In behandeling|In behandeling[\\s\\S]*${reference}`, 'i'),
    );
    await shots.take('signal-picked-up', signal, new RegExp(`(?=.*${reference})(?=.*In behandeling)`, 's'));

    // The close panel sits behind a show-card button; open it, pick a reason that needs no second
    // coordinator, and close.
    const reason = signal.getByRole('combobox', { name: /reden/i });
    for (const toggle of await signal.getByRole('button', { name: /afsluiten/i }).all()) {
      if (await reason.isVisible()) break;
      await toggle.click();
    }
    await choose(signal, /reden/i, /onvoldoende informatie/i);
    await shots.take(
      'close-panel',
      signal,
      new RegExp(`(?=.*${reference})(?=.*Onvoldoende informatie)`, 's'),
    );
    await signal
      .getByRole('button', { name: /^afsluiten$/i })
      .last()
      .click();

    const closed = await cardShowing(
      new RegExp(`${reference}[\\s\\S]*Afgesloten|Afgesloten[\\s\\S]*${reference}`),
    );
    assert.match((await closed.textContent()) ?? '', /Onvoldoende informatie/i, 'the closed card says why');
    await shots.take('signal-closed', closed, new RegExp(`(?=.*${reference})(?=.*Afgesloten)`, 's'));
  });
});
