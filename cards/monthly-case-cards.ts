import { type Language, t } from '../bot/i18n/translate';
import monthlyCaseTemplate from './monthly-case.json';
import { safeTextLines } from './playbook-cards';
import { type AdaptiveCardJson, renderTemplate } from './render-template';

export interface MonthlyCaseCardData {
  month: string;
  caseText: string;
  caseLine?: string;
  lookForLine?: string;
  lookFor?: string;
  /** The werkgroep channel: no personal part, no opt-out hint. */
  isChannel: boolean;
  link: string;
}

function monthName(month: string, language: Language): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'nl-NL', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, number - 1, 1)));
}

/** The case of the month: the example, what to look for in one's own work, and the meld button. */
export function renderMonthlyCase(language: Language, data: MonthlyCaseCardData): AdaptiveCardJson {
  const lineName = (line: string | undefined) => (line ? t(language, `lineOfWork.${line}`) : '');
  const hasLookFor = !data.isChannel && !!data.lookForLine && !!data.lookFor;
  return renderTemplate(monthlyCaseTemplate, language, {
    title: t(language, 'monthlyCase.title', { month: monthName(data.month, language) }),
    caseIntro: data.caseLine
      ? t(language, 'monthlyCase.fromLine', { line: lineName(data.caseLine) })
      : t(language, 'monthlyCase.fromCoordinators'),
    caseLines: safeTextLines(data.caseText),
    hasLookFor,
    lookForHeading: t(language, 'monthlyCase.lookFor', { line: lineName(data.lookForLine) }),
    lookForLines: hasLookFor ? safeTextLines(data.lookFor ?? '') : [],
    chooseLine: !data.isChannel && !hasLookFor,
    isPerson: !data.isChannel,
    link: data.link,
  });
}
