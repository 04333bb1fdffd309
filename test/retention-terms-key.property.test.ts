import assert from 'node:assert/strict';
import fc from 'fast-check';
import { retentionTermsKey } from '../bot/domain/privacy/retention-policy';
import { CATEGORY_IDS } from '../bot/domain/signals/categories';
import { CLOSURE_REASONS } from '../bot/domain/signals/signal';

/**
 * A signal's retention review names the terms it was judged under; the sweep looks at it again
 * when its tenant's key differs. So the key must differ for any other term (or a shortened term
 * would be applied late) and be the same for the same terms written in another order (or every
 * signal would be read again for nothing).
 */
const months = fc.integer({ min: 1, max: 120 });
const terms = fc.record({
  monthsByReason: fc.record(Object.fromEntries(CLOSURE_REASONS.map((reason) => [reason, months]))),
  monthsByCategory: fc.dictionary(fc.constantFrom(...CATEGORY_IDS), months),
  warningWeeks: fc.integer({ min: 1, max: 26 }),
});

/** The same terms as data, whatever the order their keys were written in. */
const sameTerms = (a: object, b: object) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
function sorted(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, each]) => [key, sorted(each)]),
  );
}
const reversed = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).reverse()) as T;

describe('retention terms key (property)', () => {
  it('is the same for the same terms in any order, and differs for any other terms', () => {
    fc.assert(
      fc.property(terms, terms, (a, b) => {
        const shuffled = {
          warningWeeks: a.warningWeeks,
          monthsByCategory: reversed(a.monthsByCategory),
          monthsByReason: reversed(a.monthsByReason),
        };
        assert.equal(retentionTermsKey(shuffled as never), retentionTermsKey(a as never));
        assert.equal(retentionTermsKey(a as never) === retentionTermsKey(b as never), sameTerms(a, b));
      }),
      { numRuns: 500 },
    );
  });

  it('differs when one category term is added or changed', () => {
    fc.assert(
      fc.property(terms, fc.constantFrom(...CATEGORY_IDS), months, (a, category, changed) => {
        fc.pre(a.monthsByCategory[category] !== changed);
        const other = { ...a, monthsByCategory: { ...a.monthsByCategory, [category]: changed } };
        assert.notEqual(retentionTermsKey(other as never), retentionTermsKey(a as never));
      }),
      { numRuns: 300 },
    );
  });
});
