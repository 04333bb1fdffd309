import type { QuarterlyReport } from '../domain/reports/quarterly-report';
import type { PublishedCount } from '../domain/reports/suppression';
import { type Language, t } from '../i18n/translate';

/** A published count as text: the number, "< 5", or "withheld" for a total that would reveal one. */
export function shown(count: PublishedCount, threshold: number, language: Language): string {
  if (count.value !== undefined) return String(count.value);
  return count.withheld === 'small' ? `< ${threshold}` : t(language, 'report.withheldTotal');
}

export function shownChange(change: number | undefined): string {
  if (change === undefined) return '–';
  return change > 0 ? `+${change}` : String(change);
}

export interface ReportTable {
  id: string;
  title: string;
  headers: string[];
  rows: string[][];
}

/** The report's figures as titled tables: one source for the HTML page and the CSV file. */
export function reportTables(report: QuarterlyReport, language: Language): ReportTable[] {
  const s = (count: PublishedCount) => shown(count, report.threshold, language);
  const tr = (key: string, vars: Record<string, string | number> = {}) => t(language, key, vars);
  /** A row of this quarter against the last: label, both counts, the change. */
  const trend = (label: string, now: PublishedCount, before: PublishedCount, change: number | undefined) => [
    label,
    s(now),
    s(before),
    shownChange(change),
  ];
  return [
    {
      id: 'signals',
      title: tr('report.signalsTitle'),
      headers: [tr('report.category'), report.quarter, report.previousQuarter, tr('report.change')],
      rows: [
        ...report.signals.rows.map((row) =>
          trend(tr(`category.${row.key}`), row.count, row.previous, row.change),
        ),
        trend(tr('report.total'), report.signals.total, report.signals.previousTotal, report.signals.change),
      ],
    },
    {
      id: 'lead-time',
      title: tr('report.leadTitle'),
      headers: [tr('report.figure'), tr('report.value')],
      rows: [
        [tr('report.leadClosed'), s(report.leadTime.closed)],
        [
          tr('report.leadMedian'),
          report.leadTime.medianDays === undefined
            ? tr('report.notShown')
            : String(report.leadTime.medianDays),
        ],
      ],
    },
    {
      id: 'feedback',
      title: tr('report.feedbackTitle'),
      headers: [tr('report.outcome'), tr('report.count')],
      rows: [
        [tr('tab.outcome.met'), s(report.feedback.met)],
        [tr('tab.outcome.missed'), s(report.feedback.missed)],
        [tr('tab.outcome.pending'), s(report.feedback.pending)],
        [tr('report.total'), s(report.feedback.total)],
      ],
    },
    {
      id: 'forwarded',
      title: tr('report.forwardedTitle'),
      headers: [tr('report.partner'), tr('report.count')],
      rows: [
        ...report.forwarded.rows.map((row) => [tr(`partner.${row.key}`), s(row.count)]),
        [tr('report.total'), s(report.forwarded.total)],
      ],
    },
    {
      id: 'actions',
      title: tr('report.actionsTitle'),
      headers: [tr('report.figure'), tr('report.value')],
      rows: [
        [tr('report.actionsAgreed'), s(report.actions.agreed)],
        [tr('report.actionsDone'), s(report.actions.done)],
        [tr('report.actionsMoved'), s(report.actions.moved)],
        [
          tr('report.actionsDaysMoved'),
          report.actions.daysMoved === undefined ? tr('report.notShown') : String(report.actions.daysMoved),
        ],
      ],
    },
    {
      id: 'cases',
      title: tr('report.casesTitle'),
      headers: [tr('report.figure'), report.quarter, report.previousQuarter, tr('report.change')],
      rows: [
        trend(
          tr('report.casesOpened'),
          report.cases.opened,
          report.cases.previousOpened,
          report.cases.openedChange,
        ),
        trend(
          tr('report.casesClosed'),
          report.cases.closed,
          report.cases.previousClosed,
          report.cases.closedChange,
        ),
      ],
    },
    {
      id: 'case-outcomes',
      title: tr('report.caseOutcomesTitle'),
      headers: [tr('report.outcome'), tr('report.count')],
      rows: [
        ...report.cases.outcomes.map((row) => [tr(`cases.outcomeLabel.${row.key}`), s(row.count)]),
        [tr('report.total'), s(report.cases.closed)],
      ],
    },
    {
      id: 'goals',
      title: tr('report.goalsTitle'),
      headers: [tr('report.goal'), tr('report.goalStatus'), tr('report.explanation')],
      rows: report.goals.map((goal) => [
        `${goal.number}. ${goal.title}`,
        goal.status ? tr(`herijking.status.${goal.status}`) : tr('report.noStatus'),
        goal.explanations.join(' | '),
      ]),
    },
  ];
}
