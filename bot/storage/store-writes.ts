import type { IncomingMessage } from 'node:http';

/** A request to the Cosmos REST API that may change a document: neither a GET nor a query. */
export function isStoreWrite(req: IncomingMessage): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  return req.headers['x-ms-documentdb-isquery'] === undefined;
}
