import { createRequire } from 'node:module';

/**
 * The embedded store (@vercel/cosmosdb-server, which runs each query through @zeit/cosmosdb-query
 * 0.7.2) builds a query's rows with `reduce(($, c) => [...$, { c }], [])`: every document copies
 * all rows gathered so far, so one query over a container costs time quadratic in its size.
 * Measured on one core: 100 documents 0.3 ms, 10,000 documents about 1 s, 40,000 documents about
 * 30 s. That, not the number of queries, is why the bench at 10,000 signals never finished.
 *
 * The generated reducers (the row builders, JOINs, the results' `stripUndefined`) all have one
 * shape: given an empty start array, they return the rows so far followed by the rows of one
 * document, or the rows so far unchanged. So the collection handed to the query engine is an array
 * whose `reduce` with an empty start array calls the reducer with an empty accumulator each time
 * and appends what comes back: the same rows, in the same order, in linear time. Every other
 * `reduce` (aggregates: a number or nothing to start from) is Array's own.
 *
 * Only the embedded store (tests, bench, local mode) is affected; Azure Cosmos DB answers from
 * its indexes.
 */
class AppendingRows<T> extends Array<T> {
  // biome-ignore lint/suspicious/noExplicitAny: Array#reduce's own overloads, passed through
  override reduce(callback: any, ...start: any[]): any {
    const [initial] = start;
    if (start.length !== 1 || !Array.isArray(initial) || initial.length !== 0) {
      return Array.prototype.reduce.apply(this, [callback, ...start] as never);
    }
    const rows = new AppendingRows<unknown>();
    for (let index = 0; index < this.length; index += 1) {
      const step = callback([], this[index], index, this) as unknown[];
      for (const row of step) rows.push(row);
    }
    return rows;
  }
}

interface QueryEngine {
  exec(collection: unknown[], options: unknown): unknown;
}

/** Set while `withTheEnginesOwnReduce` runs: the engine as shipped, for comparison in tests. */
let asShipped = false;

/** Runs `work` with the query engine's own (quadratic) reduce: the reference the tests compare with. */
export function withTheEnginesOwnReduce<T>(work: () => T): T {
  asShipped = true;
  try {
    return work();
  } finally {
    asShipped = false;
  }
}

let applied = false;

/** Makes every query of the embedded store in this thread linear in the documents it is handed. */
export function makeEmbeddedQueriesLinear(): void {
  if (applied) return;
  // The copy the server itself loads, not one of our own.
  const requireFromServer = createRequire(require.resolve('@vercel/cosmosdb-server'));
  const parse = requireFromServer('@zeit/cosmosdb-query').default as (sql: string) => QueryEngine;
  const prototype = Object.getPrototypeOf(parse('SELECT * FROM c')) as QueryEngine;
  const exec = prototype.exec;
  prototype.exec = function execOnAppendingRows(this: QueryEngine, collection, options) {
    if (asShipped) return exec.call(this, collection, options);
    const rows = new AppendingRows<unknown>();
    for (const document of collection) rows.push(document);
    return exec.call(this, rows, options);
  };
  applied = true;
}
