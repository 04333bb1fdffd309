import type { Container } from '@azure/cosmos';
import type { ExpiryRule, TechnicalDocuments } from '../domain/privacy/technical-expiry';
import { isNotFound } from './cosmos-errors';

/** Which documents each rule covers, and the field that dates them (ISO strings, set by the bot). */
const SELECTION: Record<ExpiryRule['name'], string> = {
  'processed-activity': 'c.type = "processed-activity" AND c.at < @before',
  'outbox-sent': 'c.type = "outbox" AND c.status = "sent" AND c.sentAt < @before',
  'outbox-unreachable': 'c.type = "outbox" AND c.status = "unreachable" AND c.createdAt < @before',
  'occurrence-claim': 'c.type = "occurrence-claim" AND c.status != "running" AND c.claimedAt < @before',
};

/**
 * The operator job that deletes expired technical documents in every tenant. It dates documents
 * by the bot's own timestamps, not the server's `_ts`, so it follows the injected clock.
 */
export class CosmosTechnicalExpiry implements TechnicalDocuments {
  constructor(private readonly container: Container) {}

  async deleteOlderThan(rule: ExpiryRule, before: Date): Promise<number> {
    const { resources } = await this.container.items
      .query<{ id: string; tenantId: string }>({
        query: `SELECT c.id, c.tenantId FROM c WHERE ${SELECTION[rule.name]}`,
        parameters: [{ name: '@before', value: before.toISOString() }],
      })
      .fetchAll();
    for (const { id, tenantId } of resources) {
      try {
        await this.container.item(id, tenantId).delete();
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    return resources.length;
  }
}
