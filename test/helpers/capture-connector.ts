import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ARRIVED_AT_HEADER, epochNow, startArrivalClock } from './arrival-clock';

/** What the bot sent to Teams: a new message, or an update of an earlier one. */
export interface SentActivity {
  op: 'send' | 'update';
  conversationId: string;
  /** The id the connector gave the message (for updates: the id of the message replaced). */
  activityId: string;
  // biome-ignore lint/suspicious/noExplicitAny: activities are free-form JSON, inspected by tests
  activity: any;
  /** When it arrived, by the bot's (test) clock. */
  at: Date;
  /** The Authorization header it came with: whose token signed it. */
  authorization?: string;
}

export interface HeldRequest {
  /** Resolves when the held request has reached the connector. */
  arrived: Promise<void>;
  release(status: number): void;
}

interface Hold {
  conversationId?: string;
  arrived: Promise<void>;
  onArrive(): void;
  release(status: number): void;
}

/** At most `count` requests in any `windowMs`. */
export interface RateWindow {
  count: number;
  windowMs: number;
}

export interface RateLimits {
  /** Per conversation ("per bot per thread"). */
  perConversation: RateWindow[];
  /** Per tenant, across every conversation of the app in it ("per app per tenant"). */
  perTenant: RateWindow[];
}

/**
 * Teams' published limits for a bot: per bot per thread 7 in 1 s, 8 in 2 s, 60 in 30 s, 1,800 in
 * an hour; 50 requests a second per app per tenant
 * (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/rate-limit).
 */
export const TEAMS_LIMITS: RateLimits = {
  perConversation: [
    { count: 7, windowMs: 1_000 },
    { count: 8, windowMs: 2_000 },
    { count: 60, windowMs: 30_000 },
    { count: 1_800, windowMs: 3_600_000 },
  ],
  perTenant: [{ count: 50, windowMs: 1_000 }],
};

interface Fault {
  status: number;
  headers?: Record<string, string>;
  conversationId?: string;
}

/**
 * A stand-in for Teams' Bot Connector service, the one part of the system that lives outside this
 * machine: it records what the bot sends and can answer 429/5xx/403 on demand.
 */
export class CaptureConnector {
  readonly sent: SentActivity[] = [];
  /**
   * Every request that reached the connector, including the ones answered with a fault, with when
   * it was answered (the bot's clock, in ms).
   */
  readonly requests: { method: string; path: string; status: number; answeredAt: number }[] = [];
  private readonly faults: Fault[] = [];
  private nextId = 1;

  private constructor(
    private readonly server: Server,
    private readonly directUrl: string,
    private readonly now: () => Date,
  ) {}

  /** Where the bot sends to: this connector, or the thread that stamps arrivals in front of it. */
  get url(): string {
    return this.arrivalClock?.url ?? this.directUrl;
  }

  private arrivalClock?: { url: string; stop(): Promise<void> };

  /**
   * From now on (for the bot's sends to `url`), the rate limits count each request from the
   * moment it reached the machine, stamped by a thread of its own, as Teams counts it when it
   * reaches Teams; not from when this process got round to reading it (a busy moment of the bot
   * would otherwise compress requests that left it evenly).
   */
  async countArrivalsOnOwnThread(): Promise<void> {
    const { port } = this.server.address() as AddressInfo;
    this.arrivalClock ??= await startArrivalClock(port);
  }

