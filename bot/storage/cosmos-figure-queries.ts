import type { Container, SqlParameter } from '@azure/cosmos';
import type { ActionFacts, FigureQueries, RoundFacts, SignalFacts } from '../domain/figures/figure-queries';
import type { HerijkingAnswer, HerijkingRound } from '../domain/herijking/round';
import type { Signal, SignalAction } from '../domain/signals/signal';
import type { WerkgroepAction } from '../domain/werkgroep/werkgroep';

/** The history steps after which the reporter hears from us (see act-on-signal's reporterNews). */
const FEEDBACK_ACTIONS: SignalAction[] = [
  'picked-up',
  'question-asked',
  'forwarded',
  'linked-to-case',
  'closed',
];

type SignalRow = Pick<Signal, 'createdAt' | 'category' | 'status' | 'forwarded' | 'history'>;

/**
 * The figures' queries over the tenant partition. Counts are COUNT queries on indexed fields;
 * lists are bounded by a period or by "not closed", so their cost follows the period shown,
 * not the years of history behind it. Rows are reduced to facts here: no text leaves storage.
 */
export class CosmosFigureQueries implements FigureQueries {
  constructor(private readonly container: Container) {}

  async countSignals(
    tenantId: string,
    filter: { status?: Signal['status']; category?: Signal['category'] },
  ): Promise<number> {
    const [count] = await this.query<number>(
      tenantId,
      `SELECT VALUE COUNT(1) FROM c WHERE c.tenantId = @tenantId AND c.type = "signal"${
        filter.status ? ' AND c.status = @status' : ''
      }${filter.category ? ' AND c.category = @category' : ''}`,
      [
        ...(filter.status ? [{ name: '@status', value: filter.status }] : []),
        ...(filter.category ? [{ name: '@category', value: filter.category }] : []),
      ],
    );
    return count ?? 0;
  }

  async signalsCreatedBetween(tenantId: string, fromIso: string, toIso: string): Promise<SignalFacts[]> {
    const rows = await this.query<SignalRow>(
      tenantId,
      'SELECT c.createdAt, c.category, c.status, c.forwarded, c.history FROM c WHERE c.tenantId = @tenantId ' +
        'AND c.type = "signal" AND c.createdAt >= @from AND c.createdAt < @to',
      [
        { name: '@from', value: fromIso },
        { name: '@to', value: toIso },
      ],
    );
    return rows.map(toFacts);
  }

  async openSignals(tenantId: string): Promise<SignalFacts[]> {
    const rows = await this.query<SignalRow>(
      tenantId,
      'SELECT c.createdAt, c.category, c.status, c.forwarded, c.history FROM c WHERE c.tenantId = @tenantId ' +
        'AND c.type = "signal" AND c.status != "closed"',
      [],
    );
    return rows.map(toFacts);
  }

  async actions(tenantId: string, fromDate: string, toDate: string): Promise<ActionFacts[]> {
    const rows = await this.query<WerkgroepAction>(
      tenantId,
      'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "action" AND (c.status = "open" OR ' +
        '(c.dueOn >= @from AND c.dueOn < @to) OR (c.doneAt >= @from AND c.doneAt < @to))',
      [
        { name: '@from', value: fromDate },
        { name: '@to', value: toDate },
      ],
    );
    return rows.map((action) => ({
      id: action.id,
      title: action.title,
      ownerAadObjectId: action.ownerAadObjectId,
      dueOn: action.dueOn,
      originalDueOn: action.originalDueOn,
      rescheduled: action.rescheduled,
      status: action.status,
      createdAt: action.createdAt,
      doneAt: action.doneAt,
    }));
  }

  async rounds(tenantId: string, quarters: string[]): Promise<RoundFacts[]> {
    const rounds = await this.query<HerijkingRound>(
      tenantId,
      'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "herijking-round" AND ARRAY_CONTAINS(@quarters, c.quarter)',
      [{ name: '@quarters', value: quarters }],
    );
    if (rounds.length === 0) return [];
    const answers = await this.query<HerijkingAnswer>(
      tenantId,
      'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "herijking-answer" AND ARRAY_CONTAINS(@rounds, c.roundId)',
      [{ name: '@rounds', value: rounds.map((round) => round.id) }],
    );
    return rounds
      .sort((a, b) => a.quarter.localeCompare(b.quarter))
      .map((round) => ({
        quarter: round.quarter,
        invited: round.invited.length,
        goals: round.goals,
        answers: answers
          .filter((answer) => answer.roundId === round.id)
          .map((answer) =>
            answer.goals.map((goal) => ({
              goalId: goal.goalId,
              status: goal.status,
              explanation: goal.explanation,
            })),
          ),
      }));
  }

  private async query<T>(tenantId: string, query: string, parameters: SqlParameter[]): Promise<T[]> {
    const { resources } = await this.container.items
      .query<T>(
        { query, parameters: [{ name: '@tenantId', value: tenantId }, ...parameters] },
        { partitionKey: tenantId },
      )
      .fetchAll();
    return resources;
  }
}

function toFacts(row: SignalRow): SignalFacts {
  const history = row.history ?? [];
  return {
    createdAt: row.createdAt,
    category: row.category,
    status: row.status,
    partner: row.forwarded?.partner,
    firstFeedbackAt: history.find((entry) => entry.action && FEEDBACK_ACTIONS.includes(entry.action))?.at,
    closedAt:
      row.status === 'closed' ? history.findLast((entry) => entry.action === 'closed')?.at : undefined,
  };
}
