import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { seedCase } from '../helpers/figure-fixtures';
import { LocalEntra } from '../helpers/local-entra';
import { pdfText } from '../helpers/pdf-text';
import { OTHER_TENANT, person, TestBot } from '../helpers/test-bot';

const COORDINATOR = person('Coco Regie');

/** What a case holds that must never reach the council: its title, its decisions, its reference. */
const TITLE = 'Zaak Pietersen Kerkstraat';
const DECISION = 'Bibob-onderzoek naar Pietersen; RIEC levert beeld';
const FORBIDDEN = ['Pietersen', 'Kerkstraat', 'Bibob-onderzoek', 'CAS-2026'];

/**
 * Cases in the figures, seeded as stored documents through the real Cosmos server:
 * - 2026-Q1: one case opened and closed (no further action);
 * - 2026-Q2: seven cases opened, closed in Q3: five with an administrative measure, two tax;
 * - 2026-Q3: six cases opened, still open;
 * - another municipality's case in Q3, which must not count anywhere.
 */
describe('cases in the dashboard and the council report', () => {
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
    await seedCase(bot.store, {
      createdAt: '2026-01-10T09:00:00Z',
      closedAt: '2026-03-10T09:00:00Z',
      outcome: 'no-further-action',
    });
    for (let day = 1; day <= 7; day += 1) {
      await seedCase(bot.store, {
        createdAt: `2026-05-0${day}T09:00:00Z`,
        closedAt: day <= 5 ? `2026-08-0${day}T09:00:00Z` : `2026-09-0${day}T09:00:00Z`,
        outcome: day <= 5 ? 'administrative-measure' : 'tax',
        title: TITLE,
        decision: DECISION,
      });
    }
    for (let day = 1; day <= 6; day += 1) {
      await seedCase(bot.store, { createdAt: `2026-07-0${day}T09:00:00Z`, title: TITLE, decision: DECISION });
    }
    await seedCase(bot.store, { createdAt: '2026-07-15T09:00:00Z', tenantId: OTHER_TENANT });
  });
  afterEach(async () => {
    await bot.stop();
  });

  const fetchText = async (path: string) => {
    const response = await fetch(`${bot.app.url}${path}`, {
      headers: { authorization: `Bearer ${await entra.token(COORDINATOR)}` },
    });
    assert.equal(response.status, 200, path);
    if (path.endsWith('.pdf')) return pdfText(Buffer.from(await response.arrayBuffer()));
    if (path.endsWith('.docx')) {
      const zip = await JSZip.loadAsync(Buffer.from(await response.arrayBuffer()));
      return (await zip.file('word/document.xml')?.async('string')) ?? '';
    }
    return response.text();
  };

  it('shows open cases, opened and closed per quarter and their outcomes on the dashboard', async () => {
    const { figures } = JSON.parse(await fetchText('/api/tab/dashboard'));
    assert.equal(figures.cases.open, 6, "six open; the other tenant's case is not counted");
    assert.deepEqual(figures.cases.perQuarter, [
      { quarter: '2026-Q1', opened: 1, closed: 1 },
      { quarter: '2026-Q2', opened: 7, closed: 0 },
      { quarter: '2026-Q3', opened: 6, closed: 7 },
      { quarter: '2026-Q4', opened: 0, closed: 0 },
    ]);
    const outcomes = Object.fromEntries(
      figures.cases.outcomes.map((row: { outcome: string; count: number }) => [row.outcome, row.count]),
    );
    assert.deepEqual(outcomes, {
      'administrative-measure': 5,
      'criminal-proceedings': 0,
      tax: 2,
      'no-further-action': 1,
      transferred: 0,
    });
  });

  it('counts cases in the report, withholding a small outcome and the closed total it would reveal', async () => {
    const html = await fetchText('/api/tab/report/2026-Q3.html');
    assert.match(html, /<th scope="row">Casussen geopend<\/th><td>6<\/td><td>7<\/td><td>-1<\/td>/);
    // 5 + 2 = 7 closed would give the withheld 2 back: the closed count is withheld with it.
    assert.match(html, /<th scope="row">Casussen gesloten<\/th><td>afgeschermd<\/td><td>0<\/td><td>–<\/td>/);
    assert.match(html, /<th scope="row">Bestuurlijke maatregel<\/th><td>5<\/td>/);
    assert.match(html, /<th scope="row">Fiscaal traject<\/th><td>&#60; 5<\/td>/);
    assert.doesNotMatch(html, /<td>7<\/td><td>0<\/td>/, 'the closed total is not shown');

    const csv = (await fetchText('/api/tab/report/2026-Q3.csv')).split('\r\n');
    assert.ok(csv.includes('2026-Q3,cases,Casussen geopend,2026-Q3,6'));
    assert.ok(csv.includes('2026-Q3,cases,Casussen gesloten,2026-Q3,afgeschermd'));
    assert.ok(csv.includes('2026-Q3,case-outcomes,Fiscaal traject,Aantal,< 5'));
  });

  it('never puts a case title, decision or reference in any format', async () => {
    for (const file of ['2026-Q3.html', '2026-Q3.csv', '2026-Q3.pdf', '2026-Q3.docx']) {
      const text = await fetchText(`/api/tab/report/${file}`);
      assert.match(text, /Casussen geopend/, `${file} has the case figures`);
      for (const forbidden of FORBIDDEN)
        assert.ok(!text.includes(forbidden), `${file} contains "${forbidden}"`);
    }
  });
});
