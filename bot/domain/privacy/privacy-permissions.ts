import { type Permission, POLICY } from '../authorization';
import { NotAllowedError } from '../errors';
import type { Role } from '../roles/role';

/**
 * The privacy commands are checked against the one policy table (bot/domain/authorization.ts);
 * their refusals get privacy words, not the role-management ones `assertAllowed` would choose.
 */
export function assertPrivacyAllowed(permission: Permission, roles: Role[]): void {
  const allowed: readonly string[] = POLICY[permission];
  if (roles.some((role) => allowed.includes(role))) return;
  throw new NotAllowedError(
    allowed.includes('coordinator') ? 'privacy.error.adminOrCoordinator' : 'privacy.error.adminOnly',
  );
}
