import type { ClientRequest } from 'node:http';
import type { Agent } from 'node:https';

/** One request to the store, and the round trip it belongs to (1 = the first). */
export interface StoreRequest {
  roundTrip: number;
  method: string;
  /** The container and, for point operations, "docs" (ids left out: they vary). */
  path: string;
  /** For a point operation, the document id's kind (what precedes its first ':', e.g. `user`). */
  kind?: string;
  /** The kinds of the documents it reads or writes: a point operation's one, a bulk request's each. */
  kinds: string[];
  /** A transactional batch (all or nothing), not a bulk request. */
  atomic: boolean;
  /** For a query, its SQL text. */
  query?: string;
  /** For a query, the documents its answer held (`x-ms-item-count`), once answered. */
  documents?: number;
  /** When it started and when its answer was in, on one clock of events (to say what came after what). */
  startedAt: number;
  answeredAt?: number;
}

/**
 * Records the requests the Cosmos SDK sends through one HTTPS agent, grouped into sequential
 * round trips: a request that starts while none is in flight starts a new round trip, one that
 * starts while others are in flight runs beside them. The real SDK talks to the real store; only
 * the agent is watched (the benchmark's bench/store-requests.ts counts the same way).
 */
export class StoreRoundTrips {
  private inFlight = 0;
  private roundTrip = 0;
  private events = 0;
  private recorded: StoreRequest[] = [];
  /** Requests it picks wait for its promise before they leave (to line up a race). */
  private holding: ((request: StoreRequest) => Promise<void> | undefined) | undefined;

  constructor(agent: Agent) {
    const target = agent as unknown as { addRequest(req: ClientRequest, options: unknown): void };
    const original = target.addRequest.bind(target);
    target.addRequest = (req, options) => {
      const request = this.started(req);
      const held = this.holding?.(request);
      if (held) void held.then(() => original(req, options));
      else original(req, options);
    };
  }

  /** From now on, a request for which `until` gives a promise is sent once that resolves. */
  hold(until: ((request: StoreRequest) => Promise<void> | undefined) | undefined): void {
    this.holding = until;
  }

  /** Forgets what was recorded: the next request starts round trip 1. */
  reset(): void {
    this.recorded = [];
    this.roundTrip = 0;
  }

  get requests(): readonly StoreRequest[] {
    return this.recorded;
  }

  /** The requests, one line per round trip, for an assertion message. */
  describe(requests: readonly StoreRequest[] = this.recorded): string {
    const lines = new Map<number, string[]>();
    for (const request of requests) {
      lines.set(request.roundTrip, [
        ...(lines.get(request.roundTrip) ?? []),
        `${request.method} ${request.path}${request.kinds.length ? ` (${request.kinds.join(', ')})` : ''}`,
      ]);
    }
    return [...lines].map(([roundTrip, parts]) => `${roundTrip}: ${parts.join(' | ')}`).join('\n');
  }

  private started(req: ClientRequest): StoreRequest {
    // The first request after a reset starts round trip 1, even beside one from before the reset.
    if (this.inFlight === 0 || this.roundTrip === 0) this.roundTrip += 1;
    this.inFlight += 1;
    const isQuery = req.getHeader('x-ms-documentdb-isquery') !== undefined;
    const isPlan = String(req.getHeader('x-ms-cosmos-is-query-plan-request') ?? '').toLowerCase() === 'true';
    const isUpsert = String(req.getHeader('x-ms-documentdb-is-upsert') ?? '').toLowerCase() === 'true';
    const isBatch = String(req.getHeader('x-ms-cosmos-is-batch-request') ?? '').toLowerCase() === 'true';
    const request: StoreRequest = {
      roundTrip: this.roundTrip,
      method: isPlan ? 'PLAN' : isQuery ? 'QUERY' : isUpsert ? 'UPSERT' : isBatch ? 'BATCH' : req.method,
      path: req.path.replace(/^\/dbs\/[^/]+\/colls\//, '').replace(/\/docs\/.+$/, '/docs'),
      kind: /\/docs\/([^/]+)$/.exec(req.path)?.[1]?.split(/:|%3A/i)[0],
      kinds: [],
      atomic: isBatch && String(req.getHeader('x-ms-cosmos-batch-atomic') ?? '').toLowerCase() === 'true',
      startedAt: ++this.events,
    };
    if (request.kind) request.kinds.push(request.kind);
    this.recorded.push(request);
    if (isQuery || isBatch || isUpsert) {
      const end = req.end.bind(req) as (...args: unknown[]) => ClientRequest;
      (req as { end: (...args: unknown[]) => ClientRequest }).end = (...args: unknown[]) => {
        const [body] = args;
        if ((typeof body === 'string' || Buffer.isBuffer(body)) && isQuery)
          request.query = (JSON.parse(String(body)) as { query?: string }).query;
        if ((typeof body === 'string' || Buffer.isBuffer(body)) && isBatch) {
          const operations = JSON.parse(String(body)) as { id?: string; resourceBody?: { id?: string } }[];
          for (const operation of operations) {
            const id = operation.id ?? operation.resourceBody?.id;
            if (id) request.kinds.push(id.split(':')[0] as string);
          }
        }
        if ((typeof body === 'string' || Buffer.isBuffer(body)) && isUpsert) {
          const id = (JSON.parse(String(body)) as { id?: string }).id;
          if (id) request.kinds.push(id.split(':')[0] as string);
        }
        return end(...args);
      };
    }
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.inFlight -= 1;
    };
    req.once('response', (res) => {
      if (isQuery && !isPlan) request.documents = Number(res.headers['x-ms-item-count'] ?? 0);
      res.once('end', () => {
        request.answeredAt = ++this.events;
        finish();
      });
      res.once('close', finish);
    });
    req.once('error', finish);
    req.once('close', () => setImmediate(finish));
    return request;
  }
}
