import { InvalidInputError } from '../../domain/errors';
import { handOver } from '../../domain/signals/hand-over';
import type { Turn } from '../turn';

/** `overdracht <naam>`. */
export async function handOverRole(turn: Turn, successorName: string | undefined): Promise<void> {
  if (!successorName) return turn.sendText('handover.usage');
  try {
    const result = await handOver(turn.services, turn.actor, successorName);
    await turn.sendText('handover.done', {
      name: result.successor.name ?? result.successor.aadObjectId,
      moved: result.moved.length,
      open: result.open.length,
    });
  } catch (error) {
    if (error instanceof InvalidInputError)
      return turn.sendText(Object.values(error.fieldErrors)[0] ?? 'handover.usage');
    throw error;
  }
}
