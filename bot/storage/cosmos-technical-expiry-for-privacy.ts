import type { Container, OperationInput, SqlParameter } from '@azure/cosmos';
import type { ExpiryRule, TechnicalDocuments } from '../domain/privacy/technical-expiry';
import { isNotFound } from './cosmos-errors';

/** Which documents each rule covers, and the field that dates them (ISO strings, set by the bot). */
const SELECTION: Record<ExpiryRule['name'], (before: string) => string> = {
  'processed-activity': (before) => `(c.type = "processed-activity" AND c.at < ${before})`,
  'outbox-sent': (before) => `(c.type = "outbox" AND c.status = "sent" AND c.sentAt < ${before})`,
  'outbox-unreachable': (before) =>
    `(c.type = "outbox" AND c.status = "unreachable" AND c.createdAt < ${before})`,
  'occurrence-claim': (before) =>
    `(c.type = "occurrence-claim" AND c.status != "running" AND c.claimedAt < ${before})`,
};

/** The SDK refuses a bulk request with more operations than this for one partition. */
const BULK_LIMIT = 100;

/**
 * The operator job that deletes expired technical documents in every tenant, with one query for
 * all rules per container, and the deletes in bulk requests of up to 100 per tenant: a day's
 * expiry is a few requests, and a catch-up (a store restored from old data, a first run after an
 * outage) is a few hundred instead of one request per document. It dates documents by the bot's
 * own timestamps, not the server's `_ts`, so it follows the injected clock. Every container is
 * asked every rule: the markers live in `tenantData`, and finished outbox entries written before
 * `outboxHistory` existed still sit there too (docs/decisions.md).
 */
export class CosmosTechnicalExpiry implements TechnicalDocuments {
  private readonly containers: Container[];

  constructor(...containers: Container[]) {
    this.containers = containers;
  }

  async deleteExpired(cutOffs: { rule: ExpiryRule; before: Date }[]): Promise<number> {
    let deleted = 0;
    for (const container of this.containers) deleted += await this.deleteExpiredIn(container, cutOffs);
    return deleted;
  }

  private async deleteExpiredIn(
    container: Container,
    cutOffs: { rule: ExpiryRule; before: Date }[],
  ): Promise<number> {
    if (cutOffs.length === 0) return 0;
    const parameters: SqlParameter[] = cutOffs.map(({ before }, index) => ({
      name: `@before${index}`,
      value: before.toISOString(),
    }));
    const filter = cutOffs.map(({ rule }, index) => SELECTION[rule.name](`@before${index}`)).join(' OR ');
    const { resources } = await container.items
      .query<{ id: string; tenantId: string }>({
        query: `SELECT c.id, c.tenantId FROM c WHERE ${filter}`,
        parameters,
      })
      .fetchAll();
    const byTenant = new Map<string, string[]>();
    for (const { id, tenantId } of resources) {
      const ids = byTenant.get(tenantId) ?? [];
      ids.push(id);
      byTenant.set(tenantId, ids);
    }
    for (const [tenantId, ids] of byTenant)
      for (let start = 0; start < ids.length; start += BULK_LIMIT)
        await deleteTogether(container, tenantId, ids.slice(start, start + BULK_LIMIT));
    return resources.length;
  }
}

/**
 * One bulk request of deletes; what it did not delete (the request failed as a whole, or one
 * operation was throttled) is deleted alone, through the container's point delete and its retries.
 * Gone already (404) is done.
 */
async function deleteTogether(container: Container, tenantId: string, ids: string[]): Promise<void> {
  const operations = ids.map(
    (id): OperationInput => ({ operationType: 'Delete', id, partitionKey: tenantId }),
  );
  const answers = await container.items.bulk(operations, { continueOnError: true }).catch(() => []);
  for (const [index, id] of ids.entries()) {
    const status = answers[index]?.statusCode;
    if (status === 204 || status === 404) continue;
    try {
      await container.item(id, tenantId).delete();
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
