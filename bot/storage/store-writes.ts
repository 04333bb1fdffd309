import type { IncomingMessage } from 'node:http';

/**
 * A request to the Cosmos REST API that may change a document: neither a GET nor a query (a
 * query, and the query plan the SDK asks for first, are POSTs with a query body).
 */
export function isStoreWrite(req: IncomingMessage): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  return !String(req.headers['content-type'] ?? '').startsWith('application/query+json');
}
