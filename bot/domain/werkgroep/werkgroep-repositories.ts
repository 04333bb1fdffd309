import type { MeetingPlan } from './meetings';
import type { Goal, WerkgroepAction, WerkgroepChannel } from './werkgroep';

/** Versioned: read with the version storage needs to detect a concurrent change. */
export type WithVersion<T> = T & { _etag: string };

/** The storage the werkgroep rules need; one generic Cosmos implementation serves all three. */
export interface DocumentStore<T extends { id: string; tenantId: string }> {
  find(tenantId: string, id: string): Promise<WithVersion<T> | undefined>;
  createIfAbsent(document: T): Promise<boolean>;
  replace(document: T, etag: string): Promise<boolean>;
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
