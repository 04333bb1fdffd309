import { couldMatch, type FieldCondition, type PlainValue } from './embedded-query-conditions';

/**
 * What an index does for Azure Cosmos DB, for the embedded store (@vercel/cosmosdb-server): the
 * documents of a container by the value of a top-level field, so that a query naming that value
 * is handed the documents that have it instead of every document of the container.
 *
 * The store keeps a container's documents in one Map (`Items#_data`, resource id -> item); every
 * write it accepts (create, replace, upsert, patch, delete, batch, bulk, the local data file's
 * restore) ends in that Map's `set` or `delete`. `IndexedDocuments` is that Map with the indexes
 * kept in step inside `set` and `delete`, so no write path can pass them by. A field is indexed
 * from the first query that selects by it (one pass over the container), then kept.
 *
 * Per field value the index holds the document objects themselves (no copies): one document alone,
 * or a Set of them. Arrays and objects share one bucket (no condition names them, but `!=` matches
 * them). The store never changes a stored document in place (every write stores a new object), so
 * a document is found again under the value it was indexed by.
 */
type Document = Record<string, unknown>;

/** Arrays and objects: one bucket, for `!=`. */
const COMPOSITE = Symbol('array or object');
type Key = PlainValue | typeof COMPOSITE;

function keyOf(value: unknown): Key {
  return value !== null && typeof value === 'object' ? COMPOSITE : (value as PlainValue);
}

class FieldIndex {
  private readonly buckets = new Map<Key, Document | Set<Document>>();
  /** Documents whose field is defined. */
  private defined = 0;

  constructor(private readonly field: string) {}

  add(document: Document): void {
    const value = document[this.field];
    if (value === undefined) return;
    const key = keyOf(value);
    const bucket = this.buckets.get(key);
    if (bucket === undefined) this.buckets.set(key, document);
    else if (bucket instanceof Set) bucket.add(document);
    else this.buckets.set(key, new Set([bucket, document]));
    this.defined += 1;
  }

  remove(document: Document): void {
    const value = document[this.field];
    if (value === undefined) return;
    const key = keyOf(value);
    const bucket = this.buckets.get(key);
    if (bucket === document) this.buckets.delete(key);
    else if (bucket instanceof Set && bucket.delete(document)) {
      if (bucket.size === 1) this.buckets.set(key, bucket.values().next().value as Document);
    } else return;
    this.defined -= 1;
  }

  private sizeOf(key: Key): number {
    const bucket = this.buckets.get(key);
    return bucket === undefined ? 0 : bucket instanceof Set ? bucket.size : 1;
  }

  /** How many documents `condition` could match: what choosing this index would hand the engine. */
  estimate(condition: FieldCondition): number {
    if (condition.kind === 'equals') return this.sizeOf(condition.value);
    if (condition.kind === 'differs') return this.defined - this.sizeOf(condition.value);
    let size = 0;
    for (const value of new Set(condition.values)) size += this.sizeOf(value);
    return size;
  }

  /** The documents `condition` could match, every one of them once. */
  select(condition: FieldCondition): Document[] {
    const keys: Iterable<Key> =
      condition.kind === 'equals'
        ? [condition.value]
        : condition.kind === 'one-of'
          ? new Set(condition.values)
          : [...this.buckets.keys()].filter((key) => key !== condition.value);
    const selected: Document[] = [];
    for (const key of keys) {
      const bucket = this.buckets.get(key);
      if (bucket instanceof Set) for (const document of bucket) selected.push(document);
      else if (bucket !== undefined) selected.push(bucket);
    }
    return selected;
  }
}

interface StoredItem {
  read(): Document | undefined;
}

/**
 * The store's Map of a container's documents, with equality indexes kept in step with every
 * `set` and `delete`. Iteration order, sizes and lookups are the Map's own.
 */
export class IndexedDocuments<Item extends StoredItem> extends Map<string, Item> {
  private readonly indexes = new Map<string, FieldIndex>();

  /** The same entries, in the same order, as `items`. */
  static from<Item extends StoredItem>(items: Map<string, Item>): IndexedDocuments<Item> {
    const indexed = new IndexedDocuments<Item>();
    for (const [rid, item] of items) indexed.set(rid, item);
    return indexed;
  }

  override set(rid: string, item: Item): this {
    // The Map's constructor calls `set` before this class's fields exist; nothing is indexed then.
    const previous = this.indexes ? super.get(rid)?.read() : undefined;
    super.set(rid, item);
    if (!this.indexes) return this;
    const document = item.read();
    for (const index of this.indexes.values()) {
      if (previous) index.remove(previous);
      if (document) index.add(document);
    }
    return this;
  }

  override delete(rid: string): boolean {
    const previous = super.get(rid)?.read();
    if (!super.delete(rid)) return false;
    if (previous) for (const index of this.indexes.values()) index.remove(previous);
    return true;
  }

  override clear(): void {
    super.clear();
    this.indexes.clear();
  }

  /**
   * The documents a query with these conditions could match, by the most selective of them, or
   * undefined when none selects fewer than all documents (the caller then reads them all). The
   * engine still evaluates the whole query on each document returned.
   */
  candidates(conditions: FieldCondition[]): Document[] | undefined {
    let best: { index: FieldIndex; condition: FieldCondition; size: number } | undefined;
    for (const condition of conditions) {
      const index = this.indexOf(condition.field);
      const size = index.estimate(condition);
      if (size < (best?.size ?? this.size)) best = { index, condition, size };
    }
    if (!best) return undefined;
    const selected = best.index.select(best.condition);
    const others = conditions.filter((condition) => condition !== best.condition);
    return others.length === 0
      ? selected
      : selected.filter((document) => others.every((condition) => couldMatch(condition, document)));
  }

  private indexOf(field: string): FieldIndex {
    let index = this.indexes.get(field);
    if (!index) {
      index = new FieldIndex(field);
      for (const item of super.values()) {
        const document = item.read();
        if (document) index.add(document);
      }
      this.indexes.set(field, index);
    }
    return index;
  }
}
