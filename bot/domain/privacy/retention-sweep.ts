import { type Clock, dateInZone, MUNICIPAL_TIME_ZONE } from '../../clock';
import { stableId } from '../../ids';
import type { Logger } from '../../logger';
import type { OutboxRepository } from '../../outbox/outbox-repository';
import type { AuditLog } from '../audit';
import type { CaseRepository } from '../cases/case-repository';
import { newOutboxEntry } from '../outbox-messages';
import type { RoleDirectory } from '../roles/role-directory';
import type { Signal } from '../signals/signal';
import type { SignalRepository, VersionedSignal } from '../signals/signal-repository';
import { anonymiseSignal } from './anonymise-signal';
import {
  defaultRetentionPolicy,
  type RetentionPolicy,
  retentionEndsAt,
  retentionTermsKey,
} from './retention-policy';
import type { RetentionStore, TermsInForce } from './retention-store';
import { FOREVER } from './signal-retention';

export interface RetentionSweepDeps {
  signals: SignalRepository;
  /** A case waits for its signals: the sweep tells it when one loses its personal data. */
  cases: Pick<CaseRepository, 'forgetRetentionReview'>;
  retention: RetentionStore;
  roles: RoleDirectory;
  outbox: OutboxRepository;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
}

const WEEK_MS = 7 * 24 * 3600_000;
/** The sweep's name in the audit trail: no person did it. */
export const RETENTION_ACTOR = 'retention';

export interface SweepOutcome {
  warned: number;
  anonymised: number;
}

/**
 * The daily retention pass over every tenant. For each closed signal: nothing while a legal hold
 * is in place; from `warningWeeks` before its term ends, a warning to the coordinators (recorded
 * on the signal); once the term has ended AND a full warning period has passed since the
 * warning, its personal data is removed. Every step is an ETag-guarded change of the signal, so
 * two instances anonymise a signal once, and a pass that crashed is simply run again.
 *
 * A signal the pass looked at and has nothing to do for yet gets a review: the moment its next
 * step is due, under the terms it was judged by (RetentionReview). The next passes do not read it
 * before that moment, unless the signal or its tenant's terms change: so a pass reads what is due,
 * not the whole closed history every day.
 */
export async function sweepRetention(
  deps: RetentionSweepDeps,
  { policies, terms }: InForce,
): Promise<SweepOutcome> {
  const outcome: SweepOutcome = { warned: 0, anonymised: 0 };
  const now = deps.clock.now();
  const byTenant = new Map<string, VersionedSignal[]>();
  for (const signal of await deps.retention.listToReview(now, terms)) {
    const ofTenant = byTenant.get(signal.tenantId) ?? [];
    ofTenant.push(signal);
    byTenant.set(signal.tenantId, ofTenant);
  }
  for (const [tenantId, signals] of byTenant) {
    try {
      const policy = policies.get(tenantId) ?? defaultRetentionPolicy(tenantId);
      const tenantOutcome = await sweepTenant(deps, policy, signals, now);
      outcome.warned += tenantOutcome.warned;
      outcome.anonymised += tenantOutcome.anonymised;
    } catch (error) {
      // One tenant's trouble must not keep the others' data beyond its term.
      deps.logger.error({ err: error, tenantId }, 'retention sweep failed for a tenant');
    }
  }
  return outcome;
}

/** The stored policies by tenant, and the terms' keys for the work lists' queries. */
export interface InForce {
  policies: Map<string, RetentionPolicy>;
  terms: TermsInForce;
}

/** Every tenant's terms, read once for a day's sweeps of signals and cases. */
export async function termsInForce(retention: Pick<RetentionStore, 'listPolicies'>): Promise<InForce> {
  const policies = new Map((await retention.listPolicies()).map((policy) => [policy.tenantId, policy]));
  const terms: TermsInForce = {
    byTenant: new Map([...policies].map(([tenantId, policy]) => [tenantId, retentionTermsKey(policy)])),
    otherwise: retentionTermsKey(defaultRetentionPolicy('')),
  };
  return { policies, terms };
}

export async function retentionPolicyOf(
  retention: Pick<RetentionStore, 'policies'>,
  tenantId: string,
): Promise<RetentionPolicy> {
  const stored = await retention.policies.find(tenantId, 'retention-policy');
  if (!stored) return defaultRetentionPolicy(tenantId);
  const { _etag, ...policy } = stored;
  return policy;
}

