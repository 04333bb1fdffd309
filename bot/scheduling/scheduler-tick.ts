import type { Logger } from '../logger';
import { type ClaimOptions, claimOccurrence, recordSkipped, stripClaim } from './occurrence-claims';
import { nextOccurrenceAfter, occurrencesBetween } from './recurrence';
import type { Schedule } from './schedule';
import type { ScheduleRepository, WithEtag } from './schedule-repository';
import { SharedWalk } from './shared-walk';
import type { WorkingDayCalendar } from './working-days';

/** Runs one occurrence; it must be idempotent (write outbox entries with deterministic ids). */
export type OccurrenceHandler = (schedule: Schedule, occurrenceAt: Date) => Promise<void>;

/** The working-day calendar of a tenant (its extra non-working days included). */
export type CalendarSource = (tenantId: string) => WorkingDayCalendar | Promise<WorkingDayCalendar>;

export interface SchedulerOptions extends ClaimOptions {
  /** Due schedules read per tick: all 342 municipalities' 09:00 herijking fit in one. */
  batchSize: number;
  /**
   * Occurrences run at the same time. One after another, the 09:00 sweep took 0.77 s per tenant
   * here (20-odd store round trips each), so the last of 342 rounds opened minutes late; a small
   * number keeps the store and Teams from a burst of every tenant's writes at once.
   */
  concurrency: number;
  /**
   * Where in the due list this instance starts (0 to 1; random when not given). Instances that
   * start at different points share the sweep instead of racing for the same claims in the same
   * order.
   */
  startFraction?: number;
  maxBackoffMs: number;
  /** At most this many missed older occurrences get a 'skipped' record per catch-up. */
  maxSkippedRecords: number;
}

/** A pass reads the due list again at most this often (each meeting with another instance's work). */
const MAX_REREADS_PER_PASS = 20;

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = {
  leaseMs: 5 * 60_000,
  batchSize: 500,
  concurrency: 4,
  maxAttempts: 10,
  maxBackoffMs: 60 * 60_000,
  maxSkippedRecords: 100,
};

/**
 * Finds due schedules and runs each occurrence exactly once across instances and restarts.
 *
 * - Claim: creating the occurrence's claim document (deterministic id) is the lock; a 409 means
 *   another instance has it. A claim whose lease ran out (its instance died) is taken over with
 *   its ETag, so a crash never loses an occurrence.
 * - Missed occurrences (downtime): only the most recent due one runs; older ones are recorded as
 *   skipped. A herijking opened three times, or three stale reminders at once, helps nobody.
 * - A throwing handler: the claim stays but its lease is shortened with backoff, so a later tick
 *   retries it (up to maxAttempts). Deleting the claim could let two instances retry at once;
 *   never retrying would lose the occurrence. Handlers are idempotent (deterministic outbox ids),
 *   so a retry after a partial run adds nothing twice: the effect happens exactly once.
 */
export class SchedulerTick {
  private readonly handlers = new Map<string, OccurrenceHandler>();
  private running?: Promise<number>;
  /**
   * Schedules whose occurrence has a live claim (another instance runs it, or a failed run waits
   * for its retry), by tenant and id: the schedule's version then and until when the claim's
   * lease runs. While the schedule is unchanged (the instance that runs it advances it when done)
   * and the lease runs, it is skipped without reading its calendar or claim again.
   */
  private readonly claimed = new Map<string, { etag: string; until: number }>();
  private readonly startFraction: number;

  constructor(
    private readonly schedules: ScheduleRepository,
    private readonly calendarFor: CalendarSource,
    private readonly logger: Logger,
    private readonly options: SchedulerOptions = DEFAULT_SCHEDULER_OPTIONS,
  ) {
    this.startFraction = options.startFraction ?? Math.random();
  }

  /** Registers the handler for a kind of schedule; one per kind. */
  on(kind: string, handler: OccurrenceHandler): this {
    if (this.handlers.has(kind)) throw new Error(`a handler for ${kind} is registered already`);
    this.handlers.set(kind, handler);
    return this;
  }

