import { ConflictError, NotAllowedError, NotFoundError, OutcomeUnknownError } from '../domain/errors';
import type { Turn } from './turn';

/**
 * The one place where a failed turn becomes words for the user. Expected domain errors get
 * their own message; anything else is logged (ids only) and answered with a calm apology that
 * claims nothing about what was stored.
 */
export async function replyToError(turn: Turn, error: unknown): Promise<void> {
  if (error instanceof NotAllowedError) return turn.sendText(error.reasonKey);
  if (error instanceof ConflictError) return turn.sendText('message.conflict');
  if (error instanceof NotFoundError) return turn.sendText('message.unknownAction');
  turn.services.logger.error({ err: error, tenantId: turn.actor.tenantId }, 'turn failed');
  // A change whose answer was lost may have been applied: say so, never "nothing was saved".
  if (error instanceof OutcomeUnknownError) return turn.sendText('message.outcomeUnknown');
  await turn.sendText('message.genericError');
}
