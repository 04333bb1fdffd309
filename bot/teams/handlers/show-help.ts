import { renderHelp } from '../../../cards';
import type { Turn } from '../turn';

export async function showHelp(turn: Turn): Promise<void> {
  const roles = await turn.services.roles.rolesOf(turn.actor.tenantId, turn.actor.aadObjectId);
  const coordinatorOrAdmin = roles.includes('coordinator') || roles.includes('admin');
  await turn.sendCard(renderHelp(turn.language, coordinatorOrAdmin, roles.includes('werkgroep')));
}
