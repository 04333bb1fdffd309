import type { Container } from '@azure/cosmos';
import type { Role, RoleHolder } from '../domain/roles/role';
import type { RoleRepository } from '../domain/roles/role-directory';
import { CosmosDocuments } from './cosmos-documents';

/** Roles change a few times a year per person: a few rounds settle two administrators at once. */
const UPDATE_ATTEMPTS = 5;

export class CosmosRoleRepository implements RoleRepository {
  private readonly documents: CosmosDocuments<RoleHolder>;

  constructor(container: Container) {
    this.documents = new CosmosDocuments<RoleHolder>(container, 'role-holder');
  }

  find(tenantId: string, aadObjectId: string): Promise<RoleHolder | undefined> {
    return this.documents.find(tenantId, holderId(aadObjectId));
  }

  listWithRole(tenantId: string, role: Role): Promise<RoleHolder[]> {
    return this.documents.list(tenantId, 'AND ARRAY_CONTAINS(c.roles, @role)', [
      { name: '@role', value: role },
    ]);
  }

  /** Applied anew to what another instance wrote meanwhile, so both administrators' changes are kept. */
  async changeRoles(
    tenantId: string,
    aadObjectId: string,
    change: (current: Role[]) => Role[],
    now: Date,
  ): Promise<void> {
    await this.documents.update(
      tenantId,
      holderId(aadObjectId),
      (stored) => ({
        ...(stored ?? { id: holderId(aadObjectId), type: 'role-holder', tenantId, aadObjectId }),
        roles: change(stored?.roles ?? []),
        updatedAt: now.toISOString(),
      }),
      { attempts: UPDATE_ATTEMPTS },
    );
  }
}

export function holderId(aadObjectId: string): string {
  return `role-holder:${aadObjectId}`;
}
