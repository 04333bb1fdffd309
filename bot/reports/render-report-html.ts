import type { QuarterlyReport } from '../domain/reports/quarterly-report';
import { type Language, t } from '../i18n/translate';
import { reportTables } from './report-rows';

const htmlText = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * The report as one accessible HTML page (language, title, headings, captioned tables with
 * header cells), styled inline so it can be published or mailed as a single file.
 */
export function renderReportHtml(report: QuarterlyReport, language: Language): string {
  const tr = (key: string, vars: Record<string, string | number> = {}) => htmlText(t(language, key, vars));
  const tables = reportTables(report, language)
    .map(
      (table) => `<section aria-labelledby="${table.id}">
<h2 id="${table.id}">${htmlText(table.title)}</h2>
${
  table.rows.length === 0
    ? `<p>${tr('report.noRound')}</p>`
    : `<table>
<caption>${htmlText(table.title)}</caption>
<thead><tr>${table.headers.map((header) => `<th scope="col">${htmlText(header)}</th>`).join('')}</tr></thead>
<tbody>
${table.rows
  .map(
    (row) =>
      `<tr>${row.map((cell, i) => (i === 0 ? `<th scope="row">${htmlText(cell)}</th>` : `<td>${htmlText(cell)}</td>`)).join('')}</tr>`,
  )
  .join('\n')}
</tbody>
</table>`
}
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${tr('report.title', { quarter: report.quarter })}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}
table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}
th,td{border:1px solid #767676;padding:.3rem .5rem;text-align:left;vertical-align:top}
caption{text-align:left;font-weight:600}
</style>
</head>
<body>
<main>
<h1>${tr('report.title', { quarter: report.quarter })}</h1>
<p>${tr('report.intro', { quarter: report.quarter })}</p>
<p>${tr('report.suppressionNote', { threshold: report.threshold })}</p>
<p>${tr('report.generatedOn', { date: report.generatedOn })}</p>
${tables}
</main>
</body>
</html>
`;
}
