import type { Container, SqlParameter } from '@azure/cosmos';
import type { AuditEvent } from '../domain/audit';
import type { AuditTrailReader } from '../domain/privacy/audit-trail';

/**
 * Reads the audit container. Queries only: the trail is append-only in code (CosmosAuditLog can
 * only create, this class can only query; a test checks no code path replaces or deletes there),
 * and it ends by the container's own TTL in Azure (docs/privacy.md).
 */
export class CosmosAuditReader implements AuditTrailReader {
  constructor(private readonly container: Container) {}

  aboutSubject(tenantId: string, subjectId: string, skip: number, take: number): Promise<AuditEvent[]> {
    return this.page(
      tenantId,
      'c.subjectId = @subject',
      [{ name: '@subject', value: subjectId }],
      skip,
      take,
    );
  }

  byActor(tenantId: string, actor: string, since: Date, skip: number, take: number): Promise<AuditEvent[]> {
    return this.page(
      tenantId,
      'c.actor = @actor AND c.at >= @since',
      [
        { name: '@actor', value: actor },
        { name: '@since', value: since.toISOString() },
      ],
      skip,
      take,
    );
  }

  private async page(
    tenantId: string,
    filter: string,
    parameters: SqlParameter[],
    skip: number,
    take: number,
  ): Promise<AuditEvent[]> {
    const { resources } = await this.container.items
      .query<AuditEvent>(
        {
          query:
            // TOP rather than OFFSET/LIMIT: the embedded store does not parse OFFSET. Pages are
            // small and people read the first few; the skipped rows are dropped here.
            'SELECT TOP @top c.tenantId, c.actor, c.action, c.subjectId, c.at FROM c ' +
            `WHERE c.tenantId = @tenantId AND c.type = "audit" AND ${filter} ORDER BY c.at DESC`,
          parameters: [
            { name: '@tenantId', value: tenantId },
            { name: '@top', value: skip + take },
            ...parameters,
          ],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    return resources.slice(skip);
  }
}
