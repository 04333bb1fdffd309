import type { Container } from '@azure/cosmos';
import { type Case, caseIdOf } from '../domain/cases/case';
import type { CaseFacts, CaseRepository, VersionedCase } from '../domain/cases/case-repository';
import type { TermsInForce } from '../domain/privacy/retention-store';
import { CosmosDocuments, versioned } from './cosmos-documents';
import { GaplessCounter } from './gapless-counter';
import { listToReview, type ReviewedDocuments } from './retention-review-queries';

const CASES_TO_REVIEW: ReviewedDocuments = {
  pending: 'c.type = "case" AND c.status = "closed" AND NOT IS_DEFINED(c.anonymisedAt)',
  review: 'c.retentionReview',
};

/**
 * Cases in the tenant's partition, with their own gapless counter per year. Kept in this one module
 * (its container is `tenantData` today), so moving cases to another container is one constructor
 * argument in app.ts; the counter must move with them, because it is written in the case's batch.
 */
export class CosmosCaseRepository implements CaseRepository {
  private readonly documents: CosmosDocuments<Case>;
  /** Cases are opened a few times a month; a handful of rounds settles a race between instances. */
  private readonly references: GaplessCounter;

  constructor(private readonly container: Container) {
    this.documents = new CosmosDocuments<Case>(container, 'case');
    this.references = new GaplessCounter(container, {
      existingDocumentMeans: 'number-taken',
      maxAttempts: 20,
    });
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
  async listToReview(now: Date, terms: TermsInForce): Promise<VersionedCase[]> {
    const found = await listToReview<VersionedCase>(this.container, CASES_TO_REVIEW, now, terms);
    return found.map((resource) => versioned<Case>(resource));
  }

  save(next: Case, etag: string): Promise<boolean> {
    const { retentionReview, ...changed } = next;
    return this.documents.replace(changed, etag);
  }

  async saveReviewed(changes: { case: Case; etag: string }[]): Promise<boolean[]> {
    const stored = await this.documents.replaceEach(
      changes.map((change) => ({ document: change.case, etag: change.etag })),
    );
    return stored.map((each) => each !== undefined);
  }

  async forgetRetentionReview(tenantId: string, reference: string): Promise<void> {
    await this.documents.update(tenantId, caseIdOf(reference.toUpperCase()), (current) => {
      if (!current?.retentionReview) return undefined;
      const { retentionReview, ...rest } = current;
      return rest;
    });
  }

  /** The case with the tenant's next case number, in one batch with the counter (see GaplessCounter). */
  async createWithNextSequence(
    tenantId: string,
    year: number,
    build: (sequence: number) => Case,
  ): Promise<Case> {
    let created: Case | undefined;
    await this.references.take(tenantId, `counter:case-reference:${year}`, (next) => {
      created = build(next);
      return [created];
    });
    return created as Case;
  }
}
