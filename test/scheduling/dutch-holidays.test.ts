import assert from 'node:assert/strict';
import { dutchPublicHolidays, easterSunday } from '../../bot/scheduling/dutch-holidays';

describe('Dutch public holidays', () => {
  it('computes Easter Sunday with the Gregorian computus', () => {
    assert.equal(easterSunday(2024), '2024-03-31');
    assert.equal(easterSunday(2025), '2025-04-20');
    assert.equal(easterSunday(2026), '2026-04-05');
    assert.equal(easterSunday(2027), '2027-03-28');
    // Extremes of the range: earliest (22 March) and latest (25 April) possible dates.
    assert.equal(easterSunday(2285), '2285-03-22');
    assert.equal(easterSunday(2038), '2038-04-25');
  });

  it('lists every holiday of 2026 by name, sorted, with the defaults', () => {
    assert.deepEqual(dutchPublicHolidays(2026), [
      { date: '2026-01-01', name: 'Nieuwjaarsdag' },
      { date: '2026-04-05', name: 'Eerste Paasdag' },
      { date: '2026-04-06', name: 'Tweede Paasdag' },
      { date: '2026-04-27', name: 'Koningsdag' },
      { date: '2026-05-05', name: 'Bevrijdingsdag' },
      { date: '2026-05-14', name: 'Hemelvaartsdag' },
      { date: '2026-05-24', name: 'Eerste Pinksterdag' },
      { date: '2026-05-25', name: 'Tweede Pinksterdag' },
      { date: '2026-12-25', name: 'Eerste Kerstdag' },
      { date: '2026-12-26', name: 'Tweede Kerstdag' },
    ]);
  });

  it('moves Koningsdag to 26 April when 27 April is a Sunday', () => {
    const kingsDay = (year: number) => dutchPublicHolidays(year).find((h) => h.name === 'Koningsdag')?.date;
    assert.equal(kingsDay(2025), '2025-04-26');
    assert.equal(kingsDay(2031), '2031-04-26');
    assert.equal(kingsDay(2027), '2027-04-27');
  });

  it('counts Bevrijdingsdag every year by default, or only in lustrum years when configured', () => {
    const liberation = (year: number, every: boolean) =>
      dutchPublicHolidays(year, { liberationDay: every ? 'every-year' : 'lustrum-only' }).some(
        (h) => h.name === 'Bevrijdingsdag',
      );
    assert.equal(liberation(2026, true), true);
    assert.equal(liberation(2026, false), false);
    assert.equal(liberation(2025, false), true);
    assert.equal(liberation(2030, false), true);
  });

  it('leaves Goede Vrijdag out unless a tenant counts it', () => {
    assert.ok(!dutchPublicHolidays(2026).some((h) => h.date === '2026-04-03'));
    assert.ok(dutchPublicHolidays(2026, { goodFriday: true }).some((h) => h.date === '2026-04-03'));
  });
});
