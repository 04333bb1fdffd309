import { renderWelcome } from '../../../cards';
import type { Turn } from '../turn';

/**
 * Welcomes a person the first time only. Teams (and the Playground, on every page load) sends
 * several install and member-added events; the profile's welcome mark makes them one welcome.
 */
export async function sendWelcomeOnce(turn: Turn): Promise<boolean> {
  const { users, clock } = turn.services;
  const first = await users.markWelcomedOnce(turn.actor.tenantId, turn.actor.aadObjectId, clock.now());
  if (first) await turn.sendCard(renderWelcome(turn.language));
  return first;
}
