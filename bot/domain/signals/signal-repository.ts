import type { OutboxEntry } from '../../outbox/outbox-entry';
import type { Signal } from './signal';

/** Storage the signal rules need; implemented over Cosmos DB in bot/storage. */
export interface SignalRepository {
  findById(tenantId: string, id: string): Promise<Signal | undefined>;
  findByReceiptCodeHash(tenantId: string, receiptCodeHash: string): Promise<Signal | undefined>;
  listByReporter(tenantId: string, reporterAadObjectId: string, limit: number): Promise<Signal[]>;
  /**
   * Takes the tenant's next reference number for `year` and stores the signal built with it,
   * together with its outbox entries, in one transaction. Concurrent callers never get the same
   * number and no number is skipped. Returns undefined if a signal with the built id exists.
   */
  createWithNextSequence(
    tenantId: string,
    year: number,
    build: (sequence: number) => { signal: Signal; outbox: OutboxEntry[] },
  ): Promise<Signal | undefined>;
}
