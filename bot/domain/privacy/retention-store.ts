import type { Signal } from '../signals/signal';
import type { VersionedSignal } from '../signals/signal-repository';
import type { DocumentStore } from '../werkgroep/werkgroep-repositories';
import type { RetentionPolicy } from './retention-policy';

/** The terms each tenant's signals are reviewed under (retentionTermsKey). */
export interface TermsInForce {
  /** Tenants with terms of their own: a stored policy. */
  byTenant: Map<string, string>;
  /** Every other tenant: the default terms. */
  otherwise: string;
}

/** Storage the retention rules need beyond the signal repository; Cosmos DB in bot/storage. */
export interface RetentionStore {
  policies: DocumentStore<RetentionPolicy>;
  /** Every stored policy, across tenants: few documents, one per tenant that changed its terms. */
  listPolicies(): Promise<RetentionPolicy[]>;
  /**
   * The sweep's work list, in every tenant: closed signals whose personal data is still there and
   * that the sweep has to look at now. That is a signal without a review (never looked at, or
   * changed since), one whose review's moment has come (`after` ≤ now), or one reviewed under
   * other terms than its tenant's now. What is not due is not read, so a pass reads what is due,
   * not the whole history.
   */
  listToReview(now: Date, terms: TermsInForce): Promise<VersionedSignal[]>;
  /**
   * Stores the sweep's own changes (a review, a warning mark), each guarded by its ETag and each
   * on its own (bulk, not one transaction). True where stored; false where someone changed the
   * signal first, which the next pass settles. Unlike SignalRepository.saveChange, it keeps the
   * review it is given.
   */
  saveReviewed(changes: { signal: Signal; etag: string }[]): Promise<boolean[]>;
  /** Deletes the sealed link to an anonymous reporter; nothing happens when it is gone already. */
  removeReporterLink(tenantId: string, linkId: string): Promise<void>;
  /**
   * Removes what the outbox still holds about the signal: entries about it (feedback with its
   * personal line or question) and its line in handover lists. Idempotent. False when a handover
   * message with the line is being sent right now: the signal waits for the next pass.
   */
  removeOutboxTraces(tenantId: string, signalId: string, reference: string): Promise<boolean>;
}
