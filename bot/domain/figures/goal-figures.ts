import { GOAL_STATUSES, type GoalStatus } from '../herijking/round';
import type { RoundFacts } from './figure-queries';

export interface GoalQuarter {
  quarter: string;
  counts: Record<GoalStatus, number>;
  /** What most members said; undefined when nobody answered for this goal. */
  prevailing?: GoalStatus;
  /** The explanations given, without who gave them: the "why" behind a colour. */
  explanations: { status: GoalStatus; text: string }[];
}

export interface GoalHistory {
  goalId: string;
  number: number;
  title: string;
  quarters: GoalQuarter[];
}

/** Each goal's statuses per quarter from the herijking answers, with the explanations. */
export function goalHistory(rounds: RoundFacts[]): GoalHistory[] {
  const goals = new Map<string, GoalHistory>();
  for (const round of rounds) {
    for (const goal of round.goals) {
      const history = goals.get(goal.id) ?? {
        goalId: goal.id,
        number: goal.number,
        title: goal.title,
        quarters: [],
      };
      history.title = goal.title;
      const counts = Object.fromEntries(GOAL_STATUSES.map((status) => [status, 0])) as Record<
        GoalStatus,
        number
      >;
      const explanations: GoalQuarter['explanations'] = [];
      for (const answer of round.answers) {
        const given = answer.find((item) => item.goalId === goal.id);
        if (!given) continue;
        counts[given.status] += 1;
        explanations.push({ status: given.status, text: given.explanation });
      }
      history.quarters.push({
        quarter: round.quarter,
        counts,
        prevailing: prevailingStatus(counts),
        explanations,
      });
      goals.set(goal.id, history);
    }
  }
  return [...goals.values()].sort((a, b) => a.number - b.number);
}

/** The status most members gave; a tie goes to the less favourable one, so nothing looks greener. */
export function prevailingStatus(counts: Record<GoalStatus, number>): GoalStatus | undefined {
  const order: GoalStatus[] = ['behind', 'needs-adjusting', 'on-track', 'achieved'];
  let best: GoalStatus | undefined;
  for (const status of order) {
    if (counts[status] > 0 && (best === undefined || counts[status] > counts[best])) best = status;
  }
  return best;
}

/** Who answered each round: invited, answered, and the rate in whole percent. */
export function responseRates(
  rounds: RoundFacts[],
): { quarter: string; invited: number; answered: number; rate: number }[] {
  return rounds.map((round) => ({
    quarter: round.quarter,
    invited: round.invited,
    answered: round.answers.length,
    rate: round.invited > 0 ? Math.round((round.answers.length / round.invited) * 100) : 0,
  }));
}
