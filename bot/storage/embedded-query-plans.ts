import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'node:https';

/**
 * The SDK asks for a query plan alongside every query (in parallel) and uses the plan only when
 * the store refuses the query itself for want of one (on Azure: a cross-partition ORDER BY or
 * aggregate). The embedded store knows no plan requests: it runs the query as if asked twice,
 * scanning the container twice, and it never refuses a query for want of a plan, so the plan it
 * sends is never used. Plan requests are answered at once with 400, which the SDK sets aside.
 * Azure Cosmos DB answers plans in its gateway, without a scan; this is for the embedded store only.
 */
export function answerQueryPlansAtOnce(server: Server): void {
  const handlers = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (String(req.headers['x-ms-cosmos-is-query-plan-request'] ?? '').toLowerCase() !== 'true') {
      for (const handler of handlers) handler.call(server, req, res);
      return;
    }
    req.resume();
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 'BadRequest', message: 'the embedded store serves no query plans' }));
  });
}
