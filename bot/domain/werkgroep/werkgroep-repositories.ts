import type { MeetingPlan } from './meetings';
import type { Goal, WerkgroepAction, WerkgroepChannel } from './werkgroep';

/** Versioned: read with the version storage needs to detect a concurrent change. */
export type WithVersion<T> = T & { _etag: string };

/** The storage the werkgroep rules need; one generic Cosmos implementation serves all three. */
export interface DocumentStore<T extends { id: string; tenantId: string }> {
  find(tenantId: string, id: string): Promise<WithVersion<T> | undefined>;
  createIfAbsent(document: T): Promise<boolean>;
  replace(document: T, etag: string): Promise<boolean>;
  /**
   * Read, change, write on the version read, and again on what another writer wrote meanwhile:
   * `change` gets the stored document (undefined when absent) and returns the next one, or
   * undefined when nothing needs writing. Answers the document as it now stands; a ConflictError
   * when it kept changing. The one retry loop: domain rules put their change here, not in a loop.
   */
  update(
    tenantId: string,
    id: string,
    change: (current: T | undefined) => T | undefined,
    options?: { attempts?: number },
  ): Promise<WithVersion<T> | undefined>;
  list(tenantId: string): Promise<WithVersion<T>[]>;
  /** Deletes it; nothing happens when it is gone already. */
  remove(tenantId: string, id: string): Promise<void>;
  /**
   * Every tenant's documents of this type, or only those with this status (the minute checks
   * want open rounds and open actions; the closed ones pile up four a year per tenant).
   */
  listAcrossTenants(status?: string): Promise<WithVersion<T>[]>;
}

export interface WerkgroepStores {
  channels: DocumentStore<WerkgroepChannel>;
  actions: DocumentStore<WerkgroepAction>;
  goals: DocumentStore<Goal>;
  meetings: DocumentStore<MeetingPlan>;
}
