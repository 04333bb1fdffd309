import { effectiveRoles } from './partners';
import type { Role, RoleHolder } from './role';

/** Storage of role holders; implemented over Cosmos DB in bot/storage. */
export interface RoleRepository {
  find(tenantId: string, aadObjectId: string): Promise<RoleHolder | undefined>;
  listWithRole(tenantId: string, role: Role): Promise<RoleHolder[]>;
  /**
   * Changes a person's stored roles: `change` gets the roles as stored and returns the new ones.
   * When someone else changed them meanwhile it is applied again to theirs, so both changes are
   * kept and a rule checked in `change` holds on the latest roles; a ConflictError when the roles
   * kept changing.
   */
  changeRoles(
    tenantId: string,
    aadObjectId: string,
    change: (current: Role[]) => Role[],
    now: Date,
  ): Promise<void>;
}

/** Roles seeded from configuration: they always hold, in every allowed tenant. */
export interface RoleSeeds {
  admins: string[];
  coordinators: string[];
}

/** Who holds which role: stored roles plus the configured seeds. */
export interface RoleDirectory {
  rolesOf(tenantId: string, aadObjectId: string): Promise<Role[]>;
  /** The roles that count for someone whose stored roles were just read: seeds added, partner rule applied. */
  rolesWith(aadObjectId: string, stored: readonly Role[]): Role[];
  holdersOf(tenantId: string, role: Role): Promise<string[]>;
  coordinatorIds(tenantId: string): Promise<string[]>;
  isSeeded(aadObjectId: string, role: Role): boolean;
}

export function roleDirectory(repository: RoleRepository, seeds: RoleSeeds): RoleDirectory {
  const seeded = (aadObjectId: string): Role[] => [
    ...(seeds.admins.includes(aadObjectId) ? (['admin'] as const) : []),
    ...(seeds.coordinators.includes(aadObjectId) ? (['coordinator'] as const) : []),
  ];
  const holdersOf = async (tenantId: string, role: Role) => {
    const stored = (await repository.listWithRole(tenantId, role)).map((holder) => holder.aadObjectId);
    const fromSeeds = role === 'admin' ? seeds.admins : role === 'coordinator' ? seeds.coordinators : [];
    return [...new Set([...fromSeeds, ...stored])];
  };
  const rolesWith = (aadObjectId: string, stored: readonly Role[]) =>
    effectiveRoles([...new Set([...seeded(aadObjectId), ...stored])]);
  return {
    rolesOf: async (tenantId, aadObjectId) =>
      rolesWith(aadObjectId, (await repository.find(tenantId, aadObjectId))?.roles ?? []),
    rolesWith,
    holdersOf,
    coordinatorIds: (tenantId) => holdersOf(tenantId, 'coordinator'),
    isSeeded: (aadObjectId, role) => seeded(aadObjectId).includes(role),
  };
}
