import assert from 'node:assert/strict';
import { nextOccurrenceAfter, occurrencesBetween, type Recurrence } from '../../bot/scheduling/recurrence';
import { WorkingDayCalendar } from '../../bot/scheduling/working-days';
import { zonedWallTimeToUtc } from '../../bot/scheduling/zoned-time';

const calendar = new WorkingDayCalendar();
const iso = (dates: Date[]) => dates.map((date) => date.toISOString());
const QUARTER_STARTS: Recurrence = {
  rrule: 'FREQ=MONTHLY;BYMONTH=1,4,7,10;BYMONTHDAY=1',
  startsOn: '2026-01-01',
  localTime: '09:00',
  shiftToWorkingDay: true,
};

describe('Recurrence in Europe/Amsterdam', () => {
  it('turns a local wall time into the right instant in winter, summer and at the changes', () => {
    assert.equal(
      zonedWallTimeToUtc('2027-01-04', '09:00', 'Europe/Amsterdam').toISOString(),
      '2027-01-04T08:00:00.000Z',
    );
    assert.equal(
      zonedWallTimeToUtc('2027-07-01', '09:00', 'Europe/Amsterdam').toISOString(),
      '2027-07-01T07:00:00.000Z',
    );
    // 02:30 does not exist on 28 March 2027: it becomes 03:30 CEST.
    assert.equal(
      zonedWallTimeToUtc('2027-03-28', '02:30', 'Europe/Amsterdam').toISOString(),
      '2027-03-28T01:30:00.000Z',
    );
    // 02:30 happens twice on 31 October 2027: the first (CEST) one.
    assert.equal(
      zonedWallTimeToUtc('2027-10-31', '02:30', 'Europe/Amsterdam').toISOString(),
      '2027-10-31T00:30:00.000Z',
    );
  });

  it('opens on the first working day of each quarter of 2027 at 09:00', () => {
    const occurrences = occurrencesBetween(
      QUARTER_STARTS,
      new Date('2026-12-31T23:00:00Z'),
      new Date('2027-12-31T23:00:00Z'),
      calendar,
    );
    assert.deepEqual(iso(occurrences), [
      '2027-01-04T08:00:00.000Z',
      '2027-04-01T07:00:00.000Z',
      '2027-07-01T07:00:00.000Z',
      '2027-10-01T07:00:00.000Z',
    ]);
  });

  it('without the shift, keeps the rule dates even on a holiday', () => {
    const occurrences = occurrencesBetween(
      { ...QUARTER_STARTS, shiftToWorkingDay: false },
      new Date('2026-12-31T00:00:00Z'),
      new Date('2027-01-31T00:00:00Z'),
      calendar,
    );
    assert.deepEqual(iso(occurrences), ['2027-01-01T08:00:00.000Z']);
  });

  it('includes a shifted occurrence whose rule date lies before the window', () => {
    const occurrences = occurrencesBetween(
      QUARTER_STARTS,
      new Date('2027-01-03T00:00:00Z'),
      new Date('2027-01-05T00:00:00Z'),
      calendar,
    );
    assert.deepEqual(iso(occurrences), ['2027-01-04T08:00:00.000Z']);
  });

  it('keeps a weekly 09:00 reminder at 09:00 local across the last Sundays of March and October', () => {
    const weekly = (byDay: string): Recurrence => ({
      rrule: `FREQ=WEEKLY;BYDAY=${byDay}`,
      startsOn: '2027-01-01',
      localTime: '09:00',
      shiftToWorkingDay: false,
    });
    const spring = [new Date('2027-03-15T00:00:00Z'), new Date('2027-04-06T00:00:00Z')] as const;
    const autumn = [new Date('2027-10-18T00:00:00Z'), new Date('2027-11-09T00:00:00Z')] as const;
    assert.deepEqual(iso(occurrencesBetween(weekly('MO'), ...spring, calendar)), [
      '2027-03-15T08:00:00.000Z',
      '2027-03-22T08:00:00.000Z',
      '2027-03-29T07:00:00.000Z',
      '2027-04-05T07:00:00.000Z',
    ]);
    assert.deepEqual(iso(occurrencesBetween(weekly('SU'), ...spring, calendar)), [
      '2027-03-21T08:00:00.000Z',
      '2027-03-28T07:00:00.000Z',
      '2027-04-04T07:00:00.000Z',
    ]);
    assert.deepEqual(iso(occurrencesBetween(weekly('MO'), ...autumn, calendar)), [
      '2027-10-18T07:00:00.000Z',
      '2027-10-25T07:00:00.000Z',
      '2027-11-01T08:00:00.000Z',
      '2027-11-08T08:00:00.000Z',
    ]);
    assert.deepEqual(iso(occurrencesBetween(weekly('SU'), ...autumn, calendar)), [
      '2027-10-24T07:00:00.000Z',
      '2027-10-31T08:00:00.000Z',
      '2027-11-07T08:00:00.000Z',
    ]);
  });

  it("does not depend on the server's own time zone", () => {
    const original = process.env.TZ;
    const run = () =>
      iso(
        occurrencesBetween(
          QUARTER_STARTS,
          new Date('2027-03-01T00:00:00Z'),
          new Date('2027-08-01T00:00:00Z'),
          calendar,
        ),
      );
    const expected = run();
    try {
      for (const zone of ['Pacific/Auckland', 'America/Los_Angeles', 'Asia/Kolkata']) {
        process.env.TZ = zone;
        assert.deepEqual(run(), expected, zone);
      }
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
    assert.deepEqual(expected, ['2027-04-01T07:00:00.000Z', '2027-07-01T07:00:00.000Z']);
  });

  it('collapses rule dates shifted onto the same working day into one occurrence', () => {
    const daily: Recurrence = {
      rrule: 'FREQ=DAILY',
      startsOn: '2027-01-01',
      localTime: '09:00',
      shiftToWorkingDay: true,
    };
    const occurrences = occurrencesBetween(
      daily,
      new Date('2027-01-01T00:00:00Z'),
      new Date('2027-01-05T12:00:00Z'),
      calendar,
    );
    assert.deepEqual(iso(occurrences), ['2027-01-04T08:00:00.000Z', '2027-01-05T08:00:00.000Z']);
  });

  it('finds the next occurrence, and none after the rule ends', () => {
    assert.equal(
      nextOccurrenceAfter(QUARTER_STARTS, new Date('2027-04-01T07:00:00Z'), calendar)?.toISOString(),
      '2027-07-01T07:00:00.000Z',
    );
    const twice: Recurrence = {
      ...QUARTER_STARTS,
      rrule: 'FREQ=MONTHLY;BYMONTH=1,4,7,10;BYMONTHDAY=1;COUNT=2',
    };
    assert.equal(nextOccurrenceAfter(twice, new Date('2026-04-01T07:00:00Z'), calendar), undefined);
  });

  it('rejects rules that carry their own time or recur more often than daily', () => {
    const base = { startsOn: '2027-01-01', localTime: '09:00', shiftToWorkingDay: false };
    const window = [new Date('2027-01-01T00:00:00Z'), new Date('2027-02-01T00:00:00Z')] as const;
    assert.throws(
      () => occurrencesBetween({ ...base, rrule: 'FREQ=HOURLY' }, ...window, calendar),
      RangeError,
    );
    assert.throws(
      () => occurrencesBetween({ ...base, rrule: 'FREQ=DAILY;BYHOUR=9' }, ...window, calendar),
      RangeError,
    );
    assert.throws(
      () => occurrencesBetween({ ...base, localTime: '9:00', rrule: 'FREQ=DAILY' }, ...window, calendar),
      RangeError,
    );
  });

  it('occurs the working day before each date with leadWorkingDays, skipping weekends and holidays', () => {
    // Weekly on Tuesdays; Easter Monday 29 March 2027 moves the digest for 30 March to Friday 26th.
    const digest: Recurrence = {
      rrule: 'FREQ=WEEKLY',
      startsOn: '2027-03-16',
      localTime: '09:00',
      shiftToWorkingDay: false,
      leadWorkingDays: 1,
    };
    const occurrences = occurrencesBetween(
      digest,
      new Date('2027-03-14T00:00:00Z'),
      new Date('2027-04-07T00:00:00Z'),
      calendar,
    );
    assert.deepEqual(iso(occurrences), [
      '2027-03-15T08:00:00.000Z', // Monday before 16 March (CET)
      '2027-03-22T08:00:00.000Z',
      '2027-03-26T08:00:00.000Z', // Friday: Monday 29 March is Easter Monday
      '2027-04-05T07:00:00.000Z', // Monday before 6 April (CEST)
    ]);
    assert.equal(
      nextOccurrenceAfter(digest, new Date('2027-03-22T08:00:00Z'), calendar)?.toISOString(),
      '2027-03-26T08:00:00.000Z',
    );
  });
});
