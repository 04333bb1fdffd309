/** Who holds which role in a tenant. Seeded from configuration until roles become data. */
export interface RoleDirectory {
  coordinatorIds(tenantId: string): Promise<string[]>;
}

/** Coordinators from COORDINATOR_AAD_IDS, the same list for every allowed tenant. */
export function configuredRoleDirectory(coordinatorIds: string[]): RoleDirectory {
  return { coordinatorIds: async () => [...coordinatorIds] };
}
