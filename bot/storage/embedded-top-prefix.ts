import type { Parameter } from './embedded-query-conditions';

/**
 * `SELECT TOP n … ORDER BY c.f` in the embedded store: its query engine sorts every document the
 * query selects and then keeps n. A reporter with 10,000 signals of their own asking for the latest
 * 20 costs a sort of 10,000 with the engine's comparator (which allocates on every comparison).
 * Azure Cosmos DB reads 20 from its composite index.
 *
 * Here the selected documents are sorted once as the engine would sort them (the same comparator:
 * `helpers.comparator` of @zeit/cosmosdb-query 0.7.2, ORDER BY keys, then `_rid`), with each key read
 * once per document, and the engine is handed the first documents of that order: if they give the
 * query its n rows, those are the rows it would have given on all of them (every document left out
 * sorts after every one handed, so none of them could be among the first n). Otherwise it is handed
 * twice as many, and so on. Only for a TOP with an ORDER BY of the document's own top-level fields,
 * without aggregates.
 */
type Document = Record<string, unknown>;

// biome-ignore lint/suspicious/noExplicitAny: the parser's syntax tree, read defensively
type AstNode = any;

export interface TopOrder {
  /** The TOP: how many rows the query keeps. */
  rows: number;
  /** The documents in the order the engine sorts them; those it would drop for a missing key left out. */
  sorted: Document[];
}

const TYPE_ORDERS = ['undefined', 'null', 'boolean', 'number', 'string', 'array', 'object'];

function typeOf(value: unknown): string {
  const type = typeof value;
  if (type !== 'object') return type;
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : type;
}

/** The engine's comparator (helpers.js), for values of any type. */
function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  const aType = typeOf(a);
  const bType = typeOf(b);
  if (aType === bType) {
    if (aType === 'object') return 0;
    return (a as number) < (b as number) ? -1 : 1;
  }
  return TYPE_ORDERS.indexOf(aType) < TYPE_ORDERS.indexOf(bType) ? -1 : 1;
}

/** The query's TOP and its documents in the engine's order, or undefined when this does not apply. */
export function topOrder(
  ast: AstNode,
  parameters: Parameter[] = [],
  documents: Document[],
): TopOrder | undefined {
  const body = ast?.body;
  const source = body?.from?.source;
  if (!body?.top || !body.orderBy || source?.expression?.type !== 'collection_expression') return undefined;
  const alias: string | undefined = source.alias?.name ?? source.expression.expression?.name;
  if (!alias || (body.from.joins ?? []).some((join: AstNode) => join?.alias?.name === alias))
    return undefined;
  if (/"name":"(COUNT|SUM|AVG|MIN|MAX)"/i.test(JSON.stringify(body.select ?? {}))) return undefined;
  if (body.select?.distinct) return undefined;

  const top = body.top.value;
  const rows =
    top?.type === 'number_constant'
      ? top.value
      : top?.type === 'parameter_name'
        ? parameters.find((parameter) => parameter.name === top.name)?.value
        : undefined;
  if (typeof rows !== 'number' || !Number.isInteger(rows) || rows < 0) return undefined;

  const orders: { field: string; descending: boolean }[] = [];
  for (const expression of body.orderBy.expressions ?? []) {
    const member = expression?.expression;
    if (member?.type !== 'scalar_member_expression' || member.object?.type !== 'identifier') return undefined;
    if (member.object.name !== alias || member.computed || member.property?.type !== 'identifier')
      return undefined;
    orders.push({ field: member.property.name, descending: expression.order === 'DESC' });
  }
  if (orders.length === 0) return undefined;

  // The engine drops a document whose key is missing when it sorts by one key only.
  const kept =
    orders.length === 1
      ? documents.filter((document) => document[(orders[0] as { field: string }).field] !== undefined)
      : documents;
  const decorated = kept.map((document) => ({
    document,
    keys: orders.map((order) => document[order.field]),
    rid: document._rid,
  }));
  decorated.sort((a, b) => {
    for (let i = 0; i < orders.length; i += 1) {
      const order = compare(a.keys[i], b.keys[i]);
      if (order !== 0) return (orders[i] as { descending: boolean }).descending ? -order : order;
    }
    return compare(a.rid, b.rid);
  });
  return { rows, sorted: decorated.map((entry) => entry.document) };
}
