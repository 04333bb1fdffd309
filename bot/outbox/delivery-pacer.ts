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
 * requests per second per app per tenant), with headroom for replies to users' own messages,
 * which do not go through the outbox. Each instance paces what it sends; with several instances
 * a 429 can still happen, and its Retry-After is honoured.
 */
export const TEAMS_PACING: PacingLimits = {
  perConversation: [
    { count: 5, windowMs: 1_000 },
    { count: 7, windowMs: 2_000 },
    { count: 50, windowMs: 30_000 },
    { count: 1_500, windowMs: 3_600_000 },
  ],
  perTenant: [{ count: 40, windowMs: 1_000 }],
};

/**
 * Sliding-window pacing for outgoing messages, in memory and by the injected clock's time. It
 * only says how long to wait; the dispatcher decides whether to wait or to come back later.
 */
export class DeliveryPacer {
  private readonly sends = new Map<string, number[]>();
  private readonly pausedUntil = new Map<string, number>();
  private readonly longestWindowMs: number;
  private recordsSinceSweep = 0;

  constructor(private readonly limits: PacingLimits = TEAMS_PACING) {
    const windows = [...limits.perConversation, ...limits.perTenant];
    this.longestWindowMs = Math.max(0, ...windows.map((window) => window.windowMs));
  }

  /** How long to wait (ms) before sending to this conversation; 0 means now. */
  delayBefore(tenantId: string, conversation: string, now: number): number {
    const tenantKey = tenantKeyOf(tenantId);
    const conversationKey = conversationKeyOf(tenantId, conversation);
    return Math.max(
      this.pauseLeft(tenantKey, now),
      this.windowDelay(tenantKey, this.limits.perTenant, now),
      this.windowDelay(conversationKey, this.limits.perConversation, now),
    );
  }

  /** Counts a request to this conversation, whatever its outcome: Teams counts it too. */
  recordSend(tenantId: string, conversation: string, now: number): void {
    for (const key of [tenantKeyOf(tenantId), conversationKeyOf(tenantId, conversation)]) {
      const times = this.recent(key, now);
      times.push(now);
      this.sends.set(key, times);
    }
    // Conversations nobody writes to again would keep their old send times; forget them now and then.
    if (++this.recordsSinceSweep >= 1_000) {
      this.recordsSinceSweep = 0;
      for (const key of [...this.sends.keys()]) this.recent(key, now);
    }
  }

  /** Teams said 429: nothing more to this tenant until Retry-After has passed. */
  pauseTenant(tenantId: string, until: number): void {
    const key = tenantKeyOf(tenantId);
    this.pausedUntil.set(key, Math.max(until, this.pausedUntil.get(key) ?? 0));
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

  private windowDelay(key: string, windows: RateWindow[], now: number): number {
    const times = this.recent(key, now);
    let delay = 0;
    for (const { count, windowMs } of windows) {
      const inWindow = times.filter((time) => time > now - windowMs);
      if (inWindow.length < count) continue;
      // The send that must leave the window before another fits in it.
      const oldestBlocking = inWindow[inWindow.length - count] as number;
      delay = Math.max(delay, oldestBlocking + windowMs - now);
    }
    return delay;
  }

  /** The sends still inside the longest window; older ones are forgotten so memory stays small. */
  private recent(key: string, now: number): number[] {
    const times = (this.sends.get(key) ?? []).filter((time) => time > now - this.longestWindowMs);
    if (times.length === 0) this.sends.delete(key);
    else this.sends.set(key, times);
    return times;
  }
}

const tenantKeyOf = (tenantId: string) => `tenant:${tenantId}`;
const conversationKeyOf = (tenantId: string, conversation: string) =>
  `conversation:${tenantId}:${conversation}`;
