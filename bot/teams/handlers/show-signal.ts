import { NotFoundError } from '../../domain/errors';
import { viewSignal } from '../../domain/signals/view-signals';
import { signalCardFor } from '../signal-card-for';
import type { Turn } from '../turn';

/** `signaal <ref>` and the "view" buttons: the full card, as a new message. */
export async function showSignal(turn: Turn, referenceOrId: string | undefined): Promise<void> {
  if (!referenceOrId) return turn.sendText('signal.usage');
  try {
    const view = await viewSignal(turn.services, turn.actor, referenceOrId.trim());
    await turn.sendCard(await signalCardFor(turn, view.signal, view));
  } catch (error) {
    if (error instanceof NotFoundError) return turn.sendText('signal.notFound');
    throw error;
  }
}
