import assert from 'node:assert/strict';
import type { CosmosScheduleRepository } from '../../bot/scheduling/cosmos-schedule-repository';
import { SchedulerTick } from '../../bot/scheduling/scheduler-tick';
import { WorkingDayCalendar } from '../../bot/scheduling/working-days';
import { herijkingSchedule, scheduleRepository, silentLogger } from './scheduling-fixtures';

const TENANTS = 60;
const CONCURRENCY = 4;
/** 09:00 Amsterdam on Thursday 1 October 2026, the quarter's first working day. */
const OPENING = new Date('2026-10-01T07:00:00Z');

/** One instance's scheduler on the shared store, counting what it ran and the claims it lost. */
function instance(repository: CosmosScheduleRepository, startFraction: number, ran: string[]) {
  const seen = { lostClaims: 0, inFlight: 0, mostAtOnce: 0 };
  const counting = Object.create(repository) as CosmosScheduleRepository;
  counting.createClaim = async (claim) => {
    const created = await repository.createClaim(claim);
    if (!created) seen.lostClaims += 1;
    return created;
  };
  const calendar = new WorkingDayCalendar();
  const tick = new SchedulerTick(counting, () => calendar, silentLogger, {
    leaseMs: 5 * 60_000,
    batchSize: 500,
    concurrency: CONCURRENCY,
    maxAttempts: 10,
    maxBackoffMs: 60 * 60_000,
    maxSkippedRecords: 100,
    startFraction,
  }).on('herijking-open', async (schedule) => {
    seen.inFlight += 1;
    seen.mostAtOnce = Math.max(seen.mostAtOnce, seen.inFlight);
    // Opening a round takes a while (goals, settings, role holders, the entries, the audit).
    await new Promise((resolve) => setTimeout(resolve, 50));
    seen.inFlight -= 1;
    ran.push(schedule.tenantId);
  });
  return { tick, seen };
}

/**
 * Herijking day across many municipalities: every tenant's round is due at 09:00 and two
 * instances tick at the same moment. Each occurrence runs exactly once, both instances take part
 * of the sweep (each runs several at a time), and they hardly ever race for the same claim.
 */
describe('The 09:00 schedule sweep across tenants', function () {
  this.timeout(60_000);

  it('shares the due occurrences of many tenants between two instances, each running once', async () => {
    const repository = await scheduleRepository();
    const tenants = Array.from({ length: TENANTS }, (_, index) => `tenant-${String(index).padStart(3, '0')}`);
    for (const tenantId of tenants)
      await repository.create(herijkingSchedule(new Date('2026-09-01T00:00:00Z'), { tenantId }));
    const ranOnA: string[] = [];
    const ranOnB: string[] = [];
    const a = instance(repository, 0, ranOnA);
    const b = instance(repository, 0.5, ranOnB);
    const now = new Date(OPENING.getTime() + 30_000);
    await Promise.all([a.tick.runOnce(now), b.tick.runOnce(now)]);

    assert.deepEqual([...ranOnA, ...ranOnB].sort(), tenants, 'every tenant’s round opened exactly once');
    assert.ok(ranOnA.length >= TENANTS / 4, `first instance ran ${ranOnA.length}`);
    assert.ok(ranOnB.length >= TENANTS / 4, `second instance ran ${ranOnB.length}`);
    assert.ok(a.seen.mostAtOnce > 1, 'the first instance ran several at once');
    assert.ok(b.seen.mostAtOnce > 1, 'the second instance ran several at once');
    const lost = a.seen.lostClaims + b.seen.lostClaims;

    // Walking the same list in the same order, the two raced for nearly every claim (58-60 of 60).
    assert.ok(lost <= TENANTS / 5, `${lost} claims raced for; ran ${ranOnA.length} / ${ranOnB.length}`);

    // A minute later nothing is due any more: both see every schedule moved on to January.
    await Promise.all([
      a.tick.runOnce(new Date(now.getTime() + 60_000)),
      b.tick.runOnce(new Date(now.getTime() + 60_000)),
    ]);
    assert.equal(ranOnA.length + ranOnB.length, TENANTS);
    for (const tenantId of tenants) {
      const claims = await repository.listClaims(tenantId, 'schedule:herijking-open');
      assert.deepEqual(
        claims.map((claim) => [claim.occurrenceAt, claim.status]),
        [[OPENING.toISOString(), 'done']],
      );
    }
  });
});
