import { InvalidInputError, NotFoundError } from '../../domain/errors';
import { setLegalHold } from '../../domain/privacy/legal-hold';
import type { Turn } from '../turn';

const HOLD = /^(ond-\d{4}-\d{4})(?:\s+(.*))?$/i;
const LIFT_WORDS = ['opheffen', 'lift'];

/** `bewaren OND-… <reden>` places a legal hold; `bewaren OND-… opheffen` lifts it (coordinators). */
export async function legalHoldCommand(turn: Turn, argument: string | undefined): Promise<void> {
  // The reason keeps the capitals the coordinator typed; the command text itself is folded.
  const original = (turn.activity.text ?? '').replace(/<[^>]*>/g, ' ').trim();
  const match = HOLD.exec(/ond-\d{4}-\d{4}.*$/i.exec(original)?.[0] ?? '') ?? HOLD.exec(argument ?? '');
  if (!match) return turn.sendText('privacy.hold.usage');
  const reference = (match[1] as string).toUpperCase();
  const rest = (match[2] ?? '').trim();
  const lift = LIFT_WORDS.includes(rest.toLowerCase());
  try {
    await setLegalHold(turn.services, turn.actor, { reference, reason: rest, lift });
    await turn.sendText(lift ? 'privacy.hold.lifted' : 'privacy.hold.placed', { reference });
  } catch (error) {
    if (error instanceof NotFoundError) return turn.sendText('signal.notFound');
    if (error instanceof InvalidInputError)
      return turn.sendText(Object.values(error.fieldErrors)[0] ?? 'privacy.hold.usage', { reference });
    throw error;
  }
}
