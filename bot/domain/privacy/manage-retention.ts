import type { Clock } from '../../clock';
import type { Actor } from '../actor';
import type { AuditLog } from '../audit';
import { InvalidInputError } from '../errors';
import type { RoleDirectory } from '../roles/role-directory';
import { CATEGORY_IDS, type CategoryId } from '../signals/categories';
import type { ClosureReason } from '../signals/signal';
import { assertPrivacyAllowed } from './privacy-permissions';
import {
  defaultRetentionPolicy,
  MAX_TERM_MONTHS,
  MAX_WARNING_WEEKS,
  MIN_TERM_MONTHS,
  type RetentionPolicy,
} from './retention-policy';
import type { RetentionStore } from './retention-store';
import { retentionPolicyOf } from './retention-sweep';

export interface ManageRetentionDeps {
  retention: Pick<RetentionStore, 'policies'>;
  roles: RoleDirectory;
  audit: AuditLog;
  clock: Clock;
}

/** One change to the terms, as parsed from `bewaartermijnen …`. */
export type RetentionChange =
  | { kind: 'reason'; reason: ClosureReason; months: number }
  | { kind: 'category'; category: CategoryId; months: number | undefined }
  | { kind: 'warning'; weeks: number };

/** `bewaartermijnen`: admins and coordinators see the tenant's terms. */
export async function showRetentionPolicy(deps: ManageRetentionDeps, actor: Actor): Promise<RetentionPolicy> {
  assertPrivacyAllowed('retention.view', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  return retentionPolicyOf(deps.retention, actor.tenantId);
}

/** An admin changes one term; audited (what was changed, not to what: the policy document says that). */
export async function changeRetentionPolicy(
  deps: ManageRetentionDeps,
  actor: Actor,
  change: RetentionChange,
): Promise<RetentionPolicy> {
  assertPrivacyAllowed('retention.manage', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  validate(change);
  const now = deps.clock.now();
  // Applied again to what another administrator wrote meanwhile, so both terms are kept.
  let next: RetentionPolicy | undefined;
  await deps.retention.policies.update(
    actor.tenantId,
    'retention-policy',
    (stored) => {
      const current = stored ?? defaultRetentionPolicy(actor.tenantId);
      next = {
        ...current,
        monthsByReason: { ...current.monthsByReason },
        monthsByCategory: { ...current.monthsByCategory },
        updatedAt: now.toISOString(),
        updatedBy: actor.aadObjectId,
      };
      if (change.kind === 'reason') next.monthsByReason[change.reason] = change.months;
      if (change.kind === 'warning') next.warningWeeks = change.weeks;
      if (change.kind === 'category') {
        if (change.months === undefined) delete next.monthsByCategory[change.category];
        else next.monthsByCategory[change.category] = change.months;
      }
      return next;
    },
    { attempts: 5 },
  );
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: actor.aadObjectId,
    action: `retention.changed.${change.kind}`,
    subjectId: 'retention-policy',
    at: now.toISOString(),
  });
  // Set by every call of `change`; update calls it at least once, or throws.
  return next as RetentionPolicy;
}

function validate(change: RetentionChange): void {
  if (change.kind === 'warning') {
    if (!Number.isInteger(change.weeks) || change.weeks < 1 || change.weeks > MAX_WARNING_WEEKS)
      throw new InvalidInputError({ weeks: 'privacy.retention.error.weeks' });
    return;
  }
  if (change.kind === 'category' && !(CATEGORY_IDS as readonly string[]).includes(change.category))
    throw new InvalidInputError({ category: 'privacy.retention.error.category' });
  const { months } = change;
  if (
    months !== undefined &&
    (!Number.isInteger(months) || months < MIN_TERM_MONTHS || months > MAX_TERM_MONTHS)
  )
    throw new InvalidInputError({ months: 'privacy.retention.error.months' });
}