async function sweepTenant(
  deps: RetentionSweepDeps,
  policy: RetentionPolicy,
  signals: VersionedSignal[],
  now: Date,
): Promise<SweepOutcome> {
  const notice = policy.warningWeeks * WEEK_MS;
  const terms = retentionTermsKey(policy);
  const toWarn: { signal: VersionedSignal; endsAt: Date }[] = [];
  const reviews: { signal: Signal; etag: string }[] = [];
  const lookAgain = (signal: VersionedSignal, after: string) => {
    const { _etag, ...current } = signal;
    const { review } = current.retention ?? {};
    if (review?.after === after && review.terms === terms) return;
    reviews.push({
      signal: { ...current, retention: { ...current.retention, review: { after, terms } } },
      etag: _etag,
    });
  };
  let anonymised = 0;
  for (const signal of signals) {
    const endsAt = retentionEndsAt(policy, signal);
    // Closed without a closing in its history cannot happen; such a signal is looked at daily.
    if (!endsAt) continue;
    if (signal.retention?.hold) {
      lookAgain(signal, FOREVER);
      continue;
    }
    const warnFrom = endsAt.getTime() - notice;
    if (now.getTime() < warnFrom) {
      lookAgain(signal, new Date(warnFrom).toISOString());
      continue;
    }
    const warnedAt =
      signal.retention?.warnedFor === endsAt.toISOString() ? signal.retention.warnedAt : undefined;
    if (!warnedAt) {
      toWarn.push({ signal, endsAt });
      continue;
    }
    // Never sooner than a full warning period after the warning, also when a term was shortened.
    const due = Math.max(endsAt.getTime(), new Date(warnedAt).getTime() + notice);
    if (now.getTime() < due) lookAgain(signal, new Date(due).toISOString());
    else if (await anonymise(deps, signal, now)) anonymised += 1;
  }
  const warned = toWarn.length > 0 ? await warn(deps, policy, toWarn, now) : 0;
  // A lost race (someone changed the signal meanwhile) leaves it without a review: looked at tomorrow.
  await deps.retention.saveReviewed(reviews);
  return { warned, anonymised };
}

/**
 * One card per coordinator listing the signals and the day their data goes, committed to the
 * outbox before any signal is marked as warned. The outbox id is derived from the list, so two
 * instances with the same list write one card; a crash before marking only repeats the warning.
 * The mark carries the review for the day the data goes.
 */
async function warn(
  deps: RetentionSweepDeps,
  policy: RetentionPolicy,
  toWarn: { signal: VersionedSignal; endsAt: Date }[],
  now: Date,
): Promise<number> {
  const { tenantId } = policy;
  const notice = policy.warningWeeks * WEEK_MS;
  const coordinators = await deps.roles.coordinatorIds(tenantId);
  if (coordinators.length === 0) {
    deps.logger.warn({ tenantId }, 'retention warning has no coordinator to go to; nothing is anonymised');
    return 0;
  }
  const anonymiseOn = (endsAt: Date) => new Date(Math.max(endsAt.getTime(), now.getTime() + notice));
  const items = toWarn
    .map(({ signal, endsAt }) => ({
      reference: signal.reference,
      anonymiseOn: dateInZone(anonymiseOn(endsAt), MUNICIPAL_TIME_ZONE),
    }))
    .sort((a, b) => a.reference.localeCompare(b.reference));
  const listKey = stableId(
    tenantId,
    ...toWarn.map(({ signal, endsAt }) => `${signal.id}@${endsAt.toISOString()}`).sort(),
  );
  await deps.outbox.enqueue(
    coordinators.map((coordinator) =>
      newOutboxEntry(
        tenantId,
        `retention-warning:${listKey}:${coordinator}`,
        coordinator,
        { kind: 'retention-warning', items },
        now,
      ),
    ),
  );
  const terms = retentionTermsKey(policy);
  const marks = toWarn.map(({ signal, endsAt }) => {
    const { _etag, ...current } = signal;
    const retention = {
      ...current.retention,
      warnedAt: now.toISOString(),
      warnedFor: endsAt.toISOString(),
      review: { after: anonymiseOn(endsAt).toISOString(), terms },
    };
    return { signal: { ...current, retention }, etag: _etag };
  });
  // A lost race (another instance marked it, or a hold came in) is settled at the next pass.
  const stored = await deps.retention.saveReviewed(marks);
  let marked = 0;
  for (const [index, { signal }] of marks.entries()) {
    if (!stored[index]) continue;
    marked += 1;
    await deps.audit.record({
      tenantId,
      actor: RETENTION_ACTOR,
      action: 'signal.retention-warned',
      subjectId: signal.id,
      at: now.toISOString(),
    });
  }
  return marked;
}

/**
 * Removes the companions first (the sealed link, outbox traces; both idempotent), then replaces
 * the signal by its anonymised version with its ETag: that replace is the one commit, so the
 * winner of two instances audits it once, and a crash before it means the next pass redoes all.
 */
async function anonymise(deps: RetentionSweepDeps, signal: VersionedSignal, now: Date): Promise<boolean> {
  const { _etag, ...current } = signal;
  // Before the commit: a closed case waits for its signals, and this may be its last one.
  if (current.caseReference) await deps.cases.forgetRetentionReview(current.tenantId, current.caseReference);
  if (current.reporterLinkId)
    await deps.retention.removeReporterLink(current.tenantId, current.reporterLinkId);
  if (!(await deps.retention.removeOutboxTraces(current.tenantId, current.id, current.reference)))
    return false;
  if (!(await deps.signals.saveChange(anonymiseSignal(current, now), _etag, []))) return false;
  await deps.audit.record({
    tenantId: current.tenantId,
    actor: RETENTION_ACTOR,
    action: 'signal.anonymised',
    subjectId: current.id,
    at: now.toISOString(),
  });
  return true;
}
