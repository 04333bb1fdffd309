import type { Container } from '@azure/cosmos';
import type { AuditEvent, AuditLog } from '../domain/audit';
import { type IdSource, stableId } from '../ids';
import { isConflict } from './cosmos-errors';

export class CosmosAuditLog implements AuditLog {
  constructor(
    private readonly container: Container,
    private readonly ids: IdSource,
  ) {}

  async record(event: AuditEvent): Promise<void> {
    await this.container.items.create({ id: `audit:${this.ids.token()}`, type: 'audit', ...event });
  }

  async recordOnce(event: AuditEvent): Promise<void> {
    const id = `audit:${stableId(event.tenantId, event.action, event.subjectId)}`;
    try {
      await this.container.items.create({ id, type: 'audit', ...event });
    } catch (error) {
      // Written before (by the first send of the form, or its twin): the record stands as it is.
      if (!isConflict(error)) throw error;
    }
  }
}
