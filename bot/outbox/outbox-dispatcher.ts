import type { Clock } from '../clock';
import type { RoleDirectory } from '../domain/roles/role-directory';
import { stableId } from '../ids';
import type { Logger } from '../logger';
import { DeliveryPacer } from './delivery-pacer';
import { newOutboxEntry, type OutboxEntry } from './outbox-entry';
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
  deliver(entry: OutboxEntry): Promise<DeliveryOutcome>;
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
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  leaseMs: 2 * 60_000,
  batchSize: 50,
  noConversationRetryMs: 15 * 60_000,
  maxBackoffMs: 60 * 60_000,
  maxInlineWaitMs: 2_000,
};

/** Waits; injected so tests move their clock instead of sleeping. */
export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Delivers outbox entries. Each entry is claimed with an ETag-guarded lease before it is sent,
 * so two instances never send the same entry; an instance that dies mid-send leaves a lease
 * that expires, and the entry is picked up again. Once marked sent, an entry is never sent again.
 * Sends are paced per conversation and per tenant (see DeliveryPacer) so Teams rarely says 429.
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

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly delivery: OutboxDelivery,
    private readonly roles: RoleDirectory,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: DispatcherOptions = DEFAULT_DISPATCHER_OPTIONS,
    private readonly pacer = new DeliveryPacer(),
    private readonly sleep: Sleep = realSleep,
  ) {}

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
  }

  /** Runs passes until nothing is due now. */
  async drain(maxPasses = 20): Promise<void> {
    for (let pass = 0; pass < maxPasses; pass += 1) {
      if ((await this.runOnce()) === 0) return;
    }
  }

  private async pass(): Promise<number> {
    await this.recordUnrecorded();
    const due = await this.outbox.findDue(this.clock.now(), this.options.batchSize);
    let handled = 0;
    for (const entry of due) {
      if (this.stopping) break;
      if (this.unrecorded.has(entry.id)) continue;
      try {
        if (await this.dispatch(entry)) handled += 1;
      } catch (error) {
        // One entry's store trouble must not hold up the others; it is due again later.
        this.logger.error({ err: error, ...logFields(entry) }, 'outbox entry could not be handled');
      }
    }
    return handled;
  }

  /** Claims, sends and records one entry; false when another instance had it. */
  private async dispatch(entry: VersionedOutboxEntry): Promise<boolean> {
    const conversation = entry.recipientAadObjectId;
    const wait = this.pacer.delayBefore(entry.tenantId, conversation, this.clock.now().getTime());
    if (wait > this.options.maxInlineWaitMs) {
      // Moved out of the due set, so a long pause for one tenant does not hold up the others.
      await this.defer(entry, wait);
      return false;
    }
    if (wait > 0) await this.sleep(wait);
    const claimed = await this.claim(entry);
    if (!claimed) return false;
    const outcome = await this.deliverSafely(claimed);
    const sentAt = this.clock.now().getTime();
    if (outcome.kind !== 'no-conversation') this.pacer.recordSend(entry.tenantId, conversation, sentAt);
    if (outcome.kind === 'throttled') this.pacer.pauseTenant(entry.tenantId, sentAt + outcome.retryAfterMs);
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

  private async claim(entry: VersionedOutboxEntry): Promise<VersionedOutboxEntry | undefined> {
    const leaseUntil = new Date(this.clock.now().getTime() + this.options.leaseMs).toISOString();
    return this.outbox.replaceIfUnchanged(entry, { ...strip(entry), nextAttemptAt: leaseUntil, leaseUntil });
  }

  private async defer(entry: VersionedOutboxEntry, waitMs: number): Promise<void> {
    const until = new Date(this.clock.now().getTime() + waitMs).toISOString();
    // A lost race means another instance has it now; that is fine.
    await this.outbox.replaceIfUnchanged(entry, { ...strip(entry), nextAttemptAt: until });
  }

  private async deliverSafely(entry: OutboxEntry): Promise<DeliveryOutcome> {
    try {
      return await this.delivery.deliver(entry);
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
    if (outcome.kind === 'unreachable') await this.reportUnreachable(entry, now);
  }

  /** Tells the coordinators (except the unreachable person) that a message could not arrive. */
  private async reportUnreachable(entry: OutboxEntry, now: Date): Promise<void> {
    if (entry.message.kind === 'delivery-problem') return;
    const coordinatorIds = await this.roles.coordinatorIds(entry.tenantId);
    const notices = coordinatorIds
      .filter((id) => id !== entry.recipientAadObjectId)
      .map((coordinatorId) =>
        newOutboxEntry(
          entry.tenantId,
          `delivery-problem:${entry.id}:${coordinatorId}`,
          coordinatorId,
          {
            kind: 'delivery-problem',
            unreachableAadObjectId: entry.recipientAadObjectId,
            failedKind: entry.message.kind,
          },
          now,
        ),
      );
    await this.outbox.enqueue(notices);
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
