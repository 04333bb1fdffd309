import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { stableId } from '../ids';
import type { Logger } from '../logger';
import { DeliveryPacer } from './delivery-pacer';
import type { OutboxEntry } from './outbox-entry';
import type { OutboxRepository, VersionedOutboxEntry } from './outbox-repository';

/** What happened when the edge tried to deliver one entry. */
export type DeliveryOutcome =
  | { kind: 'sent' }
  | { kind: 'throttled'; retryAfterMs: number }
  | { kind: 'unreachable'; status: number }
  | { kind: 'failed'; status?: number }
  | { kind: 'no-conversation' };

/** Renders and sends one entry to its recipient; implemented by the Teams edge. */
export interface OutboxDelivery {
  /**
   * `onRequest`, when given, is called as each request to Teams leaves (the pacer counts the send
   * from then); a delivery that cannot tell leaves it uncalled, and the send counts from when it
   * was handed over.
   */
  deliver(entry: OutboxEntry, onRequest?: () => void): Promise<DeliveryOutcome>;
  /** Entries about to be delivered: a chance to read what they need in one go (optional, may fail). */
  prepare?(entries: OutboxEntry[]): Promise<void>;
}

export interface DispatcherOptions {
  /** How long a claimed entry is reserved for the instance that claimed it. */
  leaseMs: number;
  batchSize: number;
  /** How long to wait before asking again for a recipient who has no 1:1 conversation yet. */
  noConversationRetryMs: number;
  maxBackoffMs: number;
  /**
   * A pacing wait up to this long is waited out inside the pass; a longer one (a conversation's
   * 30-second window is full, a tenant got a 429) leaves the entry for a later pass.
   */
  maxInlineWaitMs: number;
  /**
   * Conversations sent to at the same time. One at a time, each send's store writes and Teams'
   * answer (~40 ms) capped a fan-out at ~25 a second, half of Teams' tenant limit.
   */
  concurrency: number;
  /** How long a tenant's sender lease lasts unless renewed (see OutboxRepository.holdSender). */
  senderLeaseMs: number;
  /** Names this instance on the sender leases; a fresh id per dispatcher when not given. */
  instanceId?: string;
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  leaseMs: 2 * 60_000,
  batchSize: 200,
  noConversationRetryMs: 15 * 60_000,
  maxBackoffMs: 60 * 60_000,
  maxInlineWaitMs: 2_000,
  concurrency: 16,
  senderLeaseMs: 30_000,
};

/** Waits; injected so tests move their clock instead of sleeping. */
export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Delivers outbox entries. Each entry is claimed with an ETag-guarded lease before it is sent,
 * so two instances never send the same entry; an instance that dies mid-send leaves a lease
 * that expires, and the entry is picked up again. Once marked sent, an entry is never sent again.
 * Sends are paced per conversation and per tenant (see DeliveryPacer) so Teams rarely says 429.
 * Several conversations are sent to at once, each conversation's entries one after the other
 * (in order). A tenant's fan-out (more due than a second's budget) is sent by the one instance
 * holding the tenant's sender lease, so two instances do not each spend the whole budget.
 */
