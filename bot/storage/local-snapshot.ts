import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Container, JSONObject, OperationInput } from '@azure/cosmos';
import { CONTAINERS, type ContainerName } from './containers';
import { withoutSystemProperties } from './cosmos-errors';
import type { CosmosStore } from './cosmos-store';
import { expiredOnRestore } from './expired-on-restore';

/**
 * Keeps the local store's data in a file under the data directory, because the in-process
 * Cosmos server forgets everything when the process ends. Used only in local mode.
 */
export class LocalSnapshot {
  private lastDigest = '';
  private readonly file: string;
  private previousFlush: Promise<void> = Promise.resolve();
  private flushedGeneration = -1;

  /** `changes` counts the writes the store has taken (see LocalCosmosServer.writes). */
  constructor(
    private readonly store: CosmosStore,
    private readonly dataDir: string,
    private readonly changes: () => number = () => Number.NaN,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.file = join(dataDir, 'cosmos-snapshot.json');
  }

  /**
   * Loads the last snapshot, if any, into the (empty) store. Returns the number of documents.
   * Documents go in batches of a hundred per request, several at a time: one request per document
   * made a history of 10,000 signals take half a minute to load.
   */
  async restore(): Promise<number> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    const snapshot = placedByPurpose(
      JSON.parse(text) as Partial<Record<ContainerName, Record<string, unknown>[]>>,
    );
    let count = 0;
    const now = this.now().getTime();
    for (const name of Object.keys(CONTAINERS) as ContainerName[]) {
      const documents = (snapshot[name] ?? []).filter((document) => !expiredOnRestore(name, document, now));
      await upsertInBatches(this.store.container(name), partitionKeyPath(name), documents);
      count += documents.length;
    }
    this.lastDigest = digest(text);
    this.flushedGeneration = this.changes();
    return count;
  }

  /**
   * Writes the store to the file if anything changed; atomic by rename. Flushes run one after
   * another: a timer's flush that read the store earlier must not rename its older copy over the
   * final flush at shutdown (that once brought back sent messages as unsent).
   */
  flush(): Promise<void> {
    const next = this.previousFlush.then(
      () => this.write(),
      () => this.write(),
    );
    this.previousFlush = next.catch(() => undefined);
    return next;
  }

  private async write(): Promise<void> {
    // Nothing written since the last flush: do not read the whole store to find that out.
    const generation = this.changes();
    if (generation === this.flushedGeneration) return;
    const snapshot: Record<string, unknown[]> = {};
    for (const name of Object.keys(CONTAINERS) as ContainerName[]) {
      const { resources } = await this.store.container(name).items.readAll().fetchAll();
      snapshot[name] = resources.map((document) =>
        withoutSystemProperties<Record<string, unknown>>(document),
      );
    }
    const text = JSON.stringify(snapshot);
    const textDigest = digest(text);
    if (textDigest === this.lastDigest) {
      this.flushedGeneration = generation;
      return;
    }
    await mkdir(this.dataDir, { recursive: true });
    const temporary = `${this.file}.tmp`;
    await writeFile(temporary, text, { mode: 0o600 });
    await rename(temporary, this.file);
    this.lastDigest = textDigest;
    this.flushedGeneration = generation;
  }
}

const BATCH_SIZE = 100;
const PARALLEL_BATCHES = 4;

async function upsertInBatches(
  container: Container,
  keyPath: string,
  documents: Record<string, unknown>[],
): Promise<void> {
  const batches: { partitionKey: string; documents: Record<string, unknown>[] }[] = [];
  const byPartition = new Map<string, Record<string, unknown>[]>();
  for (const document of documents) {
    const partitionKey = String(document[keyPath]);
    const list = byPartition.get(partitionKey) ?? [];
    list.push(document);
    byPartition.set(partitionKey, list);
  }
  for (const [partitionKey, list] of byPartition) {
    for (let i = 0; i < list.length; i += BATCH_SIZE)
      batches.push({ partitionKey, documents: list.slice(i, i + BATCH_SIZE) });
  }
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      const { partitionKey } = batch;
      const operations = batch.documents.map(
        (document): OperationInput => ({
          operationType: 'Upsert',
          partitionKey,
          resourceBody: document as JSONObject,
        }),
      );
      const response = await container.items.batch(operations, partitionKey);
      const failed = (response.result ?? []).find((result) => result.statusCode >= 300);
      if (failed) throw new Error(`restoring local data failed with status ${failed.statusCode}`);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_BATCHES }, worker));
}

/** The top-level property that partitions a container (`/tenantId` -> `tenantId`). */
function partitionKeyPath(name: ContainerName): string {
  return (CONTAINERS[name].partitionKey.paths[0] as string).slice(1);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A snapshot from before dedupe markers and finished outbox entries had containers of their own
 * holds them in `tenantData`: they are put where they belong now, so local data moves with the code.
 */
export function placedByPurpose(
  snapshot: Partial<Record<ContainerName, Record<string, unknown>[]>>,
): Partial<Record<ContainerName, Record<string, unknown>[]>> {
  const placed: Partial<Record<ContainerName, Record<string, unknown>[]>> = { ...snapshot, tenantData: [] };
  const put = (name: ContainerName, document: Record<string, unknown>) => {
    const documents = placed[name] ?? [];
    documents.push(document);
    placed[name] = documents;
  };
  for (const name of ['processedActivities', 'outboxHistory'] as const)
    placed[name] = [...(snapshot[name] ?? [])];
  for (const document of snapshot.tenantData ?? []) {
    if (document.type === 'processed-activity') put('processedActivities', document);
    else if (document.type === 'outbox' && document.status !== 'pending') put('outboxHistory', document);
    else put('tenantData', document);
  }
  return placed;
}
