import type { Logger } from '../logger';
import { type OccurrenceClaim, occurrenceClaimId, type Schedule } from './schedule';
import type { ScheduleRepository, WithEtag } from './schedule-repository';

export interface ClaimOptions {
  /** How long a claim is reserved for the instance running it; after that another may take over. */
  leaseMs: number;
  /** Handler attempts for one occurrence before it is recorded as failed. */
  maxAttempts: number;
}

/**
 * Takes one occurrence for this instance, or says why not: 'settled' (it ran, was skipped or was
 * given up), `heldUntil` (another instance holds a live lease until then) or 'pending' (another
 * instance just won a race).
 * Creating the claim is the lock (409 = taken); a claim whose lease ran out, because its instance
 * died or its handler failed, is taken over with its ETag so only one instance retries it.
 */
export async function claimOccurrence(
  schedules: ScheduleRepository,
  schedule: Schedule,
  occurrenceAt: Date,
  now: Date,
  options: ClaimOptions,
  logger: Logger,
): Promise<WithEtag<OccurrenceClaim> | 'settled' | 'pending' | { heldUntil: number }> {
  const leaseUntil = new Date(now.getTime() + options.leaseMs).toISOString();
  const created = await schedules.createClaim({
    ...claimFields(schedule, occurrenceAt, now),
    status: 'running',
    leaseUntil,
    attempts: 1,
  });
  if (created) return created;
  const existing = await schedules.findClaim(schedule.tenantId, occurrenceClaimId(schedule.id, occurrenceAt));
  if (!existing) return 'pending';
  if (existing.status !== 'running') return 'settled';
  const leaseEnds = new Date(existing.leaseUntil).getTime();
  if (leaseEnds > now.getTime()) return { heldUntil: leaseEnds };
  const body = stripClaim(existing);
  if (existing.attempts >= options.maxAttempts) {
    const failed = { ...body, status: 'failed' as const, finishedAt: now.toISOString() };
    if (!(await schedules.replaceClaimIfUnchanged(existing, failed))) return 'pending';
    logger.error(
      { tenantId: schedule.tenantId, scheduleId: schedule.id, occurrenceAt: body.occurrenceAt },
      'scheduled occurrence given up',
    );
    return 'settled';
  }
  const taken = { ...body, leaseUntil, attempts: existing.attempts + 1 };
  return (await schedules.replaceClaimIfUnchanged(existing, taken)) ?? 'pending';
}

/** Records missed occurrences as skipped (the newest `limit`), so history shows what did not run. */
export async function recordSkipped(
  schedules: ScheduleRepository,
  schedule: Schedule,
  missed: Date[],
  now: Date,
  limit: number,
): Promise<void> {
  for (const occurrenceAt of missed.slice(-limit)) {
    // A 409 means a claim exists (it ran, or is running); that record stays as it is.
    await schedules.createClaim({
      ...claimFields(schedule, occurrenceAt, now),
      status: 'skipped',
      leaseUntil: now.toISOString(),
      attempts: 0,
      finishedAt: now.toISOString(),
    });
  }
}

export function stripClaim(claim: WithEtag<OccurrenceClaim>): OccurrenceClaim {
  const { _etag, ...body } = claim;
  return body;
}

function claimFields(schedule: Schedule, occurrenceAt: Date, now: Date) {
  return {
    id: occurrenceClaimId(schedule.id, occurrenceAt),
    type: 'occurrence-claim' as const,
    tenantId: schedule.tenantId,
    scheduleId: schedule.id,
    kind: schedule.kind,
    occurrenceAt: occurrenceAt.toISOString(),
    claimedAt: now.toISOString(),
  };
}
