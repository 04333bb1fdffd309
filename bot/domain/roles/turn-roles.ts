import type { Role, RoleHolder } from './role';
import type { RoleDirectory, RoleRepository } from './role-directory';

/**
 * The actor's roles for one turn, read once at the turn's start in parallel with the profile, so
 * the handler's authorisation check does not add a round trip of its own. Only the actor's own
 * roles are kept, only for this turn, and a role change made in this turn drops them: a
 * permission is never decided on anything older than the turn itself.
 */
export function turnRoles(
  directory: RoleDirectory,
  repository: RoleRepository,
  tenantId: string,
  aadObjectId: string,
  /**
   * Teams places the person in another organisation's tenant: a partner here, whatever is stored.
   * A promise, so asking Teams (shared channels) and reading the stored roles run side by side.
   */
  fromOutside: Promise<boolean> = Promise.resolve(false),
  /** The actor's stored roles, read with their profile when the turn opened (PersonReads). */
  storedHolder?: Promise<RoleHolder | undefined>,
): { roles: RoleDirectory; roleRepository: RoleRepository } {
  const stored = storedHolder
    ? storedHolder.then((holder) => directory.rolesWith(aadObjectId, holder?.roles ?? []))
    : directory.rolesOf(tenantId, aadObjectId);
  let own: Promise<Role[]> | undefined = fromOutside.then((outside) =>
    outside ? (['partner'] as Role[]) : stored,
  );
  // A turn that never asks must not leave a rejected promise unobserved.
  stored.catch(() => undefined);
  own.catch(() => undefined);
  const roles: RoleDirectory = {
    ...directory,
    rolesOf: (tenant, person) =>
      own && tenant === tenantId && person === aadObjectId ? own : directory.rolesOf(tenant, person),
  };
  const roleRepository: RoleRepository = {
    find: (tenant, person) => repository.find(tenant, person),
    listWithRole: (tenant, role) => repository.listWithRole(tenant, role),
    changeRoles: async (tenant, person, change, now) => {
      // An outsider stays a partner for the whole turn, whatever is stored.
      if (!(await fromOutside)) own = undefined;
      return repository.changeRoles(tenant, person, change, now);
    },
  };
  return { roles, roleRepository };
}
