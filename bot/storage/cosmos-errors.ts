/** Status code of an @azure/cosmos error, if it has one. */
export function cosmosStatus(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

export const isConflict = (error: unknown) => cosmosStatus(error) === 409;
export const isPreconditionFailed = (error: unknown) => cosmosStatus(error) === 412;
export const isNotFound = (error: unknown) => cosmosStatus(error) === 404;

/**
 * Strips Cosmos system properties (and the write stamp, see resilient-container.ts) so a read
 * document can be typed as a domain record.
 */
export function withoutSystemProperties<T>(document: T & Record<string, unknown>): T {
  const { _rid, _self, _etag, _ts, _attachments, writeId, ...rest } = document;
  return rest as T;
}