  static async start(now: () => Date = () => new Date()): Promise<CaptureConnector> {
    let connector: CaptureConnector | undefined;
    const server = createServer((req, res) => {
      void connector?.handle(req, res);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    connector = new CaptureConnector(server, `http://127.0.0.1:${port}/`, now);
    return connector;
  }

  /** The next `times` requests (optionally only to one conversation) get this answer instead. */
  failNext(times: number, status: number, headers?: Record<string, string>, conversationId?: string): void {
    for (let i = 0; i < times; i += 1) this.faults.push({ status, headers, conversationId });
  }

  /**
   * From now on, a share `rate` of new messages (not card updates) is answered with 429, 500 or
   * 503 instead, drawn from a seeded generator so a run can be repeated.
   */
  failRandomly(rate: number, seed = 1): void {
    let state = seed >>> 0;
    // mulberry32: small, seedable, good enough to spread faults.
    this.randomFault = () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const draw = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      if (draw >= rate) return undefined;
      return [429, 500, 503][Math.floor((draw / rate) * 3)] ?? 503;
    };
  }

  private randomFault?: () => number | undefined;
  private limits?: RateLimits;
  /** Accepted requests' times (real time, ms) per conversation and per tenant. */
  private readonly accepted = new Map<string, number[]>();

  /**
   * From now on, enforce these limits as Teams does, in real time (not the bot's clock, which a
   * test may move): a request past any window is answered 429 with a Retry-After (in seconds,
   * rounded up, as Teams sends it) and does not count. Sent messages and card updates count alike.
   */
  limitRate(limits: RateLimits = TEAMS_LIMITS): void {
    this.limits = limits;
  }

  /** Requests answered 429 (by the rate limiter or an injected fault). */
  get throttled(): number {
    return this.requests.filter((request) => request.status === 429).length;
  }

  /** 0 when the request fits every window (and is counted), else how long (ms) until it would. */
  private rateLimitWait(tenantId: string, conversationId: string, now: number): number {
    if (!this.limits) return 0;
    const checks: [string, RateWindow[]][] = [
      [`tenant:${tenantId}`, this.limits.perTenant],
      [`conversation:${conversationId}`, this.limits.perConversation],
    ];
    let wait = 0;
    for (const [key, windows] of checks) {
      const longest = Math.max(...windows.map((window) => window.windowMs));
      const times = (this.accepted.get(key) ?? []).filter((time) => time > now - longest);
      this.accepted.set(key, times);
      for (const { count, windowMs } of windows) {
        // Stamps from the arrival thread may be read slightly out of order: count up to `now`.
        const inWindow = times.filter((time) => time > now - windowMs && time <= now);
        if (inWindow.length >= count) {
          wait = Math.max(wait, (inWindow[inWindow.length - count] as number) + windowMs - now);
        }
      }
    }
    if (wait > 0) return wait;
    for (const [key] of checks) this.accepted.get(key)?.push(now);
    return 0;
  }

  /** Every conversation the bot may send to answers with this status until cleared. */
  failAlways(status: number, conversationId: string): void {
    this.permanentFaults.set(conversationId, status);
  }

  private readonly permanentFaults = new Map<string, number>();
  private responseDelayMs = 0;
  /** 1:1 conversations the bot asked Teams to create (POST /v3/conversations), in order. */
  readonly createdConversations: { id: string; parameters: unknown }[] = [];
  private readonly refusedPersonalChats = new Set<string>();

  /** Creating a 1:1 chat with this Teams user id fails with 403, as when the app is not installed for them. */
  refusePersonalChatWith(memberId: string): void {
    this.refusedPersonalChats.add(memberId);
  }
  private readonly rosters = new Map<string, { name: string; aadObjectId: string }[]>();

  private readonly members = new Map<string, { tenantId?: string; userRole?: string }>();
  private unknownMembers = false;

  /** What Teams says about one member when asked (their home tenant, `guest`). */
  setMember(aadObjectId: string, details: { tenantId?: string; userRole?: string }): void {
    this.members.set(aadObjectId, details);
  }

  private memberLookupWaitsFor: (() => Promise<void>) | undefined;

  /** Teams answers "who is this member" only once `until` resolves (to see what runs meanwhile). */
  delayMemberLookups(until: () => Promise<void>): void {
    this.memberLookupWaitsFor = until;
  }

  /** From now on Teams cannot say who a member is (404), as when a lookup fails. */
  forgetMembers(): void {
    this.unknownMembers = true;
  }

  /** The members Teams lists for a team (paged, as Teams pages them). */
  setRoster(teamId: string, members: { name: string; aadObjectId: string }[]): void {
    this.rosters.set(teamId, members);
  }
  private readonly holds: Hold[] = [];

  /** Every later message takes this long (real time) to be accepted, as a slow Teams would. */
  slowDown(ms: number): void {
    this.responseDelayMs = ms;
  }

  /**
   * The next message (optionally only to one conversation) hangs until released, as if the
   * sending instance froze mid-request; released with 200 it counts as delivered.
   */
  holdNext(conversationId?: string): HeldRequest {
    let arrived!: () => void;
    const hold: Hold = {
      conversationId,
      arrived: new Promise<void>((resolve) => {
        arrived = resolve;
      }),
      onArrive: () => arrived(),
      release: () => {},
    };
    this.holds.push(hold);
    return {
      arrived: hold.arrived,
      release: (status) => hold.release(status),
    };
  }

  sentTo(conversationId: string): SentActivity[] {
    return this.sent.filter((entry) => entry.conversationId === conversationId);
  }

  async close(): Promise<void> {
    await this.arrivalClock?.stop();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    const conversationId = match ? decodeURIComponent(match[1] as string) : '';
    const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ method: req.method ?? '', path, status, answeredAt: this.now().getTime() });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    const permanent = this.permanentFaults.get(conversationId);
    if (permanent) return answer(permanent, { error: { code: 'Forbidden', message: 'injected' } });
    const faultIndex = this.faults.findIndex(
      (fault) => !fault.conversationId || fault.conversationId === conversationId,
    );
    if (faultIndex >= 0) {
      const [fault] = this.faults.splice(faultIndex, 1);
      return answer(
        fault?.status ?? 500,
        { error: { code: 'Injected', message: 'injected fault' } },
        fault?.headers,
      );
    }
    const random = match && req.method === 'POST' ? this.randomFault?.() : undefined;
    if (random) {
      return answer(
        random,
        { error: { code: 'Injected', message: 'random fault' } },
        random === 429 ? { 'retry-after': '1' } : {},
      );
    }
    const paged = /^\/v3\/conversations\/([^/]+)\/pagedmembers$/.exec(path);
    if (paged && req.method === 'GET') {
      const roster = this.rosters.get(decodeURIComponent(paged[1] as string)) ?? [];
      const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
      const start = Number(query.get('continuationToken') ?? 0);
      const size = Number(query.get('pageSize') ?? 100);
      const page = roster.slice(start, start + size).map((person) => ({
        id: `29:${person.aadObjectId}`,
        name: person.name,
        aadObjectId: person.aadObjectId,
      }));
      const next = start + size < roster.length ? String(start + size) : undefined;
      return answer(200, { members: page, ...(next ? { continuationToken: next } : {}) });
    }
    if (path === '/v3/conversations' && req.method === 'POST') {
      // Teams answers a 1:1 conversation with a bot with the same id every time it is asked.
      const memberId = String(body?.members?.[0]?.id ?? '');
      if (this.refusedPersonalChats.has(memberId))
        return answer(403, { error: { code: 'Forbidden', message: 'bot not installed for user' } });
      const id = personalConversationIdFor(memberId);
      this.createdConversations.push({ id, parameters: body });
      return answer(201, { id });
    }
    const member = /^\/v3\/conversations\/[^/]+\/members\/([^/]+)$/.exec(path);
    if (member && req.method === 'GET') {
      const id = decodeURIComponent(member[1] as string);
      const aadObjectId = id.replace(/^29:/, '');
      await this.memberLookupWaitsFor?.();
      if (this.unknownMembers) return answer(404, { error: { code: 'NotFound', message: 'member' } });
      return answer(200, { id, name: 'Teams member', aadObjectId, ...this.members.get(aadObjectId) });
    }
    if (!match) return answer(404, { error: { code: 'NotFound', message: path } });
    const tenantId = body?.conversation?.tenantId ?? body?.channelData?.tenant?.id ?? '';
    const stamped = Number(req.headers[ARRIVED_AT_HEADER]);
    const arrivedAt = Number.isFinite(stamped) && stamped > 0 ? stamped : epochNow();
    const rateWait = this.rateLimitWait(tenantId, conversationId, arrivedAt);
    if (rateWait > 0) {
      return answer(
        429,
        { error: { code: 'TooManyRequests', message: 'rate limit' } },
        { 'retry-after': String(Math.max(1, Math.ceil(rateWait / 1000))) },
      );
    }
    const holdIndex = this.holds.findIndex(
      (hold) => !hold.conversationId || hold.conversationId === conversationId,
    );
    if (holdIndex >= 0 && req.method === 'POST') {
      const [hold] = this.holds.splice(holdIndex, 1) as [Hold];
      const status = await new Promise<number>((resolve) => {
        hold.release = resolve;
        hold.onArrive();
      });
      if (status !== 200) return answer(status, { error: { code: 'Injected', message: 'released' } });
    }
    if (this.responseDelayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, this.responseDelayMs));
      // The sender died while Teams was still working on it: this test's Teams did not take it.
      if (req.socket.destroyed)
        return void this.requests.push({
          method: req.method ?? '',
          path,
          status: 499,
          answeredAt: this.now().getTime(),
        });
    }
    if (req.method === 'PUT' && match[2]) {
      const activityId = decodeURIComponent(match[2]);
      this.sent.push({
        op: 'update',
        conversationId,
        activityId,
        activity: body,
        at: this.now(),
        authorization: req.headers.authorization,
      });
      return answer(200, { id: activityId });
    }
    if (req.method === 'POST') {
      const activityId = `activity-${this.nextId++}`;
      this.sent.push({
        op: 'send',
        conversationId,
        activityId,
        activity: body,
        at: this.now(),
        authorization: req.headers.authorization,
      });
      return answer(200, { id: activityId });
    }
    return answer(405, { error: { code: 'MethodNotAllowed', message: req.method } });
  }
}

/** The id Teams gives the 1:1 conversation between the bot and this Teams user id (here: derived). */
export function personalConversationIdFor(memberId: string): string {
  return `a:1created-${memberId.replace(/^29:/, '')}`;
}
