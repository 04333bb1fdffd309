import { meetingMoment } from '../../../cards/meeting-cards';
import { renderHerijkingForm } from '../../../cards/werkgroep-cards';
import { InvalidInputError } from '../../domain/errors';
import { answerRound } from '../../domain/herijking/herijking-rounds';
import { nextHerijkingOpening } from '../../domain/herijking/next-opening';
import { answerId } from '../../domain/herijking/round';
import type { Turn } from '../turn';

async function openRoundOf(turn: Turn) {
  return (await turn.services.rounds.list(turn.actor.tenantId)).find((round) => round.status === 'open');
}

/** `herijking`: my form for the open round, with my earlier answer filled in. */
export async function showHerijkingForm(turn: Turn): Promise<void> {
  const round = await openRoundOf(turn);
  if (!round) {
    const next = await nextHerijkingOpening(turn.services, turn.actor.tenantId);
    if (!next) return turn.sendText('herijking.noRoundNoSchedule');
    return turn.sendText('herijking.noRoundUntil', { moment: meetingMoment(turn.language, next) });
  }
  const answer = await turn.services.answers.find(
    turn.actor.tenantId,
    answerId(round.quarter, turn.actor.aadObjectId),
  );
  await turn.sendCard(renderHerijkingForm(turn.language, round, { answer }));
}

/** The form's submit: saved (and changeable until the round closes), or back with every problem. */
export async function answerHerijking(turn: Turn, values: Record<string, unknown>): Promise<void> {
  const quarter = String(values.quarter ?? '');
  try {
    await answerRound(turn.services, turn.actor, quarter, values);
    await turn.sendText('herijking.saved', { quarter });
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const round = (await turn.services.rounds.list(turn.actor.tenantId)).find((r) => r.quarter === quarter);
    if (!round) return turn.sendText('herijking.noRound');
    await turn.replaceCard(renderHerijkingForm(turn.language, round, { values, errors: error.fieldErrors }));
  }
}
