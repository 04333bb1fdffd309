import type { Container, SqlParameter } from '@azure/cosmos';
import { isConflict, isNotFound, isPreconditionFailed, withoutSystemProperties } from './cosmos-errors';

/** A stored document with the version needed to change it safely. */
export type Versioned<T> = T & { _etag: string };

/**
 * The common operations on one document type in the tenant partitioned container: reads scoped
 * to a tenant, create-if-absent, ETag-guarded replace. Domain repositories are built on it.
 */
export class CosmosDocuments<T extends { id: string; tenantId: string; type: string }> {
  constructor(
    private readonly container: Container,
    private readonly type: T['type'],
  ) {}

  async find(tenantId: string, id: string): Promise<Versioned<T> | undefined> {
    try {
      const { resource } = await this.container.item(id, tenantId).read<Versioned<T>>();
      if (!resource || resource.type !== this.type) return undefined;
      return { ...withoutSystemProperties<T>(resource as never), _etag: resource._etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Creates the document; false when one with that id exists (a dedupe, or another instance won). */
  async createIfAbsent(document: T): Promise<boolean> {
    try {
      await this.container.items.create(document);
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      throw error;
    }
  }

  /** Replaces if unchanged since read; false when someone else changed it first. */
  async replace(document: T, etag: string): Promise<boolean> {
    try {
      await this.container
        .item(document.id, document.tenantId)
        .replace(document, { accessCondition: { type: 'IfMatch', condition: etag } });
      return true;
    } catch (error) {
      if (isPreconditionFailed(error) || isNotFound(error)) return false;
      throw error;
    }
  }

  async remove(tenantId: string, id: string): Promise<void> {
    try {
      await this.container.item(id, tenantId).delete();
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** Documents of this type in one tenant matching `filter` (SQL on alias c, after WHERE …AND). */
  async list(
    tenantId: string,
    filter = '',
    parameters: SqlParameter[] = [],
    orderBy = '',
  ): Promise<Versioned<T>[]> {
    const { resources } = await this.container.items
      .query<Versioned<T>>(
        {
          query: `SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = @type ${filter} ${orderBy}`,
          parameters: [
            { name: '@tenantId', value: tenantId },
            { name: '@type', value: this.type },
            ...parameters,
          ],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    return resources.map((resource) => ({
      ...withoutSystemProperties<T>(resource as never),
      _etag: resource._etag,
    }));
  }

  /** The same across every tenant, of one status if given: for operator jobs (reminders, schedules) only. */
  listAcrossTenants(status?: string): Promise<Versioned<T>[]> {
    return status === undefined
      ? this.listAcrossTenantsWhere()
      : this.listAcrossTenantsWhere('AND c.status = @status', [{ name: '@status', value: status }]);
  }

  /** Across every tenant, matching `filter` (SQL on alias c, after WHERE …AND): operator jobs only. */
  async listAcrossTenantsWhere(filter = '', parameters: SqlParameter[] = []): Promise<Versioned<T>[]> {
    const { resources } = await this.container.items
      .query<Versioned<T>>({
        query: `SELECT * FROM c WHERE c.type = @type ${filter}`,
        parameters: [{ name: '@type', value: this.type }, ...parameters],
      })
      .fetchAll();
    return resources.map((resource) => ({
      ...withoutSystemProperties<T>(resource as never),
      _etag: resource._etag,
    }));
  }
}
