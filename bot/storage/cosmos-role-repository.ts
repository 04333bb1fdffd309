import type { Container } from '@azure/cosmos';
import type { Role, RoleHolder } from '../domain/roles/role';
import type { RoleRepository } from '../domain/roles/role-directory';
import { isConflict, isNotFound, isPreconditionFailed } from './cosmos-errors';

type StoredHolder = RoleHolder & { _etag?: string };

export class CosmosRoleRepository implements RoleRepository {
  constructor(private readonly container: Container) {}

  async find(tenantId: string, aadObjectId: string): Promise<StoredHolder | undefined> {
    try {
      const { resource } = await this.container
        .item(`role-holder:${aadObjectId}`, tenantId)
        .read<StoredHolder>();
      return resource;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async listWithRole(tenantId: string, role: Role): Promise<RoleHolder[]> {
    return this.query(tenantId, 'AND ARRAY_CONTAINS(c.roles, @role)', [{ name: '@role', value: role }]);
  }

  async save(holder: StoredHolder): Promise<boolean> {
    const { _etag, ...body } = holder;
    try {
      if (_etag) {
        await this.container
          .item(body.id, body.tenantId)
          .replace(body, { accessCondition: { type: 'IfMatch', condition: _etag } });
      } else {
        await this.container.items.create(body);
      }
      return true;
    } catch (error) {
      if (isConflict(error) || isPreconditionFailed(error)) return false;
      throw error;
    }
  }

  private async query(tenantId: string, filter: string, parameters: { name: string; value: string }[]) {
    const { resources } = await this.container.items
      .query<RoleHolder>(
        {
          query: `SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "role-holder" ${filter}`,
          parameters: [{ name: '@tenantId', value: tenantId }, ...parameters],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    return resources;
  }
}
