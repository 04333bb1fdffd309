import type { Case } from './case';

/** A case with the version storage needs to detect a concurrent change. */
export type VersionedCase = Case & { _etag: string };

/** Storage the case rules need; implemented over Cosmos DB in bot/storage. Every call names the tenant. */
export interface CaseRepository {
  findByReference(tenantId: string, reference: string): Promise<VersionedCase | undefined>;
  findById(tenantId: string, id: string): Promise<VersionedCase | undefined>;
  /** Open cases, oldest first: what `casussen` shows. */
  listOpen(tenantId: string): Promise<Case[]>;
  /**
   * Takes the tenant's next case number for `year` and stores the case built with it in one
   * transaction with the counter, so no number is used twice or skipped.
   */
  createWithNextSequence(tenantId: string, year: number, build: (sequence: number) => Case): Promise<Case>;
  /** Replaces the case if nobody changed it since it was read; false when someone else did. */
  save(next: Case, etag: string): Promise<boolean>;
}
