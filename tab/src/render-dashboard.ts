import type { Dashboard } from '../../bot/domain/figures/dashboard';
import { barChart } from './charts';
import { dataTable, el } from './dom';
import type { Translate } from './strings';

function section(id: string, title: string, children: (Node | undefined)[]): HTMLElement {
  return el('section', { 'aria-labelledby': `${id}-title`, id }, [
    el('h2', { id: `${id}-title` }, [title]),
    ...children,
  ]);
}

/** A chart and its table side by side (stacked on narrow screens): the same figures twice. */
function chartWithTable(
  id: string,
  title: string,
  t: Translate,
  labels: string[],
  headers: string[],
  columns: { values: number[]; colour: string }[],
): HTMLElement {
  const rows = labels.map((label, i) => [label, ...columns.map((column) => column.values[i] ?? 0)]);
  return section(id, title, [
    el('div', { class: 'pair' }, [
      barChart(
        labels,
        columns.map((column, i) => ({
          label: headers[i + 1] ?? '',
          values: column.values,
          colour: column.colour,
        })),
        `${title}. ${t('tab.chartNote')}`,
        labels.length > 6,
      ),
      dataTable(title, headers, rows, `${id}-table`),
    ]),
  ]);
}

function monthLabel(month: string, language: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'nl-NL', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, number - 1, 1)));
}

/** The whole dashboard for one person's figures. */
export function renderDashboard(figures: Dashboard, t: Translate, language: string): HTMLElement[] {
  const count = t('tab.column.count');
  const parts: HTMLElement[] = [
    chartWithTable(
      'by-status',
      t('tab.section.byStatus'),
      t,
      figures.signalsByStatus.map((row) => t(`status.${row.status}`)),
      [t('tab.column.status'), count],
      [{ values: figures.signalsByStatus.map((row) => row.count), colour: '--chart-1' }],
    ),
    chartWithTable(
      'by-category',
      t('tab.section.byCategory'),
      t,
      figures.signalsByCategory.map((row) => t(`category.${row.category}`)),
      [t('tab.column.category'), count],
      [{ values: figures.signalsByCategory.map((row) => row.count), colour: '--chart-2' }],
    ),
    chartWithTable(
      'per-month',
      t('tab.section.perMonth'),
      t,
      figures.newPerMonth.map((row) => monthLabel(row.month, language)),
      [t('tab.column.month'), count],
      [{ values: figures.newPerMonth.map((row) => row.count), colour: '--chart-1' }],
    ),
    chartWithTable(
      'open-age',
      t('tab.section.openAge'),
      t,
      figures.openAge.map((row) => t(`tab.age.${row.bucket}`)),
      [t('tab.column.age'), count],
      [{ values: figures.openAge.map((row) => row.count), colour: '--chart-3' }],
    ),
    chartWithTable(
      'feedback',
      t('tab.section.feedback'),
      t,
      (['met', 'missed', 'pending'] as const).map((key) => t(`tab.outcome.${key}`)),
      [t('tab.column.outcome'), count],
      [
        {
          values: [figures.feedback.met, figures.feedback.missed, figures.feedback.pending],
          colour: '--chart-2',
        },
      ],
    ),
    chartWithTable(
      'forwarded',
      t('tab.section.forwarded'),
      t,
      figures.forwarded.map((row) => t(`partner.${row.partner}`)),
      [t('tab.column.partner'), count],
      [{ values: figures.forwarded.map((row) => row.count), colour: '--chart-3' }],
    ),
    ...renderCases(figures, t),
    renderActions(figures, t),
    renderGoals(figures, t),
    chartWithTable(
      'response',
      t('tab.section.response'),
      t,
      figures.responseRates.map((row) => row.quarter),
      [t('tab.column.quarter'), t('tab.column.invited'), t('tab.column.answered')],
      [
        { values: figures.responseRates.map((row) => row.invited), colour: '--chart-1' },
        { values: figures.responseRates.map((row) => row.answered), colour: '--chart-2' },
      ],
    ),
  ];
  return parts;
}

