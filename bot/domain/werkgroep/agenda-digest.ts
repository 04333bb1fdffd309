import { dateInZone, MUNICIPAL_TIME_ZONE } from '../../clock';
import type { HerijkingAnswer, HerijkingRound } from '../herijking/round';
import type { WerkgroepAction } from './werkgroep';

/** What the werkgroep channel sees before a meeting: counts only, never a signal's details. */
export interface AgendaDigest {
  newSignalsSinceLastMeeting: number;
  openSignals: number;
  overdueActions: number;
  openActions: number;
  /** Goal titles that most answers in the last closed herijking called "behind" or "needs adjusting". */
  goalsBehind: string[];
}

/** Signals arrive as counts: the digest never needs, and so never loads, a signal's content. */
export function buildAgendaDigest(input: {
  signals: { newSinceLastMeeting: number; open: number };
  actions: Pick<WerkgroepAction, 'status' | 'dueOn'>[];
  lastRound?: { round: HerijkingRound; answers: HerijkingAnswer[] };
  now: Date;
}): AgendaDigest {
  const today = dateInZone(input.now, MUNICIPAL_TIME_ZONE);
  const openActions = input.actions.filter((action) => action.status === 'open');
  return {
    newSignalsSinceLastMeeting: input.signals.newSinceLastMeeting,
    openSignals: input.signals.open,
    openActions: openActions.length,
    overdueActions: openActions.filter((action) => action.dueOn < today).length,
    goalsBehind: goalsBehind(input.lastRound),
  };
}

function goalsBehind(last: { round: HerijkingRound; answers: HerijkingAnswer[] } | undefined): string[] {
  if (!last) return [];
  return last.round.goals
    .filter((goal) => {
      const states = last.answers.flatMap((answer) =>
        answer.goals.filter((item) => item.goalId === goal.id).map((item) => item.status),
      );
      const worrying = states.filter((state) => state === 'behind' || state === 'needs-adjusting').length;
      return states.length > 0 && worrying * 2 > states.length;
    })
    .map((goal) => goal.title);
}
