import { setTimeout as sleep } from 'node:timers/promises';
import type { Container, JSONObject, OperationInput, SqlParameter } from '@azure/cosmos';
import { ConflictError } from '../domain/errors';
import { isConflict, isNotFound, isPreconditionFailed, withoutSystemProperties } from './cosmos-errors';

/** A stored document with the version needed to change it safely. */
export type Versioned<T> = T & { _etag: string };

/**
 * `update` lost the race on every attempt: the document kept changing under it. A ConflictError,
 * so a person's change that meets it is told that someone else changed it first (the domain
 * catches no storage class for that).
 */
export class KeptChangingError extends ConflictError {
  constructor(type: string, attempts: number) {
    super(type);
    this.message = `${type} kept changing: no write after ${attempts} attempts`;
  }
}

/** Attempts of `update` when the caller names none: enough for the few writers one document has. */
const UPDATE_ATTEMPTS = 10;

/** Operations the SDK takes per partition in one bulk request. */
const BULK_CHUNK = 100;

/**
 * The common operations on one document type in a tenant-partitioned container: reads scoped to a
 * tenant, and the one way every repository does optimistic concurrency (a create that is a lock,
 * ETag-guarded replace and delete, the read/change/write loop). Domain repositories are built on it.
 */
export class CosmosDocuments<T extends { id: string; tenantId: string; type: string }> {
  constructor(
    private readonly container: Container,
    private readonly type: T['type'],
  ) {}

