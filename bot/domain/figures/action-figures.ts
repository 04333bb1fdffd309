import type { ActionFacts } from './figure-queries';
import { daysBetween } from './periods';

export interface OwnerActions {
  ownerAadObjectId: string;
  open: number;
  overdue: number;
  /** Open actions whose due date was moved at least once. */
  slipped: number;
}

/** Open and overdue actions per owner, most overdue first. */
export function actionsByOwner(actions: ActionFacts[], today: string): OwnerActions[] {
  const byOwner = new Map<string, OwnerActions>();
  for (const action of actions.filter((candidate) => candidate.status === 'open')) {
    const row = byOwner.get(action.ownerAadObjectId) ?? {
      ownerAadObjectId: action.ownerAadObjectId,
      open: 0,
      overdue: 0,
      slipped: 0,
    };
    row.open += 1;
    if (action.dueOn < today) row.overdue += 1;
    if ((action.rescheduled ?? 0) > 0) row.slipped += 1;
    byOwner.set(action.ownerAadObjectId, row);
  }
  return [...byOwner.values()].sort((a, b) => b.overdue - a.overdue || b.open - a.open);
}

export interface Slippage {
  /** Actions whose due date was moved. */
  moved: number;
  /** Days between the first agreed and the current (or done) date, added up over moved actions. */
  totalDays: number;
  averageDays?: number;
}

export function slippageOf(actions: ActionFacts[]): Slippage {
  const moved = actions.filter((action) => action.originalDueOn && action.originalDueOn !== action.dueOn);
  const totalDays = moved.reduce(
    (sum, action) => sum + Math.max(0, daysBetween(action.originalDueOn as string, action.dueOn)),
    0,
  );
  return {
    moved: moved.length,
    totalDays,
    averageDays: moved.length > 0 ? Math.round((totalDays / moved.length) * 10) / 10 : undefined,
  };
}

/** Actions agreed for the period (due in it) and how many of those are done. */
export function doneVersusAgreed(
  actions: ActionFacts[],
  from: string,
  to: string,
): { agreed: number; done: number } {
  const agreed = actions.filter((action) => {
    const due = action.originalDueOn ?? action.dueOn;
    return due >= from && due < to;
  });
  return { agreed: agreed.length, done: agreed.filter((action) => action.status === 'done').length };
}
