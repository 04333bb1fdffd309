/** At most `count` sends in any `windowMs`. */
export interface RateWindow {
  count: number;
  windowMs: number;
}

export interface PacingLimits {
  /** Per conversation (a person's 1:1 chat, the werkgroep channel, a sealed reporter link). */
  perConversation: RateWindow[];
  /** Per tenant, across its conversations. */
  perTenant: RateWindow[];
}

/**
 * Below Teams' published limits for a bot (per thread 7/1 s, 8/2 s, 60/30 s, 1800/hour; 50
 * requests per second per app per tenant, and Teams counts every request alike: messages, card
 * updates, roster reads, replies to users' own messages): 45 of the tenant's 50 a second, so a
 * fan-out to 1,000 people takes 1,000 / 45 = 22 s against Teams' floor of 20 s. Replies to users
 * are not held back: they go out at once and are counted here as they go
 * (bot/teams/pace-replies.ts), so the outbox steps around them. The 5 a second left over is
 * headroom for sends that reach Teams bunched when the process is busy: at 48 a second this
 * machine drew 13-38 answers 429 per 1,000-member fan-out instead of 2-5 (docs/decisions.md).
 * Each instance paces what it sends; a fan-out is sent by one instance at a time (the tenant's
 * sender lease, see OutboxDispatcher); a 429 that still happens pauses the tenant for its
 * Retry-After.
 */
export const TEAMS_PACING: PacingLimits = {
  perConversation: [
    { count: 5, windowMs: 1_000 },
    { count: 7, windowMs: 2_000 },
    { count: 50, windowMs: 30_000 },
    { count: 1_500, windowMs: 3_600_000 },
  ],
  // Spread out, not in bursts: a burst that reaches Teams late overlaps the next second's.
  perTenant: [
    { count: 45, windowMs: 1_000 },
    { count: 5, windowMs: 100 },
  ],
};

/**
 * Sliding-window pacing for outgoing messages, in memory and by the injected clock's time. Sends
 * run concurrently, so a sender reserves its slot before it waits: the next sender is paced
 * behind every reservation, also those not sent yet. It only says when; the dispatcher decides
 * whether to wait or to come back later.
 */
export class DeliveryPacer {
  /** Per key, the reserved send times in ascending order. */
  private readonly sends = new Map<string, number[]>();
  private readonly pausedUntil = new Map<string, number>();
  private reservationsSinceSweep = 0;

  constructor(readonly limits: PacingLimits = TEAMS_PACING) {}

  /** The sends one second of this tenant's budget allows: a fan-out is more than this. */
  get tenantBurst(): number {
    return Math.min(...this.limits.perTenant.map((window) => (window.count * 1_000) / window.windowMs));
  }

  /** The earliest time (ms, not before `now`) at which a send to this conversation fits every window. */
  slotFor(tenantId: string, conversation: string, now: number): number {
    const tenantKey = tenantKeyOf(tenantId);
    const conversationKey = conversationKeyOf(tenantId, conversation);
    let at = Math.max(
      now,
      now + this.pauseLeft(tenantKey, now),
      this.lastOf(tenantKey, now),
      this.lastOf(conversationKey, now),
    );
    // Moving later for one window can only free the others, so this settles in a few rounds.
    for (let round = 0; round < 8; round += 1) {
      const next = Math.max(
        this.windowStart(tenantKey, this.limits.perTenant, at, this.recent(outsideKeyOf(tenantId), now)),
        this.windowStart(conversationKey, this.limits.perConversation, at),
      );
      if (next <= at) break;
      at = next;
    }
    return at;
  }

  /**
   * Takes the slot `slotFor` gave (call it in the same tick, before any await, so no other
   * sender takes it first). Counted whatever the send's outcome: Teams counts it too.
   */
  reserve(tenantId: string, conversation: string, at: number): void {
    for (const key of [tenantKeyOf(tenantId), conversationKeyOf(tenantId, conversation)])
      this.insert(key, at);
    // Conversations nobody writes to again would keep their old send times; forget them now and then.
    if (++this.reservationsSinceSweep >= 1_000) {
      this.reservationsSinceSweep = 0;
      for (const key of [...this.sends.keys()]) this.recent(key, at);
    }
  }

