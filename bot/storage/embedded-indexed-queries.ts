import { createRequire } from 'node:module';
import { IndexedDocuments } from './embedded-indexes';
import { fieldConditions, type Parameter } from './embedded-query-conditions';
import { topOrder } from './embedded-top-prefix';
import { withTheEnginesOwnReduce } from './linear-embedded-queries';

/**
 * The embedded store (@vercel/cosmosdb-server 1.0.1) answers a query by reading every document of
 * the container into an array and handing it to the query engine: a query's cost grows with the
 * container, whatever it matches (at 10,000 signals about 1 ms of the store's CPU per query, and
 * every turn asks several). Azure Cosmos DB answers the same queries from its indexes.
 *
 * Here the store's `Documents#query` is answered the same way, except for which documents the
 * engine is handed: those the most selective top-level condition picks from a field index
 * (embedded-indexes.ts), filtered by the other such conditions; every document when no condition
 * selects (as before); for a TOP with ORDER BY, only the first of those in the engine's own order
 * that give it its rows (embedded-top-prefix.ts). The engine then runs the whole query on them as it always did, so the rows,
 * their order (the engine sorts every result by ORDER BY and `_rid`, never by the order it was
 * handed the documents), TOP, aggregates and continuation tokens are the ones the store gave
 * without indexes (test/embedded-indexes.property.test.ts compares the two).
 *
 * Only the embedded store (tests, bench, local mode) is affected.
 */
interface Engine {
  ast: unknown;
  exec(documents: unknown[], options: object): unknown;
}

type Document = Record<string, unknown>;

interface StoredItem {
  read(): Document | undefined;
}

/** The part of the store's `Documents` (its `Items` base) this reads; names are the library's. */
export interface EmbeddedDocuments {
  _data: Map<string, StoredItem>;
  _parent: { read(): { indexingPolicy?: { compositeIndexes?: unknown[] } } | undefined };
  _getQuery(sql: string): Engine;
  _userDefinedFunctions(): unknown;
  query(params: QueryParams, options: QueryOptions): unknown;
}

export interface QueryParams {
  query: string;
  parameters?: Parameter[];
}

export interface QueryOptions {
  maxItemCount?: number | null;
  continuation?: unknown;
}

let ownQuery: EmbeddedDocuments['query'] | undefined;

/** Answers every query of the embedded store in this thread from field indexes (see above). */
export function answerEmbeddedQueriesFromIndexes(): void {
  if (ownQuery) return;
  // The copy the server itself loads, not one of our own.
  const requireFromServer = createRequire(require.resolve('@vercel/cosmosdb-server'));
  const prototype = requireFromServer('./account/documents').default.prototype as EmbeddedDocuments;
  ownQuery = prototype.query;
  prototype.query = queryFromIndexes;
}

function queryFromIndexes(this: EmbeddedDocuments, params: QueryParams, options: QueryOptions): unknown {
  const { maxItemCount, continuation } = options;
  const parent = this._parent.read();
  if (!parent) return null;
  if (!(this._data instanceof IndexedDocuments)) this._data = IndexedDocuments.from(this._data);
  const documents = this._data as IndexedDocuments<StoredItem>;
  const engine = this._getQuery(params.query);
  const conditions = fieldConditions(engine.ast, params.parameters);
  // No condition that selects fewer than all: every document, as the store reads them.
  const selected =
    documents.candidates(conditions) ?? Array.from(documents.values(), (item) => item.read() as Document);
  const run = (handed: Document[], paging: QueryOptions) =>
    engine.exec(handed, {
      parameters: params.parameters,
      udf: this._userDefinedFunctions(),
      maxItemCount: paging.maxItemCount,
      continuation: paging.continuation,
      compositeIndexes: parent.indexingPolicy?.compositeIndexes ?? [],
    }) as { result: unknown[] };
  try {
    return answerTop(engine, params, selected, run, { maxItemCount, continuation }) ?? run(selected, options);
  } catch (error) {
    // As the store's own: an error of the engine is the query's fault (400).
    (error as { badRequest?: boolean }).badRequest = true;
    throw error;
  }
}

/**
 * For `TOP n … ORDER BY`: the answer from the first documents in the engine's order that give the
 * query its n rows (embedded-top-prefix.ts), rather than from all it selects. Undefined when this
 * does not apply or no shorter start gives n rows.
 */
function answerTop(
  engine: Engine,
  params: QueryParams,
  selected: Document[],
  run: (handed: Document[], paging: QueryOptions) => { result: unknown[] },
  paging: QueryOptions,
): unknown {
  const top = topOrder(engine.ast, params.parameters, selected);
  if (!top) return undefined;
  // A first page that can hold all n rows shows whether there are n; otherwise ask without paging.
  const whole = !paging.continuation && (!paging.maxItemCount || paging.maxItemCount >= top.rows);
  for (let first = Math.max(top.rows, 1); first < top.sorted.length; first *= 2) {
    const handed = top.sorted.slice(0, first);
    const answer = run(handed, whole ? paging : { maxItemCount: null, continuation: null });
    if (answer.result.length >= top.rows) return whole ? answer : run(handed, paging);
  }
  return run(top.sorted, paging);
}

/**
 * The store's answer as shipped: its own `query` over every document and the engine's own reduce.
 * For tests, which compare it with the indexed answer.
 */
export function queryWithoutIndexes(
  documents: EmbeddedDocuments,
  params: QueryParams,
  options: QueryOptions,
): unknown {
  if (!ownQuery) throw new Error('answerEmbeddedQueriesFromIndexes() has not run');
  const query = ownQuery;
  return withTheEnginesOwnReduce(() => query.call(documents, params, options));
}
