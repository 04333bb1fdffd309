import type { QuarterlyReport } from '../domain/reports/quarterly-report';
import type { Language } from '../i18n/translate';
import { reportTables } from './report-rows';

/** One CSV field; quoted when needed, and a leading = + - @ neutralised so spreadsheets do not run it. */
function field(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^[-+]\d/.test(value) ? `'${value}` : value;
  return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Every figure of the report as open data: one row per figure, with the table it belongs to,
 * the row and column it is in, and the value as published (withheld counts stay withheld).
 */
export function renderReportCsv(report: QuarterlyReport, language: Language): string {
  const lines = [['quarter', 'table', 'row', 'column', 'value'].join(',')];
  for (const table of reportTables(report, language)) {
    for (const row of table.rows) {
      row.slice(1).forEach((value, i) => {
        lines.push(
          [report.quarter, table.id, row[0] ?? '', table.headers[i + 1] ?? '', value].map(field).join(','),
        );
      });
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
