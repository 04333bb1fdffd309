import { type Language, t } from '../bot/i18n/translate';
import councilReportTemplate from './council-report.json';
import { type AdaptiveCardJson, renderTemplate } from './render-template';

/** `rapport 2026-Q3`: the council's report is ready, with links to the page and the figures. */
export function renderCouncilReport(
  language: Language,
  data: { quarter: string; htmlUrl: string; csvUrl: string; days: number },
): AdaptiveCardJson {
  return renderTemplate(councilReportTemplate, language, {
    heading: t(language, 'report.cardTitle', { quarter: data.quarter }),
    text: t(language, 'report.cardText', { days: data.days }),
    htmlUrl: data.htmlUrl,
    csvUrl: data.csvUrl,
  });
}
