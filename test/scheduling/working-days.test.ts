import assert from 'node:assert/strict';
import type { WorkingDays } from '../../bot/domain/signals/feedback-deadlines';
import { WorkingDayCalendar } from '../../bot/scheduling/working-days';

describe('Working-day calendar', () => {
  const calendar = new WorkingDayCalendar();

  it('skips weekends and holidays, counts ordinary weekdays', () => {
    assert.equal(calendar.isWorkingDay('2026-04-02'), true, 'Thursday before Easter');
    assert.equal(calendar.isWorkingDay('2026-04-03'), true, 'Goede Vrijdag is a working day by default');
    assert.equal(calendar.isWorkingDay('2026-04-04'), false, 'Saturday');
    assert.equal(calendar.isWorkingDay('2026-04-06'), false, 'Tweede Paasdag');
    assert.equal(calendar.isWorkingDay('2026-04-27'), false, 'Koningsdag on a Monday');
    assert.equal(calendar.isWorkingDay('2026-05-14'), false, 'Hemelvaartsdag');
    assert.equal(calendar.isWorkingDay('2026-12-25'), false, 'Eerste Kerstdag');
  });

  it('adds working days across Easter, Koningsdag and Christmas', () => {
    assert.equal(calendar.addWorkingDays('2026-04-02', 2), '2026-04-07');
    assert.equal(calendar.addWorkingDays('2026-04-24', 1), '2026-04-28');
    assert.equal(calendar.addWorkingDays('2026-12-24', 1), '2026-12-28');
    assert.equal(calendar.addWorkingDays('2026-12-24', 0), '2026-12-24');
    assert.equal(calendar.addWorkingDays('2026-12-28', -1), '2026-12-24');
    // A herijking opening on 4 January 2027 is open for 10 working days.
    assert.equal(calendar.addWorkingDays('2027-01-04', 10), '2027-01-18');
    const withGoodFriday = new WorkingDayCalendar({ holidays: { goodFriday: true } });
    assert.equal(withGoodFriday.addWorkingDays('2026-04-02', 1), '2026-04-07');
  });

  it('finds the first working day on or after a date', () => {
    assert.equal(calendar.nextWorkingDayOnOrAfter('2027-01-01'), '2027-01-04');
    assert.equal(calendar.nextWorkingDayOnOrAfter('2027-04-01'), '2027-04-01');
    assert.equal(calendar.nextWorkingDayOnOrAfter('2026-12-25'), '2026-12-28');
  });

  it("honours a tenant's extra non-working days", () => {
    const closedBetweenHolidays = new WorkingDayCalendar({
      extraNonWorkingDays: ['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31'],
    });
    assert.equal(closedBetweenHolidays.isWorkingDay('2026-12-29'), false);
    assert.equal(closedBetweenHolidays.addWorkingDays('2026-12-24', 1), '2027-01-04');
    assert.equal(calendar.isWorkingDay('2026-12-29'), true, 'other tenants are not affected');
  });

  it('rejects malformed dates and fractional day counts', () => {
    assert.throws(() => calendar.isWorkingDay('2026-4-2'), RangeError);
    assert.throws(() => calendar.addWorkingDays('2026-04-02', 1.5), RangeError);
    assert.throws(() => new WorkingDayCalendar({ extraNonWorkingDays: ['28-12-2026'] }), RangeError);
  });

  it("serves as the domain's WorkingDays port", () => {
    const port: WorkingDays = calendar;
    assert.equal(port.addWorkingDays('2026-05-13', 1), '2026-05-15');
  });
});
