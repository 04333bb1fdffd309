import type { QuarterlyReport } from '../domain/reports/quarterly-report';
import { type Language, t } from '../i18n/translate';
import { reportTables } from './report-rows';

/**
 * The report as an editable Word document the griffie can paste into a raadsinformatiebrief:
 * real headings and tables with a repeated header row, so its structure survives the paste.
 */
export async function renderReportDocx(report: QuarterlyReport, language: Language): Promise<Buffer> {
  // Loaded on first use: docx is not needed to start the bot.
  const { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } =
    await import('docx');
  const tr = (key: string, vars: Record<string, string | number> = {}) => t(language, key, vars);
  const languageTag = language === 'en' ? 'en-GB' : 'nl-NL';
  const text = (value: string, bold = false) =>
    new TextRun({ text: value, bold, language: { value: languageTag } });
  const title = tr('report.title', { quarter: report.quarter });
  const children: (InstanceType<typeof Paragraph> | InstanceType<typeof Table>)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [text(title)] }),
    new Paragraph({ children: [text(tr('report.intro', { quarter: report.quarter }))] }),
    new Paragraph({ children: [text(tr('report.suppressionNote', { threshold: report.threshold }))] }),
    new Paragraph({ children: [text(tr('report.generatedOn', { date: report.generatedOn }))] }),
  ];
  for (const table of reportTables(report, language)) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [text(table.title)] }));
    if (table.rows.length === 0) {
      children.push(new Paragraph({ children: [text(tr('report.noRound'))] }));
      continue;
    }
    children.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({
            tableHeader: true,
            children: table.headers.map(
              (header) => new TableCell({ children: [new Paragraph({ children: [text(header, true)] })] }),
            ),
          }),
          ...table.rows.map(
            (row) =>
              new TableRow({
                children: row.map(
                  (cell, i) =>
                    new TableCell({ children: [new Paragraph({ children: [text(cell, i === 0)] })] }),
                ),
              }),
          ),
        ],
      }),
    );
  }
  const document = new Document({ title, creator: 'Daadkracht', sections: [{ children }] });
  return Packer.toBuffer(document);
}
