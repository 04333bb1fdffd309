import type { Container, JSONObject, OperationInput } from '@azure/cosmos';
import { type Case, caseIdOf } from '../domain/cases/case';
import type { CaseFacts, CaseRepository, VersionedCase } from '../domain/cases/case-repository';
import { OutcomeUnknownError } from '../domain/errors';
import { CosmosDocuments } from './cosmos-documents';
import { isNotFound } from './cosmos-errors';
import { KeyedQueue } from './keyed-queue';
import { WRITE_STAMP } from './resilient-container';

interface CounterDocument {
  id: string;
  type: 'counter';
  tenantId: string;
  value: number;
  _etag?: string;
}

/** Cases are opened a few times a month; a handful of rounds settles a race between instances. */
const MAX_SEQUENCE_ATTEMPTS = 20;

/**
 * Cases in the tenant's partition, with their own gapless counter per year. Kept in this one module
 * (its container is `tenantData` today), so moving cases to another container is one constructor
 * argument in app.ts; the counter must move with them, because it is written in the case's batch.
 */
export class CosmosCaseRepository implements CaseRepository {
  private readonly documents: CosmosDocuments<Case>;
  private readonly counterQueue = new KeyedQueue();

  constructor(private readonly container: Container) {
    this.documents = new CosmosDocuments<Case>(container, 'case');
  }

  findById(tenantId: string, id: string): Promise<VersionedCase | undefined> {
    return this.documents.find(tenantId, id);
  }

  /** A point read: the id is derived from the reference (caseIdOf), so no query is needed. */
  findByReference(tenantId: string, reference: string): Promise<VersionedCase | undefined> {
    return this.documents.find(tenantId, caseIdOf(reference.toUpperCase()));
  }

  async listOpen(tenantId: string): Promise<Case[]> {
    const found = await this.documents.list(tenantId, 'AND c.status = "open"', [], 'ORDER BY c.createdAt');
    return found.map(({ _etag, ...rest }) => rest);
  }

  /** Reduced to facts in the query itself: the title and the decisions never leave storage here. */
  async factsActiveBetween(tenantId: string, fromIso: string, toIso: string): Promise<CaseFacts[]> {
    const { resources } = await this.container.items
      .query<CaseFacts>(
        {
          query:
            'SELECT c.createdAt, c.status, c.closedAt, c.outcome FROM c WHERE c.tenantId = @tenantId AND ' +
            'c.type = "case" AND c.createdAt < @to AND (c.status = "open" OR c.closedAt >= @from)',
          parameters: [
            { name: '@tenantId', value: tenantId },
            { name: '@from', value: fromIso },
            { name: '@to', value: toIso },
          ],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    return resources;
  }

  /** An operator job's query across tenants (the daily privacy sweep); closed cases only. */
  listClosedNotAnonymised(): Promise<VersionedCase[]> {
    return this.documents.listAcrossTenantsWhere(
      'AND c.status = "closed" AND NOT IS_DEFINED(c.anonymisedAt)',
    );
  }

  save(next: Case, etag: string): Promise<boolean> {
    return this.documents.replace(next, etag);
  }

  /**
   * The counter and the case in one transactional batch, the counter first with its ETag: if
   * another instance took the number, the batch writes nothing and the number is read again.
   * Cases of one tenant take their numbers one after another inside this instance.
   */
  createWithNextSequence(tenantId: string, year: number, build: (sequence: number) => Case): Promise<Case> {
    const counterId = `counter:case-reference:${year}`;
    return this.counterQueue.run(`${tenantId}\u0000${counterId}`, () =>
      this.takeNext(tenantId, counterId, build),
    );
  }

  private async takeNext(
    tenantId: string,
    counterId: string,
    build: (sequence: number) => Case,
  ): Promise<Case> {
    for (let attempt = 1; attempt <= MAX_SEQUENCE_ATTEMPTS; attempt += 1) {
      const counter = await this.read<CounterDocument>(tenantId, counterId);
      const next = (counter?.value ?? 0) + 1;
      const created = build(next);
      const counterBody: CounterDocument = { id: counterId, type: 'counter', tenantId, value: next };
      const operations: OperationInput[] = [
        counter
          ? {
              operationType: 'Replace',
              id: counterId,
              partitionKey: tenantId,
              ifMatch: counter._etag,
              resourceBody: asJson(counterBody),
            }
          : { operationType: 'Create', partitionKey: tenantId, resourceBody: asJson(counterBody) },
        { operationType: 'Create', partitionKey: tenantId, resourceBody: asJson(created) },
      ];
      let response: Awaited<ReturnType<Container['items']['batch']>>;
      try {
        response = await this.container.items.batch(operations, tenantId);
      } catch (error) {
        if (!(error instanceof OutcomeUnknownError)) throw error;
        // The answer was lost; the batch is all or nothing, so the case settles it.
        const stored = await this.read<Record<string, unknown>>(tenantId, created.id);
        if (stored?.[WRITE_STAMP] === error.writeId) return created;
        continue;
      }
      const statuses = (response.result ?? []).map((result) => result.statusCode);
      if (statuses.length > 0 && statuses.every((status) => status >= 200 && status < 300)) return created;
      // 412/409 on the counter, or 409 on the case: another instance took this number first.
      if ([409, 412].includes(statuses[0] ?? 0) || statuses[1] === 409) continue;
      throw new Error(`case batch failed with statuses ${statuses.join(',')}`);
    }
    throw new Error('could not take a case number: too much contention');
  }

  private async read<T>(tenantId: string, id: string): Promise<(T & { _etag?: string }) | undefined> {
    try {
      const { resource } = await this.container.item(id, tenantId).read<T & { _etag?: string }>();
      return resource ?? undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}

/** Plain records are JSON already; this only tells the SDK's types so. */
function asJson(value: object): JSONObject {
  return JSON.parse(JSON.stringify(value)) as JSONObject;
}