  /** One pass over what is due at `now`; returns how many occurrences ran. Passes never overlap. */
  runOnce(now: Date): Promise<number> {
    this.running ??= this.pass(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Walks the due schedules from this instance's starting point (wrapping around), with
   * `concurrency` occurrences under way at once. Meeting another instance's work (its claim, or an
   * occurrence it finished after the list was read) means the list is stale there: it is read
   * again, so what the other instance has done drops out instead of costing a lost claim each.
   */
  private async pass(now: Date): Promise<number> {
    const { batchSize, concurrency } = this.options;
    let walk = new SharedWalk(await this.schedules.findDue(now, batchSize), this.startFraction);
    this.forgetExpired(now.getTime());
    const taken = new Set<string>();
    let rereads = 0;
    let rereading: Promise<void> | undefined;
    const reread = () => {
      if (rereading) return rereading;
      rereads += 1;
      rereading = (async () => {
        const due = await this.schedules.findDue(now, batchSize);
        walk = new SharedWalk(
          due.filter((schedule) => !taken.has(scheduleKey(schedule))),
          this.startFraction,
        );
      })().finally(() => {
        rereading = undefined;
      });
      return rereading;
    };
    let ran = 0;
    const work = async () => {
      for (;;) {
        if (rereading) await rereading.catch(() => undefined);
        const schedule = walk.take();
        if (!schedule) return;
        const key = scheduleKey(schedule);
        if (taken.has(key) || this.isClaimed(schedule, now.getTime())) continue;
        taken.add(key);
        try {
          const outcome = await this.process(schedule, now);
          if (outcome === 'ran') ran += 1;
          if (outcome === 'elsewhere' && rereads < MAX_REREADS_PER_PASS) await reread();
        } catch (error) {
          // One broken schedule (bad rule, storage hiccup) must not stop the others.
          this.logger.error({ err: error, ...logFields(schedule) }, 'schedule tick failed');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, work));
    return ran;
  }

  private isClaimed(schedule: WithEtag<Schedule>, now: number): boolean {
    const held = this.claimed.get(scheduleKey(schedule));
    return held !== undefined && held.etag === schedule._etag && held.until > now;
  }

  private forgetExpired(now: number): void {
    for (const [key, held] of this.claimed) if (held.until <= now) this.claimed.delete(key);
  }

  /** 'elsewhere': another instance has (or had) this occurrence. */
  private async process(stored: WithEtag<Schedule>, now: Date): Promise<'ran' | 'idle' | 'elsewhere'> {
    const handler = this.handlers.get(stored.kind);
    if (!handler) {
      // Perhaps an instance on newer code knows it; leave it for that one.
      this.logger.warn(logFields(stored), 'no handler for this kind of schedule');
      return 'idle';
    }
    const schedule = strip(stored);
    const calendar = await this.calendarFor(schedule.tenantId);
    const since = schedule.lastOccurrenceAt
      ? new Date(schedule.lastOccurrenceAt)
      : new Date(new Date(schedule.createdAt).getTime() - 1);
    const due = occurrencesBetween(schedule, since, now, calendar);
    const latest = due.at(-1);
    if (!latest) {
      await this.advance(stored, undefined, now, calendar);
      return 'idle';
    }
    const outcome = await this.runOccurrence(schedule, latest, now, handler);
    if (typeof outcome === 'object') {
      this.claimed.set(scheduleKey(stored), { etag: stored._etag, until: outcome.heldUntil });
      return 'elsewhere';
    }
    if (outcome === 'pending') return 'elsewhere';
    await recordSkipped(this.schedules, schedule, due.slice(0, -1), now, this.options.maxSkippedRecords);
    if (due.length > 1)
      this.logger.info({ ...logFields(schedule), skipped: due.length - 1 }, 'missed occurrences skipped');
    await this.advance(stored, latest, now, calendar);
    return outcome === 'ran' ? 'ran' : 'elsewhere';
  }

  private async runOccurrence(
    schedule: Schedule,
    occurrenceAt: Date,
    now: Date,
    handler: OccurrenceHandler,
  ): Promise<'ran' | 'settled' | 'pending' | { heldUntil: number }> {
    const claim = await claimOccurrence(
      this.schedules,
      schedule,
      occurrenceAt,
      now,
      this.options,
      this.logger,
    );
    if (claim === 'settled' || claim === 'pending') return claim;
    if ('heldUntil' in claim) return claim;
    const fields = { ...logFields(schedule), occurrenceAt: occurrenceAt.toISOString() };
    try {
      await handler(schedule, occurrenceAt);
    } catch (error) {
      const backoff = Math.min(60_000 * 2 ** (claim.attempts - 1), this.options.maxBackoffMs);
      this.logger.error({ err: error, ...fields, attempts: claim.attempts }, 'scheduled handler failed');
      const retryAt = new Date(now.getTime() + backoff).toISOString();
      await this.schedules.replaceClaimIfUnchanged(claim, { ...stripClaim(claim), leaseUntil: retryAt });
      // Skipped until the retry, like an occurrence another instance holds.
      return { heldUntil: Date.parse(retryAt) };
    }
    const done = { ...stripClaim(claim), status: 'done' as const, finishedAt: now.toISOString() };
    if (!(await this.schedules.replaceClaimIfUnchanged(claim, done))) {
      this.logger.warn(fields, 'occurrence claim changed while its handler ran (lease too short?)');
    }
    this.logger.info(fields, 'scheduled occurrence ran');
    return 'ran';
  }

  /** Moves the schedule on; a lost race (412) is fine: another instance moved it. */
  private async advance(
    stored: WithEtag<Schedule>,
    ranAt: Date | undefined,
    now: Date,
    calendar: WorkingDayCalendar,
  ): Promise<void> {
    const schedule = strip(stored);
    const next = nextOccurrenceAfter(schedule, now, calendar);
    await this.schedules.replaceIfUnchanged(stored, {
      ...schedule,
      lastOccurrenceAt: ranAt?.toISOString() ?? schedule.lastOccurrenceAt,
      nextCheckAt: next?.toISOString() ?? null,
    });
  }
}

const scheduleKey = (schedule: Schedule) => `${schedule.tenantId}\n${schedule.id}`;

function strip(schedule: WithEtag<Schedule>): Schedule {
  const { _etag, ...body } = schedule;
  return body;
}

export function logFields(schedule: Schedule) {
  return { tenantId: schedule.tenantId, scheduleId: schedule.id, kind: schedule.kind };
}
