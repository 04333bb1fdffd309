import type { VersionedSignal } from '../signals/signal-repository';
import type { DocumentStore } from '../werkgroep/werkgroep-repositories';
import type { RetentionPolicy } from './retention-policy';

/** Storage the retention rules need beyond the signal repository; Cosmos DB in bot/storage. */
export interface RetentionStore {
  policies: DocumentStore<RetentionPolicy>;
  /** Closed signals in every tenant whose personal data is still there: the sweep's work list. */
  listClosedNotAnonymised(): Promise<VersionedSignal[]>;
  /** Deletes the sealed link to an anonymous reporter; nothing happens when it is gone already. */
  removeReporterLink(tenantId: string, linkId: string): Promise<void>;
  /**
   * Removes what the outbox still holds about the signal: entries about it (feedback with its
   * personal line or question) and its line in handover lists. Idempotent. False when a handover
   * message with the line is being sent right now: the signal waits for the next pass.
   */
  removeOutboxTraces(tenantId: string, signalId: string, reference: string): Promise<boolean>;
}
