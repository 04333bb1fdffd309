import type { Clock } from '../../clock';

/**
 * Technical documents that only serve the machinery expire. In Azure Cosmos DB a document with a
 * `ttl` is removed by the service; the embedded local store has no TTL, and some documents only
 * become expirable when their state changes (an outbox entry once sent), so this one rule runs
 * as a daily sweep in every mode. The ages are in docs/privacy.md.
 */
export interface ExpiryRule {
  /** A name for logs and docs. */
  name: 'processed-activity' | 'outbox-sent' | 'outbox-unreachable' | 'occurrence-claim';
  maxAgeDays: number;
}

export const EXPIRY_RULES: ExpiryRule[] = [
  // Teams redelivers within minutes; the marker's own Azure TTL is 7 days too.
  { name: 'processed-activity', maxAgeDays: 7 },
  // Delivered messages: a month to answer "did it arrive?"; a feedback line can hold personal text.
  { name: 'outbox-sent', maxAgeDays: 30 },
  // Never delivered (recipient gone): a coordinator was told at the time.
  { name: 'outbox-unreachable', maxAgeDays: 90 },
  // Finished occurrence claims: the schedule's own cursor prevents a rerun, the claim is history.
  { name: 'occurrence-claim', maxAgeDays: 90 },
];

export interface TechnicalDocuments {
  /** Deletes the documents each rule covers that are older than its cut-off, in one pass; returns how many. */
  deleteExpired(cutOffs: { rule: ExpiryRule; before: Date }[]): Promise<number>;
}

/** Applies every rule once; returns how many documents were removed. */
export async function expireTechnicalDocuments(deps: {
  technical: TechnicalDocuments;
  clock: Clock;
}): Promise<number> {
  const now = deps.clock.now().getTime();
  return deps.technical.deleteExpired(
    EXPIRY_RULES.map((rule) => ({ rule, before: new Date(now - rule.maxAgeDays * 86_400_000) })),
  );
}