/** Cases of the casustafel: open now, opened and closed per quarter, and their outcomes. */
function renderCases(figures: Dashboard, t: Translate): HTMLElement[] {
  const { cases } = figures;
  const perQuarter = chartWithTable(
    'cases',
    t('tab.section.casesPerQuarter'),
    t,
    cases.perQuarter.map((row) => row.quarter),
    [t('tab.column.quarter'), t('tab.column.opened'), t('tab.column.closed')],
    [
      { values: cases.perQuarter.map((row) => row.opened), colour: '--chart-1' },
      { values: cases.perQuarter.map((row) => row.closed), colour: '--chart-2' },
    ],
  );
  perQuarter.insertBefore(
    el('p', { id: 'case-totals' }, [t('tab.caseTotals', { open: cases.open })]),
    perQuarter.children[1] ?? null,
  );
  const outcomes = chartWithTable(
    'case-outcomes',
    t('tab.section.caseOutcomes'),
    t,
    cases.outcomes.map((row) => t(`cases.outcomeLabel.${row.outcome}`)),
    [t('tab.column.outcome'), t('tab.column.count')],
    [{ values: cases.outcomes.map((row) => row.count), colour: '--chart-3' }],
  );
  return [perQuarter, outcomes];
}

function renderActions(figures: Dashboard, t: Translate): HTMLElement {
  const { actions } = figures;
  const children: (Node | undefined)[] = [
    el('p', { id: 'action-totals' }, [
      t('tab.actionTotals', { open: actions.open, overdue: actions.overdue }),
    ]),
    el('p', {}, [t('tab.slippage', { moved: actions.slippage.moved, days: actions.slippage.totalDays })]),
  ];
  if (actions.byOwner) {
    const title = t('tab.section.actionsByOwner');
    children.push(
      el('h3', {}, [title]),
      el('div', { class: 'pair' }, [
        barChart(
          actions.byOwner.map((row) => row.ownerName),
          [
            {
              label: t('tab.column.open'),
              values: actions.byOwner.map((row) => row.open),
              colour: '--chart-1',
            },
            {
              label: t('tab.column.overdue'),
              values: actions.byOwner.map((row) => row.overdue),
              colour: '--chart-4',
            },
          ],
          `${title}. ${t('tab.chartNote')}`,
          true,
        ),
        dataTable(
          title,
          [t('tab.column.owner'), t('tab.column.open'), t('tab.column.overdue'), t('tab.column.slipped')],
          actions.byOwner.map((row) => [row.ownerName, row.open, row.overdue, row.slipped]),
          'actions-by-owner-table',
        ),
      ]),
    );
  }
  children.push(el('h3', {}, [t('tab.section.myActions')]));
  children.push(
    actions.mine.length === 0
      ? el('p', {}, [t('tab.noMyActions')])
      : dataTable(
          t('tab.section.myActions'),
          [t('tab.column.action'), t('tab.column.due')],
          actions.mine.map((action) => [
            action.title,
            action.overdue ? `${action.dueOn} (${t('tab.overdue')})` : action.dueOn,
          ]),
          'my-actions-table',
        ),
  );
  return section('actions', t('tab.section.actions'), children);
}

function renderGoals(figures: Dashboard, t: Translate): HTMLElement {
  const title = t('tab.section.goals');
  if (figures.goals.length === 0) return section('goals', title, [el('p', {}, [t('tab.noRounds')])]);
  const quarters = [...new Set(figures.goals.flatMap((goal) => goal.quarters.map((q) => q.quarter)))].sort();
  const table = el('table', { id: 'goals-table' }, [
    el('caption', {}, [title]),
    el('thead', {}, [
      el('tr', {}, [
        el('th', { scope: 'col' }, [t('tab.column.goal')]),
        ...quarters.map((quarter) => el('th', { scope: 'col' }, [quarter])),
      ]),
    ]),
    el(
      'tbody',
      {},
      figures.goals.map((goal) =>
        el('tr', {}, [
          el('th', { scope: 'row' }, [`${goal.number}. ${goal.title}`]),
          ...quarters.map((quarter) => {
            const cell = goal.quarters.find((q) => q.quarter === quarter);
            if (!cell?.prevailing) return el('td', {}, ['–']);
            // The explanations are one click away: a native disclosure, keyboard and reader friendly.
            return el('td', { class: `goal-status status-${cell.prevailing}` }, [
              el('span', { class: 'status-label' }, [t(`herijking.status.${cell.prevailing}`)]),
              el('details', {}, [
                el('summary', {}, [t('tab.explanations', { quarter })]),
                cell.explanations.length === 0
                  ? el('p', {}, [t('tab.noExplanations')])
                  : el(
                      'ul',
                      {},
                      cell.explanations.map((item) =>
                        el('li', {}, [
                          el('strong', {}, [`${t(`herijking.status.${item.status}`)}: `]),
                          item.text,
                        ]),
                      ),
                    ),
              ]),
            ]);
          }),
        ]),
      ),
    ),
  ]);
  return section('goals', title, [el('div', { class: 'table-wrap' }, [table])]);
}
