import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { AuditLog } from '../audit';
import type { CaseRepository, VersionedCase } from '../cases/case-repository';
import type { SignalRepository } from '../signals/signal-repository';
import { anonymiseCase } from './anonymise-case';
import { addMonths } from './retention-policy';
import type { RetentionStore } from './retention-store';
import { RETENTION_ACTOR, retentionPolicyOf } from './retention-sweep';

export interface CaseRetentionDeps {
  cases: CaseRepository;
  signals: Pick<SignalRepository, 'listByCase'>;
  retention: Pick<RetentionStore, 'policies'>;
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
 */
export async function sweepCaseRetention(deps: CaseRetentionDeps): Promise<number> {
  const now = deps.clock.now();
  let anonymised = 0;
  for (const found of await deps.cases.listClosedNotAnonymised()) {
    try {
      if (!(await isDue(deps, found, now))) continue;
      const { _etag, ...current } = found;
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
  return anonymised;
}

async function isDue(deps: CaseRetentionDeps, found: VersionedCase, now: Date): Promise<boolean> {
  const signals = await deps.signals.listByCase(found.tenantId, found.reference);
  if (signals.length > 0) return signals.every((signal) => signal.retention?.anonymisedAt !== undefined);
  if (!found.closedAt) return false;
  const policy = await retentionPolicyOf(deps.retention, found.tenantId);
  const longest = Math.max(...Object.values(policy.monthsByReason));
  return addMonths(new Date(found.closedAt), longest) <= now;
}
