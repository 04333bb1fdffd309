import { join } from 'node:path';
import type { CosmosStore } from './cosmos-store';
import type { Restored } from './local-snapshot-file';

/** What the local snapshot needs of the embedded store (see LocalCosmosServer). */
export interface SnapshotTarget {
  /** How many writes the store has taken so far; a flush without any new ones reads nothing. */
  writes(): number;
  /** Loads the data file into the (empty) database, on the store's own thread. */
  restore(databaseId: string, file: string, now: Date): Promise<Restored>;
  /** Writes the database to the file unless its digest is `lastDigest`; returns the new digest. */
  flush(databaseId: string, file: string, lastDigest: string): Promise<string>;
}

/**
 * Keeps the local store's data in a file under the data directory, because the in-process
 * Cosmos server forgets everything when the process ends. Used only in local mode.
 */
export class LocalSnapshot {
  private lastDigest = '';
  private readonly file: string;
  private previousFlush: Promise<void> = Promise.resolve();
  private flushedGeneration = -1;

  constructor(
    private readonly store: CosmosStore,
    dataDir: string,
    private readonly target: SnapshotTarget,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.file = join(dataDir, 'cosmos-snapshot.json');
  }

  /**
   * Loads the last snapshot, if any, into the (empty) store. Returns the number of documents.
   * The store's thread reads the file and takes the documents in directly (local-snapshot-file.ts):
   * through the SDK, 10,000 signals took seconds of requests and left the whole parsed history,
   * twice over, in this thread's heap.
   */
  async restore(): Promise<number> {
    const { documents, digest } = await this.target.restore(this.store.database.id, this.file, this.now());
    this.lastDigest = digest;
    this.flushedGeneration = this.target.writes();
    return documents;
  }

  /**
   * Writes the store to the file if anything changed; atomic by rename, by the store's own thread
   * (local-snapshot-file.ts), so the history never passes through this one. Flushes run one after
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
    const generation = this.target.writes();
    if (generation === this.flushedGeneration) return;
    this.lastDigest = await this.target.flush(this.store.database.id, this.file, this.lastDigest);
    this.flushedGeneration = generation;
  }
}
