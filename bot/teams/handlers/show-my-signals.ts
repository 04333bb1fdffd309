import { renderMySignals } from '../../../cards';
import { listMySignals } from '../../domain/signals/read-signals';
import type { Turn } from '../turn';

export async function showMySignals(turn: Turn): Promise<void> {
  const signals = await listMySignals(turn.services, turn.actor);
  await turn.sendCard(renderMySignals(turn.language, signals));
}
