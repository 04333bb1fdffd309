/** At most `count` sends in any `windowMs`. */
export interface RateWindow {
  count: number;
  windowMs: number;
}

export interface PacingLimits {
  /** Per conversation (a person's 1:1 chat, the werkgroep channel, a sealed reporter link). */
  perConversation: RateWindow[];
  /** Per tenant, across its conversations: the outbox's pace, on the slots its sends reserve. */
  perTenant: RateWindow[];
  /**
   * Teams' own limit per tenant, held on the times sends actually leave (not their slots): a
   * send whose timer fires late leaves late, and the sends after it are counted from then, so
   * no window of `windowMs` + `marginMs` ever holds more than `count`, however late a timer
   * fires. The margin is for what happens after a send leaves (the way to Teams is not equally
   * fast for every request).
   */
  tenantLimit: RateWindow & { marginMs: number };
}

/** Teams' limit per app per tenant (requests a second); the outbox's pace stays just under it. */
const TEAMS_TENANT_RATE = 50;
/** The outbox's own pace per tenant: evenly spaced, one send every 1000 / 46 ms. */
const OUTBOX_TENANT_RATE = 46;

/**
 * Below Teams' published limits for a bot (per thread 7/1 s, 8/2 s, 60/30 s, 1800/hour; 50
 * requests per second per app per tenant, and Teams counts every request alike: messages, card
 * updates, roster reads, replies to users' own messages).
 *
 * Per tenant the outbox sends 46 a second, one every 21.7 ms, never in bursts: 50 sends in a row
 * then span 1,087 ms, so a send may reach Teams up to 87 ms later than the one 50 before it
 * without a 429 (on a busy machine the way from the HTTP transport to Teams' clock took up to
 * 40-100 ms; at 48 a second, 42 ms of room, that drew 429s). The sends also pass a gate on the
 * times they actually leave (`tenantLimit`: at most 50 in any 1,080 ms), so sends whose timers
 * fired late (the process was busy) catch up only as far as Teams' limit allows instead of
 * leaving in a bunch (docs/decisions.md, "Fan-out pace: even slots, a gate on when sends leave"). Replies to users are not held back: they go
 * out at once and are counted here as they go (bot/teams/pace-replies.ts), so the outbox steps
 * around them. A fan-out is sent by one instance at a time (the tenant's sender lease, see
 * OutboxDispatcher); a 429 that still happens pauses the tenant for its Retry-After.
 */
export const TEAMS_PACING: PacingLimits = {
  perConversation: [
    { count: 5, windowMs: 1_000 },
    { count: 7, windowMs: 2_000 },
    { count: 50, windowMs: 30_000 },
    { count: 1_500, windowMs: 3_600_000 },
  ],
  perTenant: [
    { count: OUTBOX_TENANT_RATE, windowMs: 1_000 },
    // Evenly spaced: a burst that reaches Teams late overlaps the next second's.
    { count: 1, windowMs: 1_000 / OUTBOX_TENANT_RATE },
  ],
  tenantLimit: { count: TEAMS_TENANT_RATE, windowMs: 1_000, marginMs: 80 },
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
    this.insert(departedKeyOf(tenantId), at);
  }

  /**
   * The earliest time (not before `now`) at which a send to this tenant may leave: when the
   * tenant's last `tenantLimit.count` departures (the outbox's and the replies) are all more
   * than the limit's window and margin ago. Call `leave` in the same tick once it is time.
   */
  leaveAt(tenantId: string, now: number): number {
    const { count, windowMs, marginMs } = this.limits.tenantLimit;
    const span = windowMs + marginMs;
    const departed = this.recent(departedKeyOf(tenantId), now);
    if (departed.length < count) return now;
    return Math.max(now, (departed[departed.length - count] as number) + span);
  }

  /** A send to this tenant leaves now (after `leaveAt` said so): it counts from this moment. */
  leave(tenantId: string, at: number): void {
    this.insert(departedKeyOf(tenantId), at);
  }

  /** The send counted as leaving at `from` really left at `to` (its request waited in the process). */
  moveDeparture(tenantId: string, from: number, to: number): void {
    const key = departedKeyOf(tenantId);
    const times = this.sends.get(key);
    const index = times?.lastIndexOf(from) ?? -1;
    if (times && index >= 0) times.splice(index, 1);
    this.insert(key, to);
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

  /** How long a key's times matter: its longest window (for departures, Teams' window and the margin). */
  private keptFor(key: string): number {
    if (key.startsWith('departed:'))
      return this.limits.tenantLimit.windowMs + this.limits.tenantLimit.marginMs;
    const windows = key.startsWith('conversation:') ? this.limits.perConversation : this.limits.perTenant;
    return Math.max(0, ...windows.map((window) => window.windowMs));
  }

  /** The sends still inside the key's longest window; older ones are forgotten so memory stays small. */
  private recent(key: string, now: number): number[] {
    const longestMs = this.keptFor(key);
    const times = (this.sends.get(key) ?? []).filter((time) => time > now - longestMs);
    if (times.length === 0) this.sends.delete(key);
    else this.sends.set(key, times);
    return times;
  }
}

const tenantKeyOf = (tenantId: string) => `tenant:${tenantId}`;
/** Replies to people, sent outside the outbox: counted in the tenant's budget, never reserved. */
const outsideKeyOf = (tenantId: string) => `outside:${tenantId}`;
/** When the tenant's sends (the outbox's and the replies) actually left, for Teams' own limit. */
const departedKeyOf = (tenantId: string) => `departed:${tenantId}`;
const conversationKeyOf = (tenantId: string, conversation: string) =>
  `conversation:${tenantId}:${conversation}`;
