import { renderWelcome } from '../../../cards';
import type { UserProfile } from '../../domain/users/user-profile';
import type { Turn } from '../turn';

/**
 * Welcomes a person the first time only. Teams (and the Playground, on every page load) sends
 * several install and member-added events; the profile's welcome mark makes them one welcome.
 * `known` is the profile the turn just read: the mark is only ever set, never taken away, so a
 * profile that carries it settles the question without another read.
 */
export async function sendWelcomeOnce(turn: Turn, known?: UserProfile): Promise<boolean> {
  if (known?.welcomedAt) return false;
  const { users, clock } = turn.services;
  const first = await users.markWelcomedOnce(turn.actor.tenantId, turn.actor.aadObjectId, clock.now());
  if (first) await turn.sendCard(renderWelcome(turn.language));
  return first;
}
