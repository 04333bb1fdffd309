import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONTAINERS, type ContainerName } from './containers';
import { withoutSystemProperties } from './cosmos-errors';
import type { CosmosStore } from './cosmos-store';

/**
 * Keeps the local store's data in a file under the data directory, because the in-process
 * Cosmos server forgets everything when the process ends. Used only in local mode.
 */
export class LocalSnapshot {
  private lastDigest = '';
  private readonly file: string;
  private previousFlush: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: CosmosStore,
    private readonly dataDir: string,
  ) {
    this.file = join(dataDir, 'cosmos-snapshot.json');
  }

  /** Loads the last snapshot, if any, into the (empty) store. Returns the number of documents. */
  async restore(): Promise<number> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    const snapshot = JSON.parse(text) as Partial<Record<ContainerName, Record<string, unknown>[]>>;
    let count = 0;
    for (const name of Object.keys(CONTAINERS) as ContainerName[]) {
      for (const document of snapshot[name] ?? []) {
        await this.store.container(name).items.upsert(document);
        count += 1;
      }
    }
    this.lastDigest = digest(text);
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
    const snapshot: Record<string, unknown[]> = {};
    for (const name of Object.keys(CONTAINERS) as ContainerName[]) {
      const { resources } = await this.store.container(name).items.readAll().fetchAll();
      snapshot[name] = resources.map((document) =>
        withoutSystemProperties<Record<string, unknown>>(document),
      );
    }
    const text = JSON.stringify(snapshot);
    const textDigest = digest(text);
    if (textDigest === this.lastDigest) return;
    await mkdir(this.dataDir, { recursive: true });
    const temporary = `${this.file}.tmp`;
    await writeFile(temporary, text, { mode: 0o600 });
    await rename(temporary, this.file);
    this.lastDigest = textDigest;
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
