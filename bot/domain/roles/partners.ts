import { NotAllowedError } from '../errors';
import type { Role } from './role';

/**
 * Partners (police, RIEC, park experts...) may report and follow their own reports, nothing else:
 * no open items, search, figures, council report, other reports or werkgroep business. Being a
 * partner outweighs every other role, also a seeded one: see docs/decisions.md.
 */
export function isPartner(roles: readonly Role[]): boolean {
  return roles.includes('partner');
}

/** The roles that count: a partner holds no other. */
export function effectiveRoles(roles: Role[]): Role[] {
  return isPartner(roles) ? ['partner'] : roles;
}

/** Throws NotAllowedError for a partner, unless this use is one of the few open to partners. */
export function assertOpenToPartner(roles: readonly Role[], openToPartners: boolean): void {
  if (isPartner(roles) && !openToPartners) throw new NotAllowedError('partnerRole.error.notAllowed');
}

/** Someone who is a partner cannot be given another role, and someone with a role cannot be made partner. */
export function assertRolesCompatible(current: readonly Role[], adding: Role): void {
  if (adding === 'partner' && current.some((role) => role !== 'partner'))
    throw new NotAllowedError('partnerRole.error.hasRole');
  if (adding !== 'partner' && isPartner(current)) throw new NotAllowedError('partnerRole.error.isPartner');
}