  async find(tenantId: string, id: string): Promise<Versioned<T> | undefined> {
    try {
      const { resource } = await this.container.item(id, tenantId).read<Versioned<T>>();
      if (!resource || resource.type !== this.type) return undefined;
      return versioned<T>(resource);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Creates the document; false when one with that id exists (a dedupe, or another instance won). */
  async createIfAbsent(document: T): Promise<boolean> {
    return (await this.tryCreate(document)) !== undefined;
  }

  /** Creates the document and answers it with its version; undefined when the id is taken (409). */
  async tryCreate(document: T): Promise<Versioned<T> | undefined> {
    try {
      const { resource } = await this.container.items.create(document);
      return resource ? versioned<T>(resource) : undefined;
    } catch (error) {
      if (isConflict(error)) return undefined;
      throw error;
    }
  }

  /** Replaces if unchanged since read; false when someone else changed it first. */
  async replace(document: T, etag: string): Promise<boolean> {
    return (await this.tryReplace(document, etag)) !== undefined;
  }

  /**
   * Replaces if unchanged since read and answers the new version; undefined when someone else
   * changed (or removed) it first. It gives up at once: whether to read again is the caller's rule.
   */
  async tryReplace(document: T, etag: string): Promise<Versioned<T> | undefined> {
    try {
      const { resource } = await this.container
        .item(document.id, document.tenantId)
        .replace(document, { accessCondition: { type: 'IfMatch', condition: etag } });
      return resource ? versioned<T>(resource) : undefined;
    } catch (error) {
      if (isPreconditionFailed(error) || isNotFound(error)) return undefined;
      throw error;
    }
  }

  /**
   * Read, change, write on the ETag, and again after a lost race (412, or 409 when two create it):
   * `change` gets the stored document (a fresh copy, without its ETag; undefined when absent) and
   * returns the next one, or undefined when nothing needs writing. It is applied anew to what the
   * winner wrote, so two writers of different fields both keep their change, and a decision
   * ("welcome only once") is taken on the latest version. Answers the document as it now stands
   * (undefined when absent and left so); throws KeptChangingError after `attempts` lost races.
   *
   * `from`: a version the caller read or wrote moments ago. A change is written on it without a
   * read first (one round trip instead of two); if it is old, the ETag refuses the write and the
   * loop reads as usual. A decision not to write is never taken on it: that is checked on a read.
   */
  async update(
    tenantId: string,
    id: string,
    change: (current: T | undefined) => T | undefined,
    options: { attempts?: number; from?: Versioned<T> } = {},
  ): Promise<Versioned<T> | undefined> {
    const attempts = options.attempts ?? UPDATE_ATTEMPTS;
    if (options.from) {
      const next = change(withoutEtag<T>(options.from));
      const written = next && (await this.tryReplace(next, options.from._etag));
      if (written) return written;
    }
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      const stored = await this.find(tenantId, id);
      const next = change(stored ? withoutEtag<T>(stored) : undefined);
      if (next === undefined) return stored;
      const written = stored ? await this.tryReplace(next, stored._etag) : await this.tryCreate(next);
      if (written) return written;
      // A short random pause, longer each time, so writers that keep colliding fall out of step.
      if (attempt < attempts) await sleep(Math.random() * 10 * attempt);
    }
    throw new KeptChangingError(this.type, attempts);
  }

  /**
   * Creates many documents in bulk requests (one per hundred, not one per document); an id that
   * exists already is left as it is (the id is the dedupe key). Answers, per document, whether it
   * was created. A document the bulk request refused for another reason (throttled, a lost answer)
   * is created once more on its own, where the store's retries and the ambiguity check apply.
   */
  async createEachIfAbsent(documents: T[]): Promise<boolean[]> {
    const created = documents.map(() => false);
    const alone: number[] = [];
    for (let start = 0; start < documents.length; start += BULK_CHUNK) {
      const chunk = documents.slice(start, start + BULK_CHUNK);
      if (chunk.length === 1) {
        alone.push(start);
        continue;
      }
      const answers = await this.container.items.bulk(
        chunk.map(
          (document): OperationInput => ({
            operationType: 'Create',
            partitionKey: document.tenantId,
            resourceBody: document as unknown as JSONObject,
          }),
        ),
        { continueOnError: true },
      );
      chunk.forEach((_, index) => {
        const status = answers[index]?.statusCode ?? 0;
        if (status < 300) created[start + index] = true;
        else if (status !== 409) alone.push(start + index);
      });
    }
    for (const index of alone) created[index] = await this.createIfAbsent(documents[index] as T);
    return created;
  }

  /**
   * Applies several ETag-guarded replaces in bulk (one request per hundred), each on its own, not
   * as a transaction: the new version where nobody changed the document since it was read,
   * undefined where someone did (or the store refused that one).
   */
  async replaceEach(changes: { document: T; etag: string }[]): Promise<(Versioned<T> | undefined)[]> {
    const results: (Versioned<T> | undefined)[] = [];
    for (let start = 0; start < changes.length; start += BULK_CHUNK) {
      const answers = await this.container.items.bulk(
        changes.slice(start, start + BULK_CHUNK).map(
          ({ document, etag }): OperationInput => ({
            operationType: 'Replace',
            id: document.id,
            partitionKey: document.tenantId,
            ifMatch: etag,
            resourceBody: document as unknown as JSONObject,
          }),
        ),
        { continueOnError: true },
      );
      for (const answer of answers) {
        const body = answer && answer.statusCode < 300 ? answer.resourceBody : undefined;
        results.push(body ? versioned<T>(body) : undefined);
      }
    }
    return results;
  }

  /** Writes the document whatever is stored (last writer wins): for copies, never for shared state. */
  async upsert(document: T): Promise<Versioned<T>> {
    const { resource } = await this.container.items.upsert(document);
    if (!resource) throw new Error(`${this.type} upsert answered without the document`);
    return versioned<T>(resource);
  }

  async remove(tenantId: string, id: string): Promise<void> {
    try {
      await this.container.item(id, tenantId).delete();
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /**
   * Deletes if unchanged since read; false when someone else changed it first. A document that is
   * gone already counts as removed: that is what was asked (and what a retried delete meets).
   */
  async removeIfUnchanged(tenantId: string, id: string, etag: string): Promise<boolean> {
    try {
      await this.container
        .item(id, tenantId)
        .delete({ accessCondition: { type: 'IfMatch', condition: etag } });
      return true;
    } catch (error) {
      if (isNotFound(error)) return true;
      if (isPreconditionFailed(error)) return false;
      throw error;
    }
  }

  /** Documents of this type in one tenant matching `filter` (SQL on alias c, after WHERE …AND). */
  async list(
    tenantId: string,
    filter = '',
    parameters: SqlParameter[] = [],
    orderBy = '',
  ): Promise<Versioned<T>[]> {
    const { resources } = await this.container.items
      .query<Versioned<T>>(
        {
          query: `SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = @type ${filter} ${orderBy}`,
          parameters: [
            { name: '@tenantId', value: tenantId },
            { name: '@type', value: this.type },
            ...parameters,
          ],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    return resources.map((resource) => versioned<T>(resource));
  }

  /** The same across every tenant, of one status if given: for operator jobs (reminders, schedules) only. */
  listAcrossTenants(status?: string): Promise<Versioned<T>[]> {
    return status === undefined
      ? this.listAcrossTenantsWhere()
      : this.listAcrossTenantsWhere('AND c.status = @status', [{ name: '@status', value: status }]);
  }

  /** Across every tenant, matching `filter` (SQL on alias c, after WHERE …AND): operator jobs only. */
  async listAcrossTenantsWhere(filter = '', parameters: SqlParameter[] = []): Promise<Versioned<T>[]> {
    const { resources } = await this.container.items
      .query<Versioned<T>>({
        query: `SELECT * FROM c WHERE c.type = @type ${filter}`,
        parameters: [{ name: '@type', value: this.type }, ...parameters],
      })
      .fetchAll();
    return resources.map((resource) => versioned<T>(resource));
  }

  /**
   * `update`, starting from a read the caller made moments ago (`stored` undefined: it found
   * nothing) instead of a read of its own: the decision not to write, and the write on its ETag,
   * are taken on it exactly as on the first read of `update`'s loop (it is one, only made earlier,
   * in the same turn). A lost race goes on as `update` does, with reads of its own.
   */
  async updateFromRead(
    tenantId: string,
    id: string,
    stored: Versioned<T> | undefined,
    change: (current: T | undefined) => T | undefined,
    options: { attempts?: number } = {},
  ): Promise<Versioned<T> | undefined> {
    const next = change(stored ? withoutEtag<T>(stored) : undefined);
    if (next === undefined) return stored;
    const written = stored ? await this.tryReplace(next, stored._etag) : await this.tryCreate(next);
    return written ?? this.update(tenantId, id, change, options);
  }
}

/** The stored document as a record of its type, with the version needed to change it. */
export function versioned<T>(resource: object): Versioned<T> {
  const stored = resource as T & Record<string, unknown> & { _etag: string };
  return { ...withoutSystemProperties<T>(stored), _etag: stored._etag };
}

function withoutEtag<T>(stored: Versioned<T>): T {
  const { _etag, ...body } = stored;
  return body as T;
}
