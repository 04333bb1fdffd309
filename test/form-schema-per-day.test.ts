import assert from 'node:assert/strict';
import { InvalidInputError } from '../bot/domain/errors';
import { parseSignalForm } from '../bot/domain/signals/parse-signal-form';
import { ManualClock } from './helpers/manual-clock';
import { validReport } from './helpers/report-fixtures';

/**
 * The report form's checks are built once per day and per kind of form (partner or not) and
 * reused: a submit must still be checked against its own day, and a partner's form must still
 * ask for the organisation, whatever was submitted before it.
 */
function refusal(parse: () => unknown): Record<string, string> | undefined {
  try {
    parse();
    return undefined;
  } catch (error) {
    assert.ok(error instanceof InvalidInputError, `not a refusal: ${error}`);
    return error.fieldErrors;
  }
}

describe('report form checks reused across submits', () => {
  it('checks "observed on" against the day of each submit, across midnight and back', () => {
    // 23:30 in Amsterdam on 25 November, then 00:30 on the 26th.
    const clock = new ManualClock('2026-11-25T22:30:00Z');
    const tomorrow = { ...validReport, observedOn: '2026-11-26' };
    assert.deepEqual(
      refusal(() => parseSignalForm(tomorrow, clock)),
      {
        observedOn: 'form.error.observedOnFuture',
      },
    );
    clock.advance(3_600_000);
    assert.equal(
      refusal(() => parseSignalForm(tomorrow, clock)),
      undefined,
      'the 26th has begun',
    );
    clock.set('2026-11-25T22:30:00Z');
    assert.deepEqual(
      refusal(() => parseSignalForm(tomorrow, clock)),
      {
        observedOn: 'form.error.observedOnFuture',
      },
    );
  });

  it("asks a partner's form for the organisation, and nobody else's, in any order", () => {
    const clock = new ManualClock('2026-11-25T10:00:00Z');
    for (let round = 0; round < 2; round += 1) {
      assert.deepEqual(
        refusal(() => parseSignalForm(validReport, clock, { askOrganisation: true })),
        {
          organisation: 'form.error.organisationRequired',
        },
      );
      const draft = parseSignalForm({ ...validReport, organisation: 'Politie' }, clock);
      assert.equal('organisation' in draft, false, 'an organisation is kept only when asked');
      const partner = parseSignalForm({ ...validReport, organisation: 'Politie' }, clock, {
        askOrganisation: true,
      });
      assert.equal(partner.organisation, 'Politie');
    }
  });
});
