import type { OutboxEntry } from './outbox-entry';

/** An entry as read from storage, with the version the dispatcher must match to change it. */
export type VersionedOutboxEntry = OutboxEntry & { _etag: string };

export interface OutboxRepository {
  /** Entries due for delivery in every tenant: the dispatcher is an operator job. */
  findDue(now: Date, limit: number): Promise<VersionedOutboxEntry[]>;
  /** Writes entries; an entry whose id exists already is left as it is (dedupe). */
  enqueue(entries: OutboxEntry[]): Promise<void>;
  /** Applies a change if nobody else changed the entry since it was read; false if they did. */
  replaceIfUnchanged(
    entry: VersionedOutboxEntry,
    next: OutboxEntry,
  ): Promise<VersionedOutboxEntry | undefined>;
  /**
   * Makes the entries waiting for this recipient's conversation due now (they just became
   * reachable). Entries being sent (leased) are left alone: moving one would break its lease.
   */
  wakeRecipient(tenantId: string, recipientAadObjectId: string, now: Date): Promise<void>;
  /** When the earliest pending entry in any tenant falls due; undefined when none is pending. */
  nextDueAt(): Promise<Date | undefined>;
}
