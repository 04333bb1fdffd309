import type { TermsInForce } from '../privacy/retention-store';
import type { Case, CaseOutcome } from './case';

/** What the figures need of a case: dates, status and outcome; no title, no decisions, no partners. */
export interface CaseFacts {
  createdAt: string;
  status: Case['status'];
  closedAt?: string;
  outcome?: CaseOutcome;
}

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
  /**
   * Cases that were open at some moment in [fromIso, toIso): opened before its end and not closed
   * before its start. Bounded by the period and by what is open, not by all history.
   */
  factsActiveBetween(tenantId: string, fromIso: string, toIso: string): Promise<CaseFacts[]>;
  /**
   * The case retention sweep's work list, in every tenant: closed cases whose text is still there,
   * without a review, whose review's moment has come, or reviewed under other terms than their
   * tenant's now (as RetentionStore.listToReview for signals).
   */
  listToReview(now: Date, terms: TermsInForce): Promise<VersionedCase[]>;
  /**
   * Replaces the case if nobody changed it since it was read; false when someone else did. Stores
   * it without the retention sweep's review, so the sweep looks at a changed case again.
   */
  save(next: Case, etag: string): Promise<boolean>;
  /** The sweep's own reviews, each ETag-guarded, in bulk; true where stored. Keeps the review. */
  saveReviewed(changes: { case: Case; etag: string }[]): Promise<boolean[]>;
  /**
   * Drops the retention review of the case (nothing when it has none or does not exist), so the
   * next pass looks at it: called before one of its signals leaves it or loses its personal data,
   * the two events that can make a closed case due.
   */
  forgetRetentionReview(tenantId: string, reference: string): Promise<void>;
}
