import type { Signal } from './signal';

/** A signal with the version storage needs to detect a concurrent change. */
export type VersionedSignal = Signal & { _etag: string };

/** Storage the signal rules need; implemented over Cosmos DB in bot/storage. */
export interface SignalRepository {
  findById(tenantId: string, id: string): Promise<VersionedSignal | undefined>;
  findByReference(tenantId: string, reference: string): Promise<VersionedSignal | undefined>;
  findByReceiptCodeHash(tenantId: string, receiptCodeHash: string): Promise<Signal | undefined>;
  listByReporter(tenantId: string, reporterAadObjectId: string, limit: number): Promise<Signal[]>;
  /** Every signal that is not closed: what `open` and handover work from. */
  listOpen(tenantId: string): Promise<Signal[]>;
  /** The signals linked to a case, oldest first: what the case card lists. */
  listByCase(tenantId: string, caseReference: string): Promise<Signal[]>;
  /** How many signals were reported since then: a count for the werkgroep's agenda, no details. */
  countCreatedSince(tenantId: string, since: Date): Promise<number>;
  countOpen(tenantId: string): Promise<number>;
  /** Open signals in every tenant whose feedback date has passed: an operator job's query. */
  listFeedbackOverdue(today: string): Promise<Signal[]>;
  /** Signals whose reference, category, location or text contains the words. */
  search(tenantId: string, text: string, categoryIds: string[], limit: number): Promise<Signal[]>;
  /**
   * Takes the tenant's next reference number for `year` and stores the signal built with it,
   * together with companion documents (outbox entries, a reporter link), in one transaction.
   * Concurrent callers never get the same number and no number is skipped. Returns undefined if
   * a signal with the built id exists.
   */
  createWithNextSequence(
    tenantId: string,
    year: number,
    build: (sequence: number) => { signal: Signal; companions: object[] },
  ): Promise<Signal | undefined>;
  /**
   * Replaces the signal if nobody changed it since it was read, together with companion documents
   * (outbox entries) in one transaction. False when someone else changed it first. Stores it
   * without the retention sweep's review, so the sweep looks at a changed signal again
   * (RetentionReview); the sweep keeps its reviews through RetentionStore.saveReviewed.
   */
  saveChange(signal: Signal, etag: string, companions: object[]): Promise<boolean>;
}
