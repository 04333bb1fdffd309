import type { Container } from '@azure/cosmos';
import type { AuditEvent, AuditLog } from '../domain/audit';
import type { IdSource } from '../ids';

export class CosmosAuditLog implements AuditLog {
  constructor(
    private readonly container: Container,
    private readonly ids: IdSource,
  ) {}

  async record(event: AuditEvent): Promise<void> {
    await this.container.items.create({ id: `audit:${this.ids.token()}`, type: 'audit', ...event });
  }
}
