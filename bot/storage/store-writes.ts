import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A request to the Cosmos REST API that may change a document: neither a GET nor a query (a
 * query, and the query plan the SDK asks for first, are POSTs with a query body).
 */
export function isStoreWrite(req: IncomingMessage): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  return !String(req.headers['content-type'] ?? '').startsWith('application/query+json');
}

/**
 * Calls `count` for a store write when the store answers it, i.e. once the document is in: not when
 * the request arrives. A large body comes over several socket reads, and a flush in between would
 * count a write it did not see and then skip every later flush (the write lost after a restart).
 * Counted as `end` is called rather than on 'finish': 'finish' comes after the bytes are sent, so a
 * client could already have its answer, and flush, before the count moved.
 */
export function countStoreWriteWhenAnswered(
  req: IncomingMessage,
  res: ServerResponse,
  count: () => void,
): void {
  if (!isStoreWrite(req)) return;
  const end = res.end as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    res.end = end as ServerResponse['end'];
    count();
    return end.apply(res, args);
  }) as ServerResponse['end'];
}
