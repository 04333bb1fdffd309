import assert from 'node:assert/strict';
import { occurrenceClaimId } from '../../bot/scheduling/schedule';
import { SchedulerTick } from '../../bot/scheduling/scheduler-tick';
import { WorkingDayCalendar } from '../../bot/scheduling/working-days';
import { ManualClock } from '../helpers/manual-clock';
import {
  DAY,
  HOUR,
  herijkingSchedule,
  recordingTick,
  scheduleRepository,
  silentLogger,
  TENANT,
  weeklyReminder,
} from './scheduling-fixtures';

describe('Scheduler tick', () => {
  it('opens the herijking exactly four times in a simulated year, at 09:00 on each first working day', async () => {
    const repository = await scheduleRepository();
    // Ticks twice a day at 07:30Z and 19:30Z: a query on the in-process server costs a few ms, so
    // hourly ticks for a year would take a minute. 07:30Z falls between 09:00 CET (08:00Z) and
    // 09:00 CEST (07:00Z), so an hour's mistake in either season shows in when a call happens.
    const clock = new ManualClock('2026-12-15T07:30:00Z');
    await repository.create(herijkingSchedule(clock.now()));
    const calls: { at: string; now: string }[] = [];
    const tick = new SchedulerTick(repository, () => new WorkingDayCalendar(), silentLogger).on(
      'herijking-open',
      async (schedule, at) => {
        assert.deepEqual(schedule.payload, { openWorkingDays: 10 });
        calls.push({ at: at.toISOString(), now: clock.now().toISOString() });
      },
    );
    while (clock.now() < new Date('2028-01-01T00:00:00Z')) {
      await tick.runOnce(clock.now());
      clock.advance(12 * HOUR);
    }
    const expected = [
      '2027-01-04T08:00:00.000Z',
      '2027-04-01T07:00:00.000Z',
      '2027-07-01T07:00:00.000Z',
      '2027-10-01T07:00:00.000Z',
    ];
    assert.deepEqual(calls, [
      { at: expected[0], now: '2027-01-04T19:30:00.000Z' },
      { at: expected[1], now: '2027-04-01T07:30:00.000Z' },
      { at: expected[2], now: '2027-07-01T07:30:00.000Z' },
      { at: expected[3], now: '2027-10-01T07:30:00.000Z' },
    ]);
    const claims = await repository.listClaims(TENANT, 'schedule:herijking-open');
    assert.deepEqual(
      claims.map((claim) => [claim.occurrenceAt, claim.status]),
      expected.map((at) => [at, 'done']),
    );
    const stored = await repository.find(TENANT, 'schedule:herijking-open');
    assert.equal(stored?.lastOccurrenceAt, '2027-10-01T07:00:00.000Z');
    assert.equal(stored?.nextCheckAt, '2028-01-03T08:00:00.000Z');
  });

  it('runs each occurrence once when two instances tick on the same store, interleaved and at once', async () => {
    const repository = await scheduleRepository();
    const otherRepository = Object.create(repository) as typeof repository;
    const start = new Date('2027-01-01T00:00:00Z');
    await repository.create(weeklyReminder(start));
    const calls: string[] = [];
    const slowHandler = async (_schedule: unknown, at: Date) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      calls.push(at.toISOString());
    };
    const calendar = new WorkingDayCalendar();
    const a = new SchedulerTick(repository, () => calendar, silentLogger).on('action-reminder', slowHandler);
    const b = new SchedulerTick(otherRepository, () => calendar, silentLogger).on(
      'action-reminder',
      slowHandler,
    );
    const clock = new ManualClock(start);
    for (let step = 0; step < 6 * 7 * 4; step += 1) {
      clock.advance(6 * HOUR);
      const now = clock.now();
      // Alternate who goes first, and every third step both tick at the same moment.
      if (step % 3 === 0) await Promise.all([a.runOnce(now), b.runOnce(now)]);
      else if (step % 2 === 0) await a.runOnce(now).then(() => b.runOnce(now));
      else await b.runOnce(now).then(() => a.runOnce(now));
    }
    const mondays = Array.from({ length: 6 }, (_, week) =>
      new Date(Date.UTC(2027, 0, 4 + 7 * week, 8)).toISOString(),
    );
    assert.deepEqual(calls.sort(), mondays);
  });

  it('after three weeks of downtime runs only the latest missed occurrence, once, and records the rest as skipped', async () => {
    const repository = await scheduleRepository();
    await repository.create(weeklyReminder(new Date('2027-01-01T00:00:00Z')));
    const calls: string[] = [];
    const tick = recordingTick(repository, 'action-reminder', calls);
    await tick.runOnce(new Date('2027-01-04T08:00:00Z'));
    assert.deepEqual(calls, ['2027-01-04T08:00:00.000Z']);
    // Down from Monday 4 January 09:01 until Tuesday 26 January 10:00 (Amsterdam).
    for (let minute = 0; minute < 5; minute += 1) {
      await tick.runOnce(new Date(Date.parse('2027-01-26T09:00:00Z') + minute * 60_000));
    }
    assert.deepEqual(calls, ['2027-01-04T08:00:00.000Z', '2027-01-25T08:00:00.000Z']);
    const claims = await repository.listClaims(TENANT, 'schedule:weekly-reminder');
    assert.deepEqual(
      claims.map((claim) => `${claim.occurrenceAt.slice(0, 10)} ${claim.status}`),
      ['2027-01-04 done', '2027-01-11 skipped', '2027-01-18 skipped', '2027-01-25 done'],
    );
    await tick.runOnce(new Date('2027-02-01T08:00:00Z'));
    assert.equal(calls.at(-1), '2027-02-01T08:00:00.000Z');
    assert.equal(calls.length, 3);
  });

  it('retries an occurrence whose handler threw, after a backoff, until it succeeds once', async () => {
    const repository = await scheduleRepository();
    await repository.create(weeklyReminder(new Date('2027-01-01T00:00:00Z')));
    let attempts = 0;
    const tick = new SchedulerTick(repository, () => new WorkingDayCalendar(), silentLogger).on(
      'action-reminder',
      async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('outbox write failed');
      },
    );
    const at = new Date('2027-01-04T08:00:00Z');
    assert.equal(await tick.runOnce(at), 0);
    assert.equal(await tick.runOnce(new Date(at.getTime() + 30_000)), 0, 'still backing off');
    assert.equal(attempts, 1);
    assert.equal(await tick.runOnce(new Date(at.getTime() + 61_000)), 1);
    assert.equal(await tick.runOnce(new Date(at.getTime() + 120_000)), 0);
    assert.equal(attempts, 2);
    const [claim] = await repository.listClaims(TENANT, 'schedule:weekly-reminder');
    assert.equal(claim?.status, 'done');
    assert.equal(claim?.attempts, 2);
  });

  it('takes over an occurrence whose instance died holding it, but not one still leased', async () => {
    const repository = await scheduleRepository();
    await repository.create(weeklyReminder(new Date('2027-01-01T00:00:00Z')));
    const at = new Date('2027-01-04T08:00:00Z');
    await repository.createClaim({
      id: occurrenceClaimId('schedule:weekly-reminder', at),
      type: 'occurrence-claim',
      tenantId: TENANT,
      scheduleId: 'schedule:weekly-reminder',
      kind: 'action-reminder',
      occurrenceAt: at.toISOString(),
      status: 'running',
      leaseUntil: new Date(at.getTime() + 5 * 60_000).toISOString(),
      attempts: 1,
      claimedAt: at.toISOString(),
    });
    const calls: string[] = [];
    const tick = recordingTick(repository, 'action-reminder', calls);
    await tick.runOnce(new Date(at.getTime() + 60_000));
    assert.deepEqual(calls, [], 'another instance holds the lease');
    await tick.runOnce(new Date(at.getTime() + 6 * 60_000));
    assert.deepEqual(calls, [at.toISOString()]);
    await tick.runOnce(new Date(at.getTime() + DAY));
    assert.equal(calls.length, 1);
  });

  it('lets one of two instances take over an abandoned occurrence when both find it at once', async () => {
    const repository = await scheduleRepository();
    await repository.create(weeklyReminder(new Date('2027-01-01T00:00:00Z')));
    const at = new Date('2027-01-04T08:00:00Z');
    await repository.createClaim({
      id: occurrenceClaimId('schedule:weekly-reminder', at),
      type: 'occurrence-claim',
      tenantId: TENANT,
      scheduleId: 'schedule:weekly-reminder',
      kind: 'action-reminder',
      occurrenceAt: at.toISOString(),
      status: 'running',
      leaseUntil: new Date(at.getTime() + 5 * 60_000).toISOString(),
      attempts: 1,
      claimedAt: at.toISOString(),
    });
    const calls: string[] = [];
    // Three instances, each of which reads the abandoned claim before any of them writes.
    let readers = 0;
    let allHaveRead: () => void = () => undefined;
    const barrier = new Promise<void>((resolve) => {
      allHaveRead = resolve;
    });
    const instance = () => {
      const own = Object.create(repository) as typeof repository;
      own.findClaim = async (tenantId, id) => {
        const found = await repository.findClaim(tenantId, id);
        readers += 1;
        if (readers === 3) allHaveRead();
        await barrier;
        return found;
      };
      return recordingTick(own, 'action-reminder', calls);
    };
    const ticks = [instance(), instance(), instance()];
    const afterLease = new Date(at.getTime() + 6 * 60_000);
    await Promise.all(ticks.map((tick) => tick.runOnce(afterLease)));
    assert.deepEqual(calls, [at.toISOString()], 'run once, by one instance');
    const [claim] = await repository.listClaims(TENANT, 'schedule:weekly-reminder');
    assert.equal(claim?.status, 'done');
    assert.equal(claim?.attempts, 2, 'taken over once');
  });

  it('leaves a schedule without a handler for an instance that knows it', async () => {
    const repository = await scheduleRepository();
    await repository.create(weeklyReminder(new Date('2027-01-01T00:00:00Z')));
    const calls: string[] = [];
    await recordingTick(repository, 'herijking-open', calls).runOnce(new Date('2027-01-04T08:00:00Z'));
    assert.deepEqual(await repository.listClaims(TENANT, 'schedule:weekly-reminder'), []);
    await recordingTick(repository, 'action-reminder', calls).runOnce(new Date('2027-01-04T08:01:00Z'));
    assert.deepEqual(calls, ['2027-01-04T08:00:00.000Z']);
  });
});
