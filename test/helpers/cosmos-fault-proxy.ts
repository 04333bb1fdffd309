import { once } from 'node:events';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Agent, createServer, request as httpsRequest, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import type { LocalCosmosServer } from '../../bot/storage/local-cosmos-server';

/**
 * What the proxy does to one data-plane request. "before" faults never reach the store; "after"
 * faults reach it, are applied, and only the answer is lost, as with a dropped connection.
 */
export type FaultKind =
  | 'throttle-before'
  | 'unavailable-before'
  | 'reset-before'
  | 'slow'
  | 'unavailable-after'
  | 'reset-after';

const ALL_KINDS: FaultKind[] = [
  'throttle-before',
  'throttle-before',
  'unavailable-before',
  'reset-before',
  'slow',
  'unavailable-after',
  'unavailable-after',
  'reset-after',
];

/** Which data-plane requests a standing fault hits: by method, path and (for a bulk request's kind) headers. */
export type Picks = (method: string, path: string, headers: IncomingHttpHeaders) => boolean;

interface Upstream {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A small seeded PRNG (mulberry32): the same seed injects the same faults in the same order. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An HTTPS proxy in front of the in-process Cosmos server that fails data-plane requests the way
 * Azure Cosmos DB and the network do: 429 with x-ms-retry-after-ms, 503, slow answers and reset
 * connections, before forwarding or after the store applied the request. At a rate (seeded) or
 * on a schedule (`failNext`).
 *
 * Transactional batches are all or nothing in the store itself, as in Azure Cosmos DB
 * (bot/storage/atomic-embedded-batches.ts), so a half-written batch in a test is never the store's.
 */
export class CosmosFaultProxy {
  /** How many of each fault were injected. */
  readonly injected: Record<FaultKind, number> = {
    'throttle-before': 0,
    'unavailable-before': 0,
    'reset-before': 0,
    slow: 0,
    'unavailable-after': 0,
    'reset-after': 0,
  };
  private rate = 0;
  private random = seeded(1);
  private kinds = ALL_KINDS;
  private readonly scheduled: FaultKind[] = [];
  private standing: { picks: Picks; kind: FaultKind }[] = [];
  private plansDemanded = false;
  /** Queries refused for want of a plan, and plans served, since `demandQueryPlans`. */
  readonly plans = { refused: 0, served: 0 };

  private constructor(
    private readonly server: Server,
    private readonly target: LocalCosmosServer,
    readonly endpoint: string,
    readonly agent: Agent,
  ) {}

