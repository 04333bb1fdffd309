import type { OutboxEntry } from './outbox-entry';

/** An entry as read from storage, with the version the dispatcher must match to change it. */
export type VersionedOutboxEntry = OutboxEntry & { _etag: string };

export interface OutboxRepository {
  /**
   * Entries due for delivery in every tenant (the dispatcher is an operator job), except those of
   * `exceptTenants` (another instance is sending that tenant's fan-out).
   */
  findDue(now: Date, limit: number, exceptTenants?: string[]): Promise<VersionedOutboxEntry[]>;
  /** Writes entries; an entry whose id exists already is left as it is (dedupe). */
  enqueue(entries: OutboxEntry[]): Promise<void>;
  /** Applies a change if nobody else changed the entry since it was read; false if they did. */
  replaceIfUnchanged(
    entry: VersionedOutboxEntry,
    next: OutboxEntry,
  ): Promise<VersionedOutboxEntry | undefined>;
  /**
   * Applies several changes in one round trip (one tenant or several), each on its own: the new
   * version where nobody changed the entry since it was read, undefined where someone did (or
   * the store refused that one).
   */
  replaceEach(
    changes: { entry: VersionedOutboxEntry; next: OutboxEntry }[],
  ): Promise<(VersionedOutboxEntry | undefined)[]>;
  /**
   * Makes the entries waiting for this recipient's conversation due now (they just became
   * reachable). Entries being sent (leased) are left alone: moving one would break its lease.
   */
  wakeRecipient(tenantId: string, recipientAadObjectId: string, now: Date): Promise<void>;
  /** When the earliest pending entry in any tenant (but these) falls due; undefined when none is pending. */
  nextDueAt(exceptTenants?: string[]): Promise<Date | undefined>;
  /**
   * Takes or extends the tenant's sender lease for `instanceId` until `until`, unless another
   * instance holds it past `now`: then returns when that lease ends. One instance sends a
   * tenant's fan-out at a time, so their paces do not add up past Teams' tenant limit.
   */
  holdSender(
    tenantId: string,
    instanceId: string,
    now: Date,
    until: Date,
  ): Promise<{ heldElsewhereUntil?: Date }>;
  /** Lets the lease go (this instance has nothing more to send there), so another may start at once. */
  releaseSender(tenantId: string, instanceId: string, now: Date): Promise<void>;
}
