import {
  type ContainerDefinition,
  type PartitionKeyDefinition,
  PartitionKeyDefinitionVersion,
  PartitionKeyKind,
} from '@azure/cosmos';

/**
 * Every container is partitioned by tenant, with the hash Azure Cosmos DB gives new containers
 * (version 2; infra/ creates them so). Stated here too, so the embedded store of local mode and
 * the tests holds the same definition: the SDK hashes each bulk operation's partition key by this
 * version, and version 1's hashing of a tenant id (a GUID) costs a bulk request a quarter more CPU.
 */
const BY_TENANT: PartitionKeyDefinition = {
  paths: ['/tenantId'],
  kind: PartitionKeyKind.Hash,
  version: PartitionKeyDefinitionVersion.V2,
};

/**
 * Every container the bot uses, with its partition key and indexing policy: the single
 * definition that the code creates at start and that infra/ must match (a test checks it).
 *
 * `tenantData` holds a tenant's working documents (signals, counters, outbox entries still to
 * send, user profiles, settings), told apart by `type`. One container with the tenant as
 * partition key keeps a change and the messages it causes in one logical partition, so they can
 * be written in one transactional batch.
 *
 * The dedupe markers (one per incoming activity, kept a week by their own `ttl`) live here too:
 * only ever read by id, they are created in the same bulk request as the turn's first reads
 * (docs/decisions.md "The dedupe claim rides with the turn opener"); no query reads them but the
 * daily expiry's.
 *
 * What only grows with time and no turn reads lives elsewhere, so the container every turn
 * queries does not grow with the history (docs/decisions.md "A container per purpose"):
 * `outboxHistory` (messages that were sent or could not arrive).
 */
export const CONTAINERS = {
  tenantData: {
    id: 'tenantData',
    partitionKey: BY_TENANT,
    // Per-item expiry: only documents that set `ttl` (dedupe markers) expire; the rest stay.
    defaultTtl: -1,
    indexingPolicy: {
      indexingMode: 'consistent',
      automatic: true,
      includedPaths: [{ path: '/*' }],
      // Free text is never filtered by an index; leaving it out keeps writes cheap.
      excludedPaths: [{ path: '/description/?' }, { path: '/involved/?' }, { path: '/"_etag"/?' }],
      compositeIndexes: [
        [
          { path: '/type', order: 'ascending' },
          { path: '/status', order: 'ascending' },
          { path: '/nextAttemptAt', order: 'ascending' },
        ],
        [
          { path: '/type', order: 'ascending' },
          { path: '/reporterAadObjectId', order: 'ascending' },
          { path: '/createdAt', order: 'descending' },
        ],
      ],
    },
  },
  /**
   * Outbox entries that reached an end (sent, or unreachable): moved here by the repository when
   * the dispatcher records the end, so the dispatcher's and the turns' queries never scan them.
   * Read by the privacy jobs (retention, technical expiry) and by the outbox's duplicate check.
   */
  outboxHistory: {
    id: 'outboxHistory',
    partitionKey: BY_TENANT,
    defaultTtl: -1,
    indexingPolicy: {
      indexingMode: 'consistent',
      automatic: true,
      includedPaths: [{ path: '/*' }],
      excludedPaths: [{ path: '/"_etag"/?' }],
    },
  },
  /** Append-only trail of sensitive reads and every change. */
  audit: {
    id: 'audit',
    partitionKey: BY_TENANT,
    // Its own retention: 3 years, longer than any default signal term (docs/privacy.md). Azure
    // Cosmos DB expires entries itself, so no code path ever deletes from this container.
    defaultTtl: 3 * 365 * 24 * 3600,
    indexingPolicy: {
      indexingMode: 'consistent',
      automatic: true,
      includedPaths: [{ path: '/*' }],
      excludedPaths: [{ path: '/"_etag"/?' }],
    },
  },
} as const satisfies Record<string, ContainerDefinition>;

export type ContainerName = keyof typeof CONTAINERS;
