import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type Account from '@vercel/cosmosdb-server/lib/account';
import { CONTAINERS, type ContainerName } from './containers';
import { withoutSystemProperties } from './cosmos-errors';
import { expiredOnRestore } from './expired-on-restore';

type Document = Record<string, unknown>;
export type SnapshotContents = Partial<Record<ContainerName, Document[]>>;

/** What a restore loaded: the number of documents and the digest of the file it read. */
export interface Restored {
  documents: number;
  digest: string;
}

/** The live documents of a data file, by container, and the digest of the file. */
export interface SnapshotRead {
  contents: SnapshotContents;
  digest: string;
}

/**
 * Reads the local data file: places documents by purpose and leaves out what would already be gone
 * (expired-on-restore.ts). In local mode this runs on a short-lived thread of its own
 * (local-snapshot-reader.ts), so the file's text and the expired documents never enter a heap
 * that stays.
 */
export async function readSnapshotFile(file: string, now: number): Promise<SnapshotRead> {
  let text: string;
  let parsed: SnapshotContents;
  try {
    text = await readFile(file, 'utf8');
    parsed = JSON.parse(text) as SnapshotContents;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { contents: {}, digest: '' };
    // Name the file: the person starting the bot must know which file to repair, move or delete.
    throw new Error(`cannot read the local data file ${file}: ${(error as Error).message}`);
  }
  const digest = snapshotDigest(text);
  const placed = placedByPurpose(parsed);
  const contents: SnapshotContents = {};
  for (const name of Object.keys(CONTAINERS) as ContainerName[])
    contents[name] = (placed[name] ?? []).filter((document) => !expiredOnRestore(name, document, now));
  return { contents, digest };
}

/**
 * Puts documents straight into the embedded store's account: no request per batch, no copy of the
 * history in the bot's heap. The database and its containers exist already (the bot creates them
 * through the SDK first). Returns the number of documents.
 */
export function putIntoEmbeddedStore(
  account: Account,
  databaseId: string,
  contents: SnapshotContents,
): number {
  const database = account.database(databaseId);
  if (!database.read()) throw new Error(`restoring local data: database ${databaseId} does not exist`);
  let documents = 0;
  for (const name of Object.keys(CONTAINERS) as ContainerName[]) {
    const collection = database.collection(CONTAINERS[name].id);
    if (!collection.read()) throw new Error(`restoring local data: container ${name} does not exist`);
    for (const document of contents[name] ?? []) collection.documents.upsert(document);
    documents += contents[name]?.length ?? 0;
  }
  return documents;
}

/** Reads the data file and loads it, in this thread (the store in the bot's process: tests). */
export async function loadSnapshotFile(
  account: Account,
  databaseId: string,
  file: string,
  now: number,
): Promise<Restored> {
  const { contents, digest } = await readSnapshotFile(file, now);
  return { documents: putIntoEmbeddedStore(account, databaseId, contents), digest };
}

/**
 * Writes the embedded store's database to the data file unless it is the same as `lastDigest`;
 * atomic by rename. Reads the account directly, on the store's own thread in local mode: through
 * the SDK every flush (two seconds after any write) copied the whole history into the bot's heap.
 * Returns the digest of what the file now holds.
 */
export async function writeSnapshotFile(
  account: Account,
  databaseId: string,
  file: string,
  lastDigest: string,
): Promise<string> {
  const database = account.database(databaseId);
  const snapshot: Record<string, Document[]> = {};
  for (const name of Object.keys(CONTAINERS) as ContainerName[]) {
    // Every document as stored (no query: the engine would copy each one first).
    const stored = database.collection(CONTAINERS[name].id).documents._data.values();
    snapshot[name] = Array.from(stored, (item) => withoutSystemProperties<Document>(item.read() as Document));
  }
  const text = JSON.stringify(snapshot);
  const digest = snapshotDigest(text);
  if (digest === lastDigest) return digest;
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await rename(temporary, file);
  return digest;
}

export function snapshotDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Local data moves with the code. A snapshot from before finished outbox entries had a container
 * of their own holds them in `tenantData`: they go to `outboxHistory`. One from when dedupe
 * markers had a container of their own (`processedActivities`) holds them there: they go back to
 * `tenantData`, where the claim now rides with the turn's first reads.
 */
export function placedByPurpose(
  snapshot: SnapshotContents & { processedActivities?: Document[] },
): SnapshotContents {
  const { processedActivities = [], ...current } = snapshot;
  const tenantData: Document[] = [];
  const outboxHistory: Document[] = [...(snapshot.outboxHistory ?? [])];
  for (const document of [...(snapshot.tenantData ?? []), ...processedActivities]) {
    if (document.type === 'outbox' && document.status !== 'pending') outboxHistory.push(document);
    else tenantData.push(document);
  }
  return { ...current, tenantData, outboxHistory };
}