  static async start(target: LocalCosmosServer): Promise<CosmosFaultProxy> {
    const now = new Date();
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048,
      algorithm: 'sha256',
      notBeforeDate: new Date(now.getTime() - 60_000),
      notAfterDate: new Date(now.getTime() + 24 * 3600_000),
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    let proxy: CosmosFaultProxy | undefined;
    const server = createServer({ cert: pems.cert, key: pems.private }, (req, res) => {
      void proxy?.handle(req, res).catch(() => res.destroy());
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    proxy = new CosmosFaultProxy(
      server,
      target,
      `https://127.0.0.1:${port}`,
      new Agent({ ca: pems.cert, keepAlive: true }),
    );
    return proxy;
  }

  /** From now on each data-plane request fails with probability `rate`, drawn from `seed`. */
  failAtRate(rate: number, seed: number, kinds: FaultKind[] = ALL_KINDS): void {
    this.rate = rate;
    this.random = seeded(seed);
    this.kinds = kinds;
  }

  /** The next data-plane requests get these faults, in order. */
  failNext(...kinds: FaultKind[]): void {
    this.scheduled.push(...kinds);
  }

  /**
   * Until `heal`, every data-plane request this picks (method and path) gets this fault. Rules add
   * up: the first that picks a request decides.
   */
  failWhere(picks: Picks, kind: FaultKind): void {
    this.standing.push({ picks, kind });
  }

  /**
   * Until `heal`, the store behaves as Azure Cosmos DB's gateway does for a query it cannot serve
   * alone (a cross-partition ORDER BY or aggregate): a query sent without a plan is refused with
   * the 400 the gateway gives (the plan in `additionalErrorInfo`), and plan requests are answered
   * with a plan (the embedded store serves none). The SDK then fetches the partition key ranges
   * and sends the query again per range, which passes.
   */
  demandQueryPlans(): void {
    this.plansDemanded = true;
    this.plans.refused = 0;
    this.plans.served = 0;
  }

  /** No more faults; requests pass unchanged. */
  heal(): void {
    this.rate = 0;
    this.scheduled.length = 0;
    this.standing = [];
    this.plansDemanded = false;
  }

  get totalInjected(): number {
    return Object.values(this.injected).reduce((sum, count) => sum + count, 0);
  }

  async close(): Promise<void> {
    this.agent.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private nextFault(method: string, path: string, headers: IncomingHttpHeaders): FaultKind | undefined {
    const rule = this.standing.find(({ picks }) => picks(method, path, headers));
    if (rule) return rule.kind;
    const scheduled = this.scheduled.shift();
    if (scheduled) return scheduled;
    if (this.rate > 0 && this.random() < this.rate)
      return this.kinds[Math.floor(this.random() * this.kinds.length)];
    return undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const path = req.url ?? '/';
    const dataPlane = /\/docs(\/|$|\?)/.test(path);
    const fault = dataPlane ? this.nextFault(req.method ?? 'GET', path, req.headers) : undefined;
    if (fault) this.injected[fault] += 1;

    if (fault === 'throttle-before') {
      const wait = String(10 + Math.floor(this.random() * 40));
      return answer(res, {
        status: 429,
        headers: { 'x-ms-retry-after-ms': wait },
        body: error('TooManyRequests'),
      });
    }
    if (fault === 'unavailable-before')
      return answer(res, { status: 503, headers: {}, body: error('ServiceUnavailable') });
    if (fault === 'reset-before') return void res.socket?.destroy();
    if (fault === 'slow') await new Promise((resolve) => setTimeout(resolve, 20 + this.random() * 100));
    if (this.plansDemanded && dataPlane) {
      const demand = planDemand(req.headers);
      if (demand === 'plan') {
        this.plans.served += 1;
        return answer(res, { status: 200, headers: {}, body: Buffer.from(JSON.stringify(WHOLE_RANGE_PLAN)) });
      }
      if (demand === 'refuse') {
        this.plans.refused += 1;
        return answer(res, { status: 400, headers: {}, body: NEEDS_PLAN });
      }
    }

    const upstream = await this.forward(req.method ?? 'GET', path, req.headers, body);
    if (fault === 'unavailable-after')
      return answer(res, { status: 503, headers: {}, body: error('ServiceUnavailable') });
    if (fault === 'reset-after') return void res.socket?.destroy();
    if (path === '/' && req.method === 'GET') {
      // The account names its own address as the endpoint; point the client back at the proxy.
      const own = new URL(this.target.endpoint).host;
      const text = upstream.body.toString('utf8').replaceAll(own, new URL(this.endpoint).host);
      return answer(res, { ...upstream, body: Buffer.from(text) });
    }
    return answer(res, upstream);
  }

  private forward(
    method: string,
    path: string,
    headers: IncomingMessage['headers'],
    body: Buffer,
  ): Promise<Upstream> {
    const target = new URL(this.target.endpoint);
    const outgoing: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(headers))
      if (value !== undefined && name !== 'host' && name !== 'connection') outgoing[name] = value;
    outgoing['content-length'] = String(body.length);
    return new Promise<Upstream>((resolve, reject) => {
      const request = httpsRequest(
        {
          host: target.hostname,
          port: target.port,
          method,
          path,
          headers: outgoing,
          agent: this.target.agent,
        },
        (response) => {
          const parts: Buffer[] = [];
          response.on('data', (chunk: Buffer) => parts.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 500,
              headers: response.headers,
              body: Buffer.concat(parts),
            }),
          );
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }
}

/**
 * A plan as the gateway gives one for a query with no ORDER BY, TOP, DISTINCT or aggregate: the
 * query as it is, over the whole key range (the embedded store has one partition key range).
 */
const WHOLE_RANGE_PLAN = {
  partitionedQueryExecutionInfoVersion: 2,
  queryInfo: {
    distinctType: 'None',
    top: null,
    offset: null,
    limit: null,
    orderBy: [],
    orderByExpressions: [],
    groupByExpressions: [],
    groupByAliases: [],
    aggregates: [],
    groupByAliasToAggregateType: {},
    rewrittenQuery: '',
    hasSelectValue: false,
    dCountInfo: null,
  },
  queryRanges: [{ min: '', max: 'FF', isMinInclusive: true, isMaxInclusive: false }],
};

/** The gateway's refusal of a query it cannot serve without the client's plan. */
const NEEDS_PLAN = Buffer.from(
  JSON.stringify({
    code: 'BadRequest',
    message:
      'The provided cross partition query can not be directly served by the gateway. This is a first ' +
      'chance (internal) exception that all newer clients will know how to handle gracefully.',
    additionalErrorInfo: JSON.stringify(WHOLE_RANGE_PLAN),
  }),
);

/** A plan request, a query sent without a plan (no key range named), or neither. */
function planDemand(headers: IncomingMessage['headers']): 'plan' | 'refuse' | undefined {
  const isTrue = (name: string) => String(headers[name] ?? '').toLowerCase() === 'true';
  if (isTrue('x-ms-cosmos-is-query-plan-request')) return 'plan';
  if (isTrue('x-ms-documentdb-isquery') && headers['x-ms-documentdb-partitionkeyrangeid'] === undefined)
    return 'refuse';
  return undefined;
}

function error(code: string): Buffer {
  return Buffer.from(JSON.stringify({ code, message: `injected ${code}` }));
}

function answer(res: ServerResponse, { status, headers, body }: Upstream): void {
  const outgoing: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined && !['content-length', 'connection', 'transfer-encoding'].includes(name))
      outgoing[name] = value;
  outgoing['content-type'] ??= 'application/json';
  outgoing['content-length'] = String(body.length);
  res.writeHead(status, outgoing);
  res.end(body);
}

/** For `failWhere`: picks the first request `picks` picks, and no other. */
export function firstOnly(picks: Picks): Picks {
  let left = 1;
  return (method, path, headers) => picks(method, path, headers) && left-- > 0;
}
