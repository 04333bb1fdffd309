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
  ast: { body?: { from?: AstNode; where?: AstNode } };
  exec(collection: unknown[], options: { parameters?: { name: string; value: unknown }[] }): unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: the parser's syntax tree, read defensively
type AstNode = any;
type Document = Record<string, unknown>;
type Keep = (document: Document) => boolean;

/**
 * What an index does for Azure Cosmos DB: the WHERE clause's top-level conditions of the form
 * `c.field = value` and `c.field != value` (a string, number or boolean, written out or a
 * parameter) pick the documents before the engine evaluates the whole query on them. A document
 * left out here could never match: `=` in Cosmos SQL is true only for the same value of the same
 * type, and `!=` is never true for a missing field. Documents kept are still checked by the full
 * query, so the rows are the same; the engine just sees 50 open signals instead of 10,000.
 */
function preselection(query: QueryEngine, parameters: { name: string; value: unknown }[] = []): Keep[] {
  const body = query.ast?.body;
  const source = body?.from?.source;
  if (!body?.where || source?.expression?.type !== 'collection_expression') return [];
  const alias: string | undefined = source.alias?.name ?? source.expression.expression?.name;
  const conjuncts: AstNode[] = [];
  const collect = (node: AstNode) => {
    if (node?.type === 'scalar_binary_expression' && node.operator === 'AND') {
      collect(node.left);
      collect(node.right);
    } else conjuncts.push(node);
  };
  collect(body.where.condition);
  const keeps: Keep[] = [];
  for (const node of conjuncts) {
    if (node?.type !== 'scalar_binary_expression' || (node.operator !== '=' && node.operator !== '!='))
      continue;
    const { left, right } = node;
    if (left?.type !== 'scalar_member_expression' || left.computed || left.object?.type !== 'identifier')
      continue;
    if (left.object.name !== alias || left.property?.type !== 'identifier') continue;
    const field: string = left.property.name;
    const value =
      right?.type === 'parameter_name'
        ? parameters.find((parameter) => parameter.name === right.name)?.value
        : right?.type === 'string_constant' ||
            right?.type === 'number_constant' ||
            right?.type === 'boolean_constant'
          ? right.value
          : undefined;
    if (!['string', 'number', 'boolean'].includes(typeof value)) continue;
    keeps.push(
      node.operator === '='
        ? (document) => document[field] === value
        : (document) => document[field] !== undefined && document[field] !== value,
    );
  }
  return keeps;
}

let applied = false;

/**
 * Makes every query of the embedded store in this thread linear in the container's size, with
 * the simple conditions applied first (see `preselection`).
 */
export function makeEmbeddedQueriesLinear(): void {
  if (applied) return;
  // The copy the server itself loads, not one of our own.
  const requireFromServer = createRequire(require.resolve('@vercel/cosmosdb-server'));
  const parse = requireFromServer('@zeit/cosmosdb-query').default as (sql: string) => QueryEngine;
  const prototype = Object.getPrototypeOf(parse('SELECT * FROM c')) as QueryEngine;
  const exec = prototype.exec;
  prototype.exec = function execOnAppendingRows(this: QueryEngine, collection, options) {
    const keeps = preselection(this, options?.parameters);
    const rows = new AppendingRows<unknown>();
    for (const document of collection) {
      if (keeps.every((keep) => keep(document as Document))) rows.push(document);
    }
    return exec.call(this, rows, options);
  };
  applied = true;
}
