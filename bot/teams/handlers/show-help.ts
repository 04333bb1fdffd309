import { renderHelp } from '../../../cards';
import type { Turn } from '../turn';

export async function showHelp(turn: Turn): Promise<void> {
  await turn.sendCard(renderHelp(turn.language));
}
