import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { AuditLog } from '../audit';
import type { Case } from '../cases/case';
import type { CaseRepository, VersionedCase } from '../cases/case-repository';
import type { SignalRepository } from '../signals/signal-repository';
import { anonymiseCase } from './anonymise-case';
import {
  addMonths,
  defaultRetentionPolicy,
  type RetentionPolicy,
  retentionTermsKey,
} from './retention-policy';
import { type InForce, RETENTION_ACTOR } from './retention-sweep';
import { FOREVER } from './signal-retention';

export interface CaseRetentionDeps {
  cases: CaseRepository;
  signals: Pick<SignalRepository, 'listByCase'>;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
}

/**
 * A closed case loses its free text (title, decisions) when the people in it may no longer be
 * known from its signals: once every signal linked to it has been anonymised. The signals' own
 * warnings and legal holds therefore govern the case too (a hold on one signal keeps the case's
 * text). A closed case without signals waits the tenant's longest term by closure reason after
 * its closing. An open case is never touched: its work goes on. Each case is one ETag-guarded
 * replace, so two instances anonymise it once and a crashed pass is simply run again.
 *
 * As with signals, a case looked at and not yet due gets a review: the end of its term when it
 * has no signals; none (FOREVER) while it waits for its signals, since only one of them losing its
 * data or leaving the case can make it due, and both drop the case's review first
 * (CaseRepository.forgetRetentionReview). So a pass reads what is due, not every closed case.
 */
export async function sweepCaseRetention(
  deps: CaseRetentionDeps,
  { policies, terms }: InForce,
): Promise<number> {
  const now = deps.clock.now();
  const reviews: { case: Case; etag: string }[] = [];
  let anonymised = 0;
  for (const found of await deps.cases.listToReview(now, terms)) {
    try {
      const policy = policies.get(found.tenantId) ?? defaultRetentionPolicy(found.tenantId);
      const dueAt = await dueMoment(deps, found, policy, now);
      if (dueAt === undefined) continue;
      const { _etag, ...current } = found;
      if (dueAt > now.toISOString()) {
        const review = { after: dueAt, terms: retentionTermsKey(policy) };
        const stored = current.retentionReview;
        if (stored?.after !== review.after || stored.terms !== review.terms)
          reviews.push({ case: { ...current, retentionReview: review }, etag: _etag });
        continue;
      }
      if (!(await deps.cases.save(anonymiseCase(current, now), _etag))) continue;
      await deps.audit.record({
        tenantId: found.tenantId,
        actor: RETENTION_ACTOR,
        action: 'case.anonymised',
        subjectId: found.id,
        at: now.toISOString(),
      });
      anonymised += 1;
    } catch (error) {
      // One case's trouble must not keep the others' text beyond its term.
      deps.logger.error({ err: error, tenantId: found.tenantId }, 'case retention failed for a case');
    }
  }
  // A lost race (the case changed meanwhile) leaves it without a review: looked at tomorrow.
  await deps.cases.saveReviewed(reviews);
  return anonymised;
}

/** When the case's text may go (ISO; FOREVER while a signal keeps its data); undefined: never. */
async function dueMoment(
  deps: CaseRetentionDeps,
  found: VersionedCase,
  policy: RetentionPolicy,
  now: Date,
): Promise<string | undefined> {
  const signals = await deps.signals.listByCase(found.tenantId, found.reference);
  if (signals.length > 0) {
    const waiting = signals.some((signal) => signal.retention?.anonymisedAt === undefined);
    return waiting ? FOREVER : now.toISOString();
  }
  if (!found.closedAt) return undefined;
  const longest = Math.max(...Object.values(policy.monthsByReason));
  return addMonths(new Date(found.closedAt), longest).toISOString();
}
