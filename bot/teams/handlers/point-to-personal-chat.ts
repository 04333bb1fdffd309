import { renderPersonalChatOnly } from '../../../cards/personal-chat-card';
import { personalChatLink } from '../personal-chat-link';
import type { WorksIn } from '../routes';
import type { Turn } from '../turn';

export function worksHere(worksIn: WorksIn, turn: Turn): boolean {
  return worksIn === 'anywhere' || turn.isPersonal;
}

/** Says truthfully why this works only in the 1:1 chat, with a way to get there. */
export async function pointToPersonalChat(turn: Turn, worksIn: WorksIn): Promise<void> {
  const reason = worksIn === 'anywhere' ? 'signals' : worksIn.personalChatOnly;
  await turn.sendCard(
    renderPersonalChatOnly(
      turn.language,
      reason,
      personalChatLink(turn.services.botAppIdFor(turn.actor.tenantId)),
    ),
  );
}
