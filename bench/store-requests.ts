import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Agent } from 'node:https';

/** What the store was asked while a window was open. */
export interface StoreWindow {
  /** Every request to the store. */
  requests: number;
  /**
   * Requests that started while no other was in flight: round trips one after the other. The
   * finish mark (the dedupe marker's upsert, written after the answer and not awaited by it) is
   * left out, as in test/turn-round-trips.test.ts: neither counted nor taken as in flight.
   */
  sequential: number;
  /** Query requests (the embedded store answers each by scanning its whole container). */
  queries: number;
  /** Documents that came back: items of query responses plus one per successful point read. */
  documents: number;
  /** Request lines, for reading what a turn asked (method, path, documents). */
  log: string[];
}

/** One request: when it started and ended (undefined: in flight), and whether it is a finish mark. */
interface Span {
  start: number;
  end?: number;
  finishMark: boolean;
}

/**
 * Counts the requests the Cosmos SDK sends through one HTTPS agent: a wrapper at the agent level,
 * so the real SDK talks to the real (embedded) store and nothing is faked. It reads the item
 * count of query responses (`x-ms-item-count`) for the documents each request returned.
 */
export class StoreRequestCounter {
  private window: StoreWindow = emptyWindow();
  private spans: Span[] = [];

  constructor(agent: Agent) {
    const target = agent as unknown as { addRequest(req: ClientRequest, options: unknown): void };
    const original = target.addRequest.bind(target);
    target.addRequest = (req, options) => {
      this.started(req);
      original(req, options);
    };
  }

  /** Resolves once no request is in flight (or after `withinMs`), so a window starts clean. */
  async whenQuiet(withinMs = 1000): Promise<void> {
    const deadline = performance.now() + withinMs;
    while (this.spans.some((span) => span.end === undefined) && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 1));
  }

  /** Starts a new window and returns the one that just ended. */
  restart(): StoreWindow {
    const ended = { ...this.window, sequential: sequentialOf(this.spans) };
    this.window = emptyWindow();
    // Requests still in flight stay: a request of the next window that starts meanwhile is not sequential.
    this.spans = this.spans.filter((span) => span.end === undefined);
    for (const span of this.spans) span.start = Number.NEGATIVE_INFINITY;
    return ended;
  }

  private started(req: ClientRequest): void {
    const window = this.window;
    const span: Span = { start: performance.now(), finishMark: false };
    this.spans.push(span);
    whenFinishMark(req, () => {
      span.finishMark = true;
    });
    window.requests += 1;
    const isQuery = req.getHeader('x-ms-documentdb-isquery') !== undefined;
    if (isQuery) window.queries += 1;
    const finish = () => {
      span.end ??= performance.now();
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

/** Requests (finish marks left out) that started while none was in flight; those from before the window count as in flight. */
function sequentialOf(spans: Span[]): number {
  const counted = spans.filter((span) => !span.finishMark);
  // In start order: a request is sequential when every one that started before it had ended.
  return counted.filter(
    (span, index) =>
      span.start !== Number.NEGATIVE_INFINITY &&
      counted.slice(0, index).every((before) => before.end !== undefined && before.end <= span.start),
  ).length;
}

/** Calls `then` once the request's body shows it is a finish mark: an upsert of a dedupe marker. */
function whenFinishMark(req: ClientRequest, then: () => void): void {
  if (String(req.getHeader('x-ms-documentdb-is-upsert') ?? '').toLowerCase() !== 'true') return;
  const end = req.end.bind(req) as (...args: unknown[]) => ClientRequest;
  (req as { end: (...args: unknown[]) => ClientRequest }).end = (...args: unknown[]) => {
    const [body] = args;
    if ((typeof body === 'string' || Buffer.isBuffer(body)) && /^\{"id":"activity:/.test(String(body)))
      then();
    return end(...args);
  };
}

function emptyWindow(): StoreWindow {
  return { requests: 0, sequential: 0, queries: 0, documents: 0, log: [] };
}

function shortPath(path: string): string {
  return path.replace(/^\/dbs\/[^/]+/, '').replace(/\/docs\/.+$/, '/docs/{id}');
}
