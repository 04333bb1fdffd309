import { LINES_OF_WORK, type LineOfWork } from '../bot/domain/playbook/lines-of-work';
import { type PlaybookField, type PlaybookText, workField } from '../bot/domain/playbook/playbook';
import { parseSafeText, type SafeRun } from '../bot/domain/playbook/safe-text';
import { type Language, t } from '../bot/i18n/translate';
import playbookExplainerTemplate from './playbook-explainer.json';
import { type AdaptiveCardJson, renderTemplate } from './render-template';

/** One line of a card: TextRuns only, so a coordinator's text is never read as markdown. */
interface CardLine {
  runs: { text: string; weight: 'Default' | 'Bolder' }[];
}

const asRuns = (runs: SafeRun[]) =>
  runs.map((run) => ({ text: run.text, weight: run.bold ? ('Bolder' as const) : ('Default' as const) }));

/** The formatting subset as card lines: a paragraph per line, a bullet per item. */
export function safeTextLines(text: string): CardLine[] {
  return parseSafeText(text).flatMap((block) =>
    block.kind === 'paragraph'
      ? [{ runs: asRuns(block.runs) }]
      : block.items.map((item) => ({ runs: [{ text: '•  ', weight: 'Default' as const }, ...asRuns(item)] })),
  );
}

export interface PlaybookExplainerData {
  texts: PlaybookText[];
  /** The person's line of work; without one the card offers the choice. */
  lineOfWork?: LineOfWork;
  /** The whole playbook (the tab), or '' when no link can be made. */
  link: string;
}

/** `uitleg` / `wat is ondermijning`: what it is, what to look for in one's own work, what not to do, who to call. */
export function renderPlaybookExplainer(language: Language, data: PlaybookExplainerData): AdaptiveCardJson {
  const text = (field: PlaybookField) => data.texts.find((item) => item.field === field)?.text ?? '';
  // The card is short: the first paragraph of the introduction; the rest is on the page.
  const intro = safeTextLines(text('intro')).slice(0, 1);
  const line = data.lineOfWork;
  return renderTemplate(playbookExplainerTemplate, language, {
    intro,
    hasLine: line !== undefined,
    lineHeading: line
      ? t(language, 'playbook.card.inYourWork', { line: t(language, `lineOfWork.${line}`) })
      : '',
    work: line ? safeTextLines(text(workField(line))) : [],
    lines: LINES_OF_WORK.map((id) => ({ id, title: t(language, `lineOfWork.${id}`) })),
    whatNotToDo: safeTextLines(text('whatNotToDo')),
    whoToCall: safeTextLines(text('whoToCall')),
    link: data.link,
  });
}
