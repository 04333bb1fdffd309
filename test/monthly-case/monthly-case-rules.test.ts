import assert from 'node:assert/strict';
import { chooseCase, emptyQueue, type PlaybookExample } from '../../bot/domain/monthly-case/case-queue';
import { isFirstWorkingWeekdayOfMonth } from '../../bot/domain/monthly-case/first-working-weekday';
import { WorkingDayCalendar } from '../../bot/scheduling/working-days';

describe('the case of the month: which day', () => {
  const calendar = new WorkingDayCalendar();

  it('is the first Tuesday of the month when it is a working day', () => {
    assert.equal(isFirstWorkingWeekdayOfMonth('2027-01-05', calendar), true);
    assert.equal(isFirstWorkingWeekdayOfMonth('2027-01-12', calendar), false);
    assert.equal(isFirstWorkingWeekdayOfMonth('2026-12-01', calendar), true);
  });

  it('skips a public holiday on the first Tuesday to the second Tuesday, never the holiday', () => {
    // New Year's Day 2030 is a Tuesday.
    assert.equal(isFirstWorkingWeekdayOfMonth('2030-01-01', calendar), false);
    assert.equal(isFirstWorkingWeekdayOfMonth('2030-01-08', calendar), true);
    assert.equal(isFirstWorkingWeekdayOfMonth('2030-01-15', calendar), false);
  });

  it("skips the municipality's own closing day the same way", () => {
    const closed = new WorkingDayCalendar({ extraNonWorkingDays: ['2027-02-02'] });
    assert.equal(isFirstWorkingWeekdayOfMonth('2027-02-02', closed), false);
    assert.equal(isFirstWorkingWeekdayOfMonth('2027-02-09', closed), true);
  });
});

describe('the case of the month: which case', () => {
  const examples: PlaybookExample[] = [
    { line: 'permits', index: 0, text: 'A' },
    { line: 'civil-registry', index: 0, text: 'B' },
  ];
  const queued = (id: string, text: string) => ({ id, text, addedBy: 'x', addedAt: '2026-12-01T00:00:00Z' });

  it("takes the coordinators' queue first, in order, each case once", () => {
    const queue = { ...emptyQueue('t'), queue: [queued('1', 'Eerste'), queued('2', 'Tweede')] };
    const january = chooseCase(queue, '2027-01', examples);
    assert.deepEqual(january?.chosen, { source: 'queue', text: 'Eerste', caseId: '1' });
    const february = chooseCase(january?.next ?? queue, '2027-02', examples);
    assert.deepEqual(february?.chosen, { source: 'queue', text: 'Tweede', caseId: '2' });
    assert.deepEqual(february?.next.queue, []);
  });

  it('then the next playbook example, round the list', () => {
    let queue = emptyQueue('t');
    const picked: string[] = [];
    for (const month of ['2027-01', '2027-02', '2027-03']) {
      const result = chooseCase(queue, month, examples);
      assert.ok(result);
      picked.push(result.chosen.source === 'playbook' ? result.chosen.line : 'queue');
      queue = result.next;
    }
    assert.deepEqual(picked, ['permits', 'civil-registry', 'permits']);
  });

  it('gives a month that already has its case the same case again (a retry)', () => {
    const first = chooseCase({ ...emptyQueue('t'), queue: [queued('1', 'Eerste')] }, '2027-01', examples);
    assert.ok(first);
    const again = chooseCase(first.next, '2027-01', examples);
    assert.equal(again?.next, first.next, 'nothing to store');
    assert.deepEqual(again?.chosen, first.chosen);
  });
});
