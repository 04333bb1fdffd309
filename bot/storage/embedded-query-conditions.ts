/**
 * The conditions of an embedded-store query that select documents by one top-level field, read
 * from the syntax tree of @zeit/cosmosdb-query (the engine of @vercel/cosmosdb-server). Only the
 * WHERE clause's top-level AND terms count: a document that fails one of them is in no row, so a
 * store may leave it out before the engine runs the query (the engine still checks every document
 * it gets). Each kind below is exactly the engine's own rule for a value stored in a document
 * (JSON: a string, number, boolean, null, array or object):
 *
 * - `c.f = v` (v a string, number, boolean or null): true only for the same value of the same type
 *   (`helpers.equal`: `1 = "1"` is false, a missing field is never equal to anything);
 * - `c.f != v`: true for every defined value that is not that one (also null, arrays and objects);
 * - `c.f IN (v1, v2)` and `ARRAY_CONTAINS([v1, v2], c.f)` / `ARRAY_CONTAINS(@list, c.f)`: true for
 *   a value `===` one of them (IN is `Array#includes`; ARRAY_CONTAINS compares deeply, which for
 *   a list of plain values is `===`).
 *
 * Anything else (nested paths, functions of the field, a list holding an object, a parameter
 * that was not given) is not a selecting condition: the query then reads what it read before.
 */

/** A value a condition can name: what JSON gives besides arrays and objects. */
export type PlainValue = string | number | boolean | null;

export type FieldCondition =
  | { field: string; kind: 'equals'; value: PlainValue }
  | { field: string; kind: 'differs'; value: PlainValue }
  | { field: string; kind: 'one-of'; values: PlainValue[] };

// biome-ignore lint/suspicious/noExplicitAny: the parser's syntax tree, read defensively
type AstNode = any;

export interface Parameter {
  name: string;
  value: unknown;
}

export function isPlainValue(value: unknown): value is PlainValue {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** The selecting conditions of a query's WHERE clause (none for a query without one). */
export function fieldConditions(ast: AstNode, parameters: Parameter[] = []): FieldCondition[] {
  const body = ast?.body;
  const source = body?.from?.source;
  if (!body?.where || source?.expression?.type !== 'collection_expression') return [];
  const alias: string | undefined = source.alias?.name ?? source.expression.expression?.name;
  // `FROM c JOIN c IN c.children`: `c` in the WHERE clause would no longer be the document.
  const joins: AstNode[] = body.from.joins ?? [];
  if (!alias || joins.some((join) => join?.alias?.name === alias)) return [];

  const fieldOf = (node: AstNode): string | undefined => {
    if (node?.type !== 'scalar_member_expression' || node.object?.type !== 'identifier') return undefined;
    if (node.object.name !== alias) return undefined;
    if (!node.computed && node.property?.type === 'identifier') return node.property.name;
    if (node.computed && node.property?.type === 'string_constant') return node.property.value;
    return undefined;
  };
  const NOT_A_VALUE = Symbol('not a plain value');
  const plainValueOf = (node: AstNode): PlainValue | typeof NOT_A_VALUE => {
    if (node?.type === 'null_constant') return null;
    if (['string_constant', 'number_constant', 'boolean_constant'].includes(node?.type)) return node.value;
    if (node?.type === 'parameter_name') {
      const given = parameters.find((parameter) => parameter.name === node.name);
      return given && isPlainValue(given.value) ? given.value : NOT_A_VALUE;
    }
    return NOT_A_VALUE;
  };
  const listOf = (node: AstNode): PlainValue[] | undefined => {
    const items: unknown[] | undefined =
      node?.type === 'array_constant'
        ? (node.elements ?? []).map(plainValueOf)
        : node?.type === 'parameter_name'
          ? (parameters.find((parameter) => parameter.name === node.name)?.value as unknown[] | undefined)
          : undefined;
    if (!Array.isArray(items) || !items.every(isPlainValue)) return undefined;
    return items as PlainValue[];
  };

  const terms: AstNode[] = [];
  const collect = (node: AstNode) => {
    if (node?.type === 'scalar_binary_expression' && node.operator === 'AND') {
      collect(node.left);
      collect(node.right);
    } else terms.push(node);
  };
  collect(body.where.condition);

  const conditions: FieldCondition[] = [];
  for (const node of terms) {
    if (node?.type === 'scalar_binary_expression' && (node.operator === '=' || node.operator === '!=')) {
      // Either side may name the field: `c.type = "signal"` or `"signal" = c.type`.
      const leftField = fieldOf(node.left);
      const field = leftField ?? fieldOf(node.right);
      const value = plainValueOf(leftField ? node.right : node.left);
      if (field === undefined || value === NOT_A_VALUE) continue;
      conditions.push({ field, kind: node.operator === '=' ? 'equals' : 'differs', value });
    } else if (node?.type === 'scalar_in_expression') {
      const field = fieldOf(node.value);
      const values = (node.list ?? []).map(plainValueOf);
      if (field === undefined || values.some((value: unknown) => value === NOT_A_VALUE)) continue;
      conditions.push({ field, kind: 'one-of', values });
    } else if (
      node?.type === 'scalar_function_expression' &&
      String(node.name?.name).toUpperCase() === 'ARRAY_CONTAINS' &&
      node.arguments?.length === 2
    ) {
      const field = fieldOf(node.arguments[1]);
      const values = listOf(node.arguments[0]);
      if (field === undefined || !values) continue;
      conditions.push({ field, kind: 'one-of', values });
    }
  }
  return conditions;
}

/** Whether a document's field could satisfy the condition (the same rule as the engine's). */
export function couldMatch(condition: FieldCondition, document: Record<string, unknown>): boolean {
  const value = document[condition.field];
  if (value === undefined) return false;
  if (condition.kind === 'equals') return value === condition.value;
  if (condition.kind === 'differs') return value !== condition.value;
  return condition.values.includes(value as PlainValue);
}
