import { EXPIRY_RULES, type ExpiryRule } from '../domain/privacy/technical-expiry';
import { CONTAINERS, type ContainerName } from './containers';

type Document = Record<string, unknown>;

/**
 * Which documents each technical expiry rule covers, and the date it reads: the same selection as
 * the daily job's queries (cosmos-technical-expiry-for-privacy.ts), as a test on one document.
 */
const DATED_BY: Record<ExpiryRule['name'], (document: Document) => unknown> = {
  'processed-activity': (d) => (d.type === 'processed-activity' ? d.at : undefined),
  'outbox-sent': (d) => (d.type === 'outbox' && d.status === 'sent' ? d.sentAt : undefined),
  'outbox-unreachable': (d) => (d.type === 'outbox' && d.status === 'unreachable' ? d.createdAt : undefined),
  'occurrence-claim': (d) =>
    d.type === 'occurrence-claim' && d.status !== 'running' ? d.claimedAt : undefined,
};

const DAY_MS = 86_400_000;

/**
 * Whether a document from the local data file would already be gone: the embedded store removes
 * nothing by itself, so the restore leaves out what Azure Cosmos DB or the daily technical expiry
 * would have removed by now. Loading it would only cost start-up time and memory until the next
 * daily pass deletes it:
 * - a document whose own `ttl` has run out (dedupe markers, dated by `at`: a week after the turn);
 * - a document past its container's default TTL (the audit trail: three years), dated by `at`;
 * - a technical document past its rule in EXPIRY_RULES (sent messages after 30 days, ...).
 */
export function expiredOnRestore(container: ContainerName, document: Document, now: number): boolean {
  const { ttl, at } = document;
  const containerTtl: number = CONTAINERS[container].defaultTtl;
  const ownTtl = typeof ttl === 'number' && ttl > 0 ? ttl : containerTtl > 0 ? containerTtl : undefined;
  if (ownTtl !== undefined && typeof at === 'string' && Date.parse(at) + ownTtl * 1000 <= now) return true;
  return EXPIRY_RULES.some((rule) => {
    const dated = DATED_BY[rule.name](document);
    return typeof dated === 'string' && Date.parse(dated) < now - rule.maxAgeDays * DAY_MS;
  });
}
