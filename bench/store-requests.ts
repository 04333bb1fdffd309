import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Agent } from 'node:https';

/** What the store was asked while a window was open. */
export interface StoreWindow {
  /** Every request to the store. */
  requests: number;
  /** Requests that started while no other was in flight: round trips one after the other. */
  sequential: number;
  /** Query requests (the embedded store answers each by scanning its whole container). */
  queries: number;
  /** Documents that came back: items of query responses plus one per successful point read. */
  documents: number;
  /** Request lines, for reading what a turn asked (method, path, documents). */
  log: string[];
}

/**
 * Counts the requests the Cosmos SDK sends through one HTTPS agent: a wrapper at the agent level,
 * so the real SDK talks to the real (embedded) store and nothing is faked. It reads the item
 * count of query responses (`x-ms-item-count`) for the documents each request returned.
 */
export class StoreRequestCounter {
  private inFlight = 0;
  private window: StoreWindow = emptyWindow();

  constructor(agent: Agent) {
    const target = agent as unknown as { addRequest(req: ClientRequest, options: unknown): void };
    const original = target.addRequest.bind(target);
    target.addRequest = (req, options) => {
      this.started(req);
      original(req, options);
    };
  }

  /** Starts a new window and returns the one that just ended. */
  restart(): StoreWindow {
    const ended = this.window;
    this.window = emptyWindow();
    return ended;
  }

  private started(req: ClientRequest): void {
    const window = this.window;
    if (this.inFlight === 0) window.sequential += 1;
    this.inFlight += 1;
    window.requests += 1;
    const isQuery = req.getHeader('x-ms-documentdb-isquery') !== undefined;
    if (isQuery) window.queries += 1;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.inFlight -= 1;
    };
    req.once('response', (res: IncomingMessage) => {
      const items = Number(res.headers['x-ms-item-count'] ?? Number.NaN);
      const pointRead = req.method === 'GET' && /\/docs\/[^/]+$/.test(req.path) && res.statusCode === 200;
      const documents = Number.isFinite(items) ? items : pointRead ? 1 : 0;
      window.documents += documents;
      window.log.push(
        `${req.method} ${shortPath(req.path)}${isQuery ? ' (query)' : ''} -> ${res.statusCode}, ${documents} doc(s)`,
      );
      res.once('end', finish);
      res.once('close', finish);
    });
    req.once('error', finish);
    req.once('close', () => setImmediate(finish));
  }
}

function emptyWindow(): StoreWindow {
  return { requests: 0, sequential: 0, queries: 0, documents: 0, log: [] };
}

function shortPath(path: string): string {
  return path.replace(/^\/dbs\/[^/]+/, '').replace(/\/docs\/.+$/, '/docs/{id}');
}