export class OutboxDispatcher {
  private running?: Promise<number>;
  private stopping = false;
  /**
   * Entries Teams accepted whose "sent" could not be recorded yet (the store failed past its
   * retries). Kept under their lease and recorded at the start of every pass, and never sent
   * again by this instance; see docs/decisions.md on exactly once.
   */
  private readonly unrecorded = new Map<string, { claimed: VersionedOutboxEntry; next: OutboxEntry }>();
  /** Tenants whose sender lease this instance holds, and until when (ms). */
  private readonly holding = new Map<string, number>();
  /** Tenants whose fan-out another instance is sending, and until when its lease runs (ms). */
  private readonly heldElsewhere = new Map<string, number>();
  private readonly instanceId: string;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly delivery: OutboxDelivery,
    /** Someone could not be reached (403/404): the domain decides whom to tell. */
    private readonly onUnreachable: (entry: OutboxEntry, at: Date) => Promise<void>,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: DispatcherOptions = DEFAULT_DISPATCHER_OPTIONS,
    private readonly pacer = new DeliveryPacer(),
    private readonly sleep: Sleep = realSleep,
  ) {
    this.instanceId = options.instanceId ?? randomUUID();
  }

  /** One pass over what is due now; returns how many entries were handled. Passes never overlap. */
  runOnce(): Promise<number> {
    if (this.stopping) return Promise.resolve(0);
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Finishes the entry being sent and starts no other: on shutdown nothing is left half-done
   * (an entry claimed but not recorded would wait for its lease to expire). Resolves when idle.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
    await this.recordUnrecorded();
    await this.releaseSenderLeases();
  }

  /** Runs passes until nothing is due now. */
  async drain(maxPasses = 20): Promise<void> {
    for (let pass = 0; pass < maxPasses; pass += 1) {
      if ((await this.runOnce()) === 0) return;
    }
  }

  /**
   * When the earliest entry this instance may send falls due: tenants another instance is
   * sending to are left out until that instance's lease runs out.
   */
  async nextDueAt(): Promise<Date | undefined> {
    const now = this.clock.now().getTime();
    const elsewhere = this.tenantsHeldElsewhere(now);
    const due = await this.outbox.nextDueAt(elsewhere);
    const leaseEnds = elsewhere.map((tenantId) => this.heldElsewhere.get(tenantId) as number);
    const earliest = Math.min(due?.getTime() ?? Number.POSITIVE_INFINITY, ...leaseEnds);
    return Number.isFinite(earliest) ? new Date(earliest) : undefined;
  }

  /**
   * One pass: due entries are fetched and claimed (in one bulk request) a batch at a time, and
   * sent by `concurrency` workers, each taking one conversation's entries in order. The next
   * batch is fetched while the workers still send, so a fan-out never stalls between batches
   * (claimed entries are out of the due set, so a fetch never returns them twice). The pass
   * ends when a fetch finds fewer than a batch and every claimed entry is handled.
   */
  private async pass(): Promise<number> {
    await this.recordUnrecorded();
    const { batchSize, concurrency } = this.options;
    const queues = new Map<string, VersionedOutboxEntry[]>();
    const ready: string[] = [];
    let exhausted = false;
    let lostClaims = 0;
    let refilling: Promise<void> | undefined;
    let handled = 0;
    const refill = async () => {
      try {
        const now = this.clock.now();
        const due = await this.outbox.findDue(now, batchSize, this.tenantsHeldElsewhere(now.getTime()));
        if (due.length < batchSize) exhausted = true;
        const leftOut = await this.holdSenderLeases(due, now);
        const claimed = await this.claimAll(
          due.filter((entry) => !leftOut.has(entry.tenantId) && !this.unrecorded.has(entry.id)),
        );
        // Another instance claimed these first; the next fetch finds others (claimed entries leave
        // the due set), but after a few such losses in a row the other instance has it in hand.
        lostClaims = claimed.length === 0 ? lostClaims + 1 : 0;
        if (lostClaims >= 3) exhausted = true;
        await this.prepare(claimed);
        for (const entry of claimed) {
          const key = `${entry.tenantId}\n${entry.recipientAadObjectId}`;
          const queue = queues.get(key);
          if (queue) queue.push(entry);
          else {
            queues.set(key, [entry]);
            ready.push(key);
          }
        }
      } catch (error) {
        exhausted = true;
        this.logger.error({ err: error }, 'outbox entries could not be fetched or claimed');
      }
    };
    const work = async () => {
      for (;;) {
        // Refill while a second's sends are still queued: a fetch, claim and read-ahead take
        // 100-300 ms on a busy machine, and workers that run dry leave the tenant's slots unused.
        if (!exhausted && !this.stopping && ready.length <= Math.max(concurrency, this.pacer.tenantBurst)) {
          refilling ??= refill().finally(() => {
            refilling = undefined;
          });
        }
        const key = ready.shift();
        if (key === undefined) {
          if (!refilling) return;
          await refilling;
          continue;
        }
        const queue = queues.get(key) ?? [];
        for (let entry = queue.shift(); entry; entry = queue.shift()) {
          if (this.stopping) {
            await this.unclaim(entry);
            continue;
          }
          try {
            if (await this.dispatch(entry)) handled += 1;
          } catch (error) {
            // One entry's store trouble must not hold up the others; its lease runs out, it is due again.
            this.logger.error({ err: error, ...logFields(entry) }, 'outbox entry could not be handled');
          }
        }
        queues.delete(key);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, work));
    // Drained: let the leases go, so another instance may send there at once.
    if (!this.stopping) await this.releaseSenderLeases();
    return handled;
  }

  private async prepare(claimed: VersionedOutboxEntry[]): Promise<void> {
    try {
      await this.delivery.prepare?.(claimed);
    } catch (error) {
      // Each delivery reads what it needs by itself then.
      this.logger.warn({ err: error }, 'outbox recipients could not be read ahead');
    }
  }

  /** Claims the entries in one request; returns those this instance now holds (claimed versions). */
  private async claimAll(entries: VersionedOutboxEntry[]): Promise<VersionedOutboxEntry[]> {
    const leaseUntil = new Date(this.clock.now().getTime() + this.options.leaseMs).toISOString();
    const claimed = await this.outbox.replaceEach(
      entries.map((entry) => ({ entry, next: { ...strip(entry), nextAttemptAt: leaseUntil, leaseUntil } })),
    );
    return claimed.filter((entry): entry is VersionedOutboxEntry => entry !== undefined);
  }

  private tenantsHeldElsewhere(now: number): string[] {
    for (const [tenantId, until] of this.heldElsewhere) if (until <= now) this.heldElsewhere.delete(tenantId);
    return [...this.heldElsewhere.keys()];
  }

  /**
   * Takes (or renews, when half gone) the sender lease of every tenant with a fan-out in this
   * batch; returns the tenants another instance is sending to. A tenant with a few due entries
   * needs no lease: two instances sending those stay well inside Teams' limit.
   */
  private async holdSenderLeases(due: OutboxEntry[], now: Date): Promise<Set<string>> {
    const perTenant = new Map<string, number>();
    for (const entry of due) perTenant.set(entry.tenantId, (perTenant.get(entry.tenantId) ?? 0) + 1);
    const leftOut = new Set<string>();
    const { senderLeaseMs } = this.options;
    const { instanceId } = this;
    for (const [tenantId, count] of perTenant) {
      const heldUntil = this.holding.get(tenantId);
      const fanOut = count >= this.pacer.tenantBurst;
      if (heldUntil === undefined ? !fanOut : heldUntil - now.getTime() > senderLeaseMs / 2) continue;
      const until = new Date(now.getTime() + senderLeaseMs);
      const { heldElsewhereUntil } = await this.outbox.holdSender(tenantId, instanceId, now, until);
      if (heldElsewhereUntil) {
        this.holding.delete(tenantId);
        this.heldElsewhere.set(tenantId, heldElsewhereUntil.getTime());
        leftOut.add(tenantId);
      } else {
        this.holding.set(tenantId, until.getTime());
      }
    }
    return leftOut;
  }

  private async releaseSenderLeases(): Promise<void> {
    for (const tenantId of [...this.holding.keys()]) {
      this.holding.delete(tenantId);
      try {
        await this.outbox.releaseSender(tenantId, this.instanceId, this.clock.now());
      } catch (error) {
        // It runs out by itself; the other instance only waits a little longer.
        this.logger.warn({ err: error, tenantId }, 'outbox sender lease not released');
      }
    }
  }

  /** Sends and records one claimed entry; false when it must wait (paced, or the tenant throttled). */
  private async dispatch(claimed: VersionedOutboxEntry): Promise<boolean> {
    const { tenantId } = claimed;
    const conversation = claimed.recipientAadObjectId;
    const now = this.clock.now().getTime();
    const slot = this.pacer.slotFor(tenantId, conversation, now);
    if (slot - now > this.options.maxInlineWaitMs) {
      // Moved out of the due set, so a long pause for one tenant does not hold up the others.
      await this.defer(claimed, slot - now);
      return false;
    }
    this.pacer.reserve(tenantId, conversation, slot);
    if (slot > now) await this.sleep(slot - now);
    // Teams counts a send when it arrives, not by its slot: a timer that fired late (the process
    // was busy) would send it in one bunch with those whose slots passed meanwhile. The gate
    // counts the times sends actually leave, so a late send catches up only as far as Teams'
    // limit allows. Its wait is short (at most Teams' window), well inside the claim's lease.
    let leaving = this.clock.now().getTime();
    for (;;) {
      if (this.stopping || this.pacer.isPaused(tenantId, leaving)) {
        // Stopping, or Teams said 429 to another send of this tenant while this one waited.
        this.pacer.release(tenantId, conversation, slot);
        await this.defer(claimed, this.pacer.slotFor(tenantId, conversation, leaving) - leaving);
        return false;
      }
      const leaveAt = this.pacer.leaveAt(tenantId, leaving);
      if (leaveAt <= leaving) break;
      await this.sleep(leaveAt - leaving);
      leaving = this.clock.now().getTime();
    }
    this.pacer.leave(tenantId, leaving);
    // The request itself may leave later (botbuilder's steps before the HTTP transport wait for
    // a busy event loop too): the pacer counts it from then, so the sends after it keep their
    // distance from when it really left.
    let leftAt: number | undefined = leaving;
    const onRequest = () => {
      const at = this.clock.now().getTime();
      if (leftAt === undefined) this.pacer.leave(tenantId, at);
      else this.pacer.moveDeparture(tenantId, leftAt, at);
      leftAt = undefined;
    };
    const outcome = await this.deliverSafely(claimed, onRequest);
    const answeredAt = this.clock.now().getTime();
    if (outcome.kind === 'no-conversation') this.pacer.release(tenantId, conversation, slot);
    if (outcome.kind === 'throttled') this.pacer.pauseTenant(tenantId, answeredAt + outcome.retryAfterMs);
    await this.record(claimed, outcome);
    return true;
  }

  /** Records the sends that could not be recorded before; those that still fail stay for the next pass. */
  private async recordUnrecorded(): Promise<void> {
    for (const [id, { claimed, next }] of [...this.unrecorded]) {
      try {
        const saved = await this.outbox.replaceIfUnchanged(claimed, next);
        this.unrecorded.delete(id);
        if (!saved) this.logger.warn(logFields(claimed), 'outbox entry changed before its send was recorded');
        else this.logger.info({ ...logFields(claimed), outcome: 'sent' }, 'outbox delivery recorded late');
      } catch (error) {
        this.logger.warn({ err: error, ...logFields(claimed) }, 'outbox send still not recorded');
      }
    }
  }

  /** Gives a claimed entry back, due again after `waitMs`. */
  private async defer(claimed: VersionedOutboxEntry, waitMs: number): Promise<void> {
    const until = new Date(this.clock.now().getTime() + waitMs).toISOString();
    const { leaseUntil: _released, ...body } = strip(claimed);
    // A lost race means another instance has it now (its lease ran out); that is fine.
    await this.outbox.replaceIfUnchanged(claimed, { ...body, nextAttemptAt: until });
  }

  /** Gives a claimed entry back at once (shutting down): due now, for the next instance. */
  private async unclaim(claimed: VersionedOutboxEntry): Promise<void> {
    try {
      await this.defer(claimed, 0);
    } catch (error) {
      // Its lease runs out by itself.
      this.logger.warn({ err: error, ...logFields(claimed) }, 'outbox entry not given back');
    }
  }

  private async deliverSafely(entry: OutboxEntry, onRequest: () => void): Promise<DeliveryOutcome> {
    try {
      return await this.delivery.deliver(entry, onRequest);
    } catch (error) {
      this.logger.error({ err: error, ...logFields(entry) }, 'outbox delivery threw');
      return { kind: 'failed' };
    }
  }

  private async record(entry: VersionedOutboxEntry, outcome: DeliveryOutcome): Promise<void> {
    const now = this.clock.now();
    const { leaseUntil: _released, ...body } = strip(entry);
    const later = (ms: number) => new Date(now.getTime() + ms).toISOString();
    let next: OutboxEntry;
    switch (outcome.kind) {
      case 'sent':
        next = {
          ...body,
          status: 'sent',
          sentAt: now.toISOString(),
          attempts: body.attempts + 1,
          lastError: undefined,
        };
        break;
      case 'throttled':
        next = { ...body, nextAttemptAt: later(outcome.retryAfterMs), lastError: '429' };
        break;
      case 'no-conversation':
        next = {
          ...body,
          nextAttemptAt: later(this.options.noConversationRetryMs),
          lastError: 'no-conversation',
        };
        break;
      case 'unreachable':
        next = {
          ...body,
          status: 'unreachable',
          attempts: body.attempts + 1,
          lastError: String(outcome.status),
        };
        break;
      case 'failed': {
        const attempts = body.attempts + 1;
        const backoff = Math.min(1000 * 2 ** attempts, this.options.maxBackoffMs);
        next = {
          ...body,
          attempts,
          nextAttemptAt: later(backoff),
          lastError: String(outcome.status ?? 'error'),
        };
        break;
      }
    }
    let saved: VersionedOutboxEntry | undefined;
    try {
      saved = await this.outbox.replaceIfUnchanged(entry, next);
    } catch (error) {
      // Teams has it; sending it again would be the duplicate. Record it later instead.
      if (outcome.kind === 'sent') this.unrecorded.set(entry.id, { claimed: entry, next });
      throw error;
    }
    if (!saved) {
      this.logger.warn(logFields(entry), 'outbox entry changed while it was being delivered');
      return;
    }
    this.logger.info({ ...logFields(entry), outcome: outcome.kind }, 'outbox delivery');
    if (outcome.kind === 'unreachable') await this.onUnreachable(entry, now);
  }
}

function strip(entry: VersionedOutboxEntry): OutboxEntry {
  const { _etag, ...body } = entry as VersionedOutboxEntry & Record<string, unknown>;
  const { _rid, _self, _ts, _attachments, writeId, ...rest } = body;
  return rest as unknown as OutboxEntry;
}

/** What a log line may say about an entry: its kind and a hash of its id (ids can hold an Entra id). */
function logFields(entry: OutboxEntry) {
  return { tenantId: entry.tenantId, kind: entry.message.kind, outboxKey: stableId(entry.id) };
}
