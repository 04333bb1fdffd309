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
  listAcrossTenants(): Promise<WithVersion<T>[]>;
}

export interface WerkgroepStores {
  channels: DocumentStore<WerkgroepChannel>;
  actions: DocumentStore<WerkgroepAction>;
  goals: DocumentStore<Goal>;
  meetings: DocumentStore<MeetingPlan>;
}
