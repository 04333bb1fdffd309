import type { QuarterlyReport } from '../domain/reports/quarterly-report';
import { type Language, t } from '../i18n/translate';
import { reportTables } from './report-rows';

const MARGIN = 50;

// PDF/UA forbids the 14 standard fonts (they are not embedded, so a reader may substitute glyphs
// and lose the text's meaning). Noto Sans ships with the bot and covers Latin (Dutch, Polish,
// Turkish names in a goal's explanation), Greek and Cyrillic; pdfkit embeds only the glyphs used.
const fontFile = (weight: string) =>
  require.resolve(`@expo-google-fonts/noto-sans/${weight}/NotoSans_${weight}.ttf`);
const BODY = 'NotoSans-Regular';
const BOLD = 'NotoSans-Bold';

/**
 * The report as a tagged PDF: title (shown as the window title), document language, and a
 * structure tree of headings, paragraphs and tables with header cells, so a screen reader reads
 * it in order and a Woo publication keeps its meaning; embedded fonts and the PDF/UA identifier.
 */
export async function renderReportPdf(report: QuarterlyReport, language: Language): Promise<Buffer> {
  // Loaded on first use: pdfkit (and its font tables) are not needed to start the bot.
  const { default: PDFDocument } = await import('pdfkit');
  const tr = (key: string, vars: Record<string, string | number> = {}) => t(language, key, vars);
  const title = tr('report.title', { quarter: report.quarter });
  const doc = new PDFDocument({
    tagged: true,
    displayTitle: true,
    lang: language === 'en' ? 'en-GB' : 'nl-NL',
    pdfVersion: '1.7',
    // pdfkit writes the PDF/UA identifier; @types/pdfkit only lists the PDF/A subsets.
    subset: 'PDF/UA' as PDFKit.Mixins.PDFSubsets,
    margin: MARGIN,
    info: { Title: title, Author: 'Daadkracht', Subject: title },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.registerFont(BODY, fontFile('400Regular'));
  doc.registerFont(BOLD, fontFile('700Bold'));
  const root = doc.struct('Document');
  doc.addStructure(root);
  const paragraph = (text: string) =>
    root.add(doc.struct('P', {}, () => doc.font(BODY).fontSize(10).text(text, MARGIN, doc.y).moveDown(0.5)));
  root.add(doc.struct('H1', {}, () => doc.font(BOLD).fontSize(16).text(title).moveDown(0.5)));
  paragraph(tr('report.intro', { quarter: report.quarter }));
  paragraph(tr('report.suppressionNote', { threshold: report.threshold }));
  paragraph(tr('report.generatedOn', { date: report.generatedOn }));

  const width = doc.page.width - 2 * MARGIN;
  for (const table of reportTables(report, language)) {
    if (doc.y > doc.page.height - 150) doc.addPage();
    root.add(
      doc.struct('H2', {}, () => doc.font(BOLD).fontSize(12).text(table.title, MARGIN, doc.y).moveDown(0.3)),
    );
    if (table.rows.length === 0) {
      paragraph(tr('report.noRound'));
      continue;
    }
    const element = doc.struct('Table');
    root.add(element);
    const first = table.headers.length > 2 ? 0.4 : 0.6;
    const rest = (1 - first) / (table.headers.length - 1);
    const columns = table.headers.map((_, i) => width * (i === 0 ? first : rest));
    const drawRow = (cells: string[], header: boolean) => {
      doc.font(header ? BOLD : BODY).fontSize(9);
      const heights = cells.map((cell, i) => doc.heightOfString(cell, { width: (columns[i] ?? 0) - 6 }));
      const height = Math.max(...heights) + 6;
      if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
      const top = doc.y;
      const row = doc.struct('TR');
      element.add(row);
      let x = MARGIN;
      cells.forEach((cell, i) => {
        const cellWidth = columns[i] ?? 0;
        const left = x;
        row.add(
          doc.struct(header || i === 0 ? 'TH' : 'TD', {}, () => {
            doc.text(cell, left + 3, top + 3, { width: cellWidth - 6 });
          }),
        );
        x += cellWidth;
      });
      // Ruling between rows is decoration, outside the structure tree.
      doc.markContent('Artifact', { type: 'Layout' });
      doc
        .moveTo(MARGIN, top + height)
        .lineTo(MARGIN + width, top + height)
        .lineWidth(0.5)
        .strokeColor('#767676')
        .stroke();
      doc.endMarkedContent();
      doc.y = top + height;
      row.end();
    };
    drawRow(table.headers, true);
    for (const cells of table.rows) drawRow(cells, false);
    element.end();
    doc.x = MARGIN;
    doc.moveDown(1);
  }
  root.end();
  doc.end();
  return done;
}
