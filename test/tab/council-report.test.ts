import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { seedRole, seedSignal } from '../helpers/figure-fixtures';
import { LocalEntra } from '../helpers/local-entra';
import { pdfText } from '../helpers/pdf-text';
import { person, TENANT, TestBot } from '../helpers/test-bot';

const COORDINATOR = person('Coco Regie');
const MEMBER = person('Wim Werkgroep');

/** What must never reach the council: who reported, who is involved, where, what was written. */
const PERSONAL = {
  reporterName: 'Marieke de Vries',
  involved: 'Piet Pietersen',
  location: 'Kerkstraat 12, Ommeren',
  description: 'Jan Jansen kweekt hennep in de schuur achter boerderij De Linde',
};
const FORBIDDEN = [
  'Marieke',
  'Pietersen',
  'Kerkstraat',
  'Ommeren',
  'Jan Jansen',
  'hennep',
  'De Linde',
  'OND-2026',
  COORDINATOR.aadObjectId,
];

describe("the council's quarterly report (/api/tab/report)", () => {
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
    await seedRole(bot.store, MEMBER.aadObjectId, ['werkgroep']);
    // 2026-Q3: six drugs signals (shown), three on holiday parks (a small cell: withheld).
    for (let day = 1; day <= 6; day += 1) {
      await seedSignal(bot.store, {
        category: 'drugs',
        createdAt: `2026-07-${String(day).padStart(2, '0')}T09:00:00Z`,
        feedbackAt: `2026-07-${String(day + 1).padStart(2, '0')}T09:00:00Z`,
        ...PERSONAL,
      });
    }
    for (let day = 1; day <= 3; day += 1) {
      await seedSignal(bot.store, {
        category: 'holiday-parks',
        createdAt: `2026-08-${String(day).padStart(2, '0')}T09:00:00Z`,
        ...PERSONAL,
      });
    }
    // 2026-Q2: five drugs signals, for the change since last quarter.
    for (let day = 1; day <= 5; day += 1) {
      await seedSignal(bot.store, {
        category: 'drugs',
        createdAt: `2026-05-${String(day).padStart(2, '0')}T09:00:00Z`,
      });
    }
  });
  afterEach(async () => {
    await bot.stop();
  });

  const fetchReport = async (file: string, who = COORDINATOR) => {
    const response = await fetch(`${bot.app.url}/api/tab/report/${file}`, {
      headers: { authorization: `Bearer ${await entra.token(who)}` },
    });
    const type = response.headers.get('content-type');
    if (file.endsWith('.pdf')) {
      const pdf = Buffer.from(await response.arrayBuffer());
      return { status: response.status, type, text: await pdfText(pdf), raw: pdf.toString('latin1') };
    }
    if (file.endsWith('.docx')) {
      // The document's text is in word/document.xml inside the zip.
      const zip = await JSZip.loadAsync(Buffer.from(await response.arrayBuffer()));
      const text = (await zip.file('word/document.xml')?.async('string')) ?? '';
      return { status: response.status, type, text };
    }
    return { status: response.status, type, text: await response.text() };
  };

  it('shows counts with the change since last quarter, and withholds a small cell and the total it would reveal', async () => {
    const { status, type, text } = await fetchReport('2026-Q3.html');
    assert.equal(status, 200);
    assert.match(type ?? '', /text\/html/);
    assert.match(text, /<html lang="nl">/);
    assert.match(text, /<title>Ondermijning: kwartaalrapportage 2026-Q3<\/title>/);
    assert.match(
      text,
      /<th scope="row">Drugs \(productie, handel, dumping van afval\)<\/th><td>6<\/td><td>5<\/td><td>\+1<\/td>/,
    );
    assert.match(text, /<th scope="row">Vakantieparken[^<]*<\/th><td>&#60; 5<\/td><td>0<\/td><td>–<\/td>/);
    // 6 + 3 = 9 would give the 3 back; the total is withheld.
    assert.match(text, /<th scope="row">Totaal<\/th><td>afgeschermd<\/td><td>5<\/td><td>–<\/td>/);
    assert.doesNotMatch(text, /<td>9<\/td>/);
  });

  it('gives every figure as CSV, withheld ones withheld', async () => {
    const { status, text } = await fetchReport('2026-Q3.csv');
    assert.equal(status, 200);
    const lines = text.replace(/^\uFEFF/, '').split('\r\n');
    assert.equal(lines[0], 'quarter,table,row,column,value');
    assert.ok(lines.includes('2026-Q3,signals,"Drugs (productie, handel, dumping van afval)",2026-Q3,6'));
    assert.ok(
      lines.some(
        (line) => line.startsWith('2026-Q3,signals,"Vakantieparken') && line.endsWith(',2026-Q3,< 5'),
      ),
    );
    assert.ok(lines.includes('2026-Q3,signals,Totaal,2026-Q3,afgeschermd'));
    assert.ok(!lines.some((line) => line.endsWith(',9')));
  });

  it('is an editable Word document with the same figures, withheld ones withheld', async () => {
    const { status, type, text } = await fetchReport('2026-Q3.docx');
    assert.equal(status, 200);
    assert.match(type ?? '', /wordprocessingml/);
    assert.match(text, /Ondermijning: kwartaalrapportage 2026-Q3/);
    assert.match(text, /w:tblHeader/);
    assert.match(text, /&lt; 5/);
    assert.match(text, /afgeschermd/);
  });

  it('is a tagged PDF/UA document with title, language, structure and embedded fonts, withheld counts withheld', async () => {
    const { status, type, text, raw } = await fetchReport('2026-Q3.pdf');
    assert.equal(status, 200);
    assert.equal(type, 'application/pdf');
    assert.match(raw ?? '', /\/Lang \(nl-NL\)/);
    assert.match(raw ?? '', /\/StructTreeRoot/);
    assert.match(raw ?? '', /\/Marked true/);
    assert.match(raw ?? '', /\/DisplayDocTitle true/);
    // PDF/UA: every font embedded (none of the standard 14), and the PDF/UA identifier.
    assert.match(raw ?? '', /\/FontFile2/);
    assert.doesNotMatch(raw ?? '', /\/BaseFont \/(Helvetica|Times|Courier)/);
    assert.match(raw ?? '', /<pdfuaid:part>1<\/pdfuaid:part>/);
    assert.match(text, /Ondermijning: kwartaalrapportage 2026-Q3/);
    assert.match(text, /Drugs \(productie, handel, dumping van afval\)\n6\n5\n\+1/);
    assert.match(text, /< 5/);
    assert.match(text, /afgeschermd/);
  });

  it('contains nothing personal: no names, addresses, phrases, references or ids', async () => {
    for (const file of ['2026-Q3.html', '2026-Q3.csv', '2026-Q3.pdf', '2026-Q3.docx']) {
      const { text } = await fetchReport(file);
      for (const forbidden of FORBIDDEN)
        assert.ok(!text.includes(forbidden), `${file} contains "${forbidden}"`);
    }
  });

  it('is for coordinators and admins, audited, and explains a wrong quarter', async () => {
    assert.equal((await fetchReport('2026-Q3.html', MEMBER)).status, 403);
    const wrong = await fetchReport('2026-Q5.csv');
    assert.equal(wrong.status, 400);
    assert.match(wrong.text, /bijvoorbeeld 2026-Q3/);
    assert.equal((await fetchReport('2026-Q3.csv')).status, 200);
    const audited = await bot.storedDocuments('audit', 'audit');
    assert.ok(
      audited.some(
        (event: { action: string; subjectId: string; tenantId: string }) =>
          event.action === 'report.generated' && event.subjectId === '2026-Q3' && event.tenantId === TENANT,
      ),
    );
  });
});