  /**
   * Something was sent to this tenant outside the outbox (a reply to a user's own message): it
   * takes its place in the tenant's budget now (the longest tenant window, Teams' per-second
   * limit), and the outbox's next sends go around it. The shorter windows only spread the
   * outbox's own sends; a reply does not move them.
   */
  sentOutside(tenantId: string, at: number): void {
    this.insert(outsideKeyOf(tenantId), at);
  }

  /** Gives a slot back that was not used (another instance had the entry, or nobody to send to). */
  release(tenantId: string, conversation: string, at: number): void {
    for (const key of [tenantKeyOf(tenantId), conversationKeyOf(tenantId, conversation)]) {
      const times = this.sends.get(key);
      const index = times?.lastIndexOf(at) ?? -1;
      if (times && index >= 0) times.splice(index, 1);
    }
  }

  /** Teams said 429: nothing more to this tenant until Retry-After has passed. */
  pauseTenant(tenantId: string, until: number): void {
    const key = tenantKeyOf(tenantId);
    this.pausedUntil.set(key, Math.max(until, this.pausedUntil.get(key) ?? 0));
  }

  /** Whether Teams asked to wait for this tenant (a 429 came in while a sender was waiting for its slot). */
  isPaused(tenantId: string, now: number): boolean {
    return this.pauseLeft(tenantKeyOf(tenantId), now) > 0;
  }

  /** Keeps each key's times in ascending order (mostly an append; a reply may go before later reservations). */
  private insert(key: string, at: number): void {
    const times = this.sends.get(key) ?? [];
    let index = times.length;
    while (index > 0 && (times[index - 1] as number) > at) index -= 1;
    times.splice(index, 0, at);
    this.sends.set(key, times);
  }

  private pauseLeft(key: string, now: number): number {
    const until = this.pausedUntil.get(key);
    if (until === undefined) return 0;
    if (until <= now) {
      this.pausedUntil.delete(key);
      return 0;
    }
    return until - now;
  }

  private lastOf(key: string, now: number): number {
    return this.recent(key, now).at(-1) ?? now;
  }

  /**
   * The earliest time from `at` when every window has room (all reservations are at or before
   * `at`). `outside` (replies, ascending) count in the longest window only: Teams' budget.
   */
  private windowStart(key: string, windows: RateWindow[], at: number, outside: number[] = []): number {
    const own = this.sends.get(key) ?? [];
    const longestMs = Math.max(0, ...windows.map((window) => window.windowMs));
    const withOutside = outside.length > 0 ? [...own, ...outside].sort((a, b) => a - b) : own;
    let start = at;
    for (const { count, windowMs } of windows) {
      const times = windowMs === longestMs ? withOutside : own;
      const inWindow = times.filter((time) => time > at - windowMs && time <= at);
      if (inWindow.length < count) continue;
      // The send that must leave the window before another fits in it.
      const oldestBlocking = inWindow[inWindow.length - count] as number;
      start = Math.max(start, oldestBlocking + windowMs);
    }
    return start;
  }

  /** The sends still inside the key's longest window; older ones are forgotten so memory stays small. */
  private recent(key: string, now: number): number[] {
    const windows = key.startsWith('conversation:') ? this.limits.perConversation : this.limits.perTenant;
    const longestMs = Math.max(0, ...windows.map((window) => window.windowMs));
    const times = (this.sends.get(key) ?? []).filter((time) => time > now - longestMs);
    if (times.length === 0) this.sends.delete(key);
    else this.sends.set(key, times);
    return times;
  }
}

const tenantKeyOf = (tenantId: string) => `tenant:${tenantId}`;
/** Replies to people, sent outside the outbox: counted in the tenant's budget, never reserved. */
const outsideKeyOf = (tenantId: string) => `outside:${tenantId}`;
const conversationKeyOf = (tenantId: string, conversation: string) =>
  `conversation:${tenantId}:${conversation}`;
