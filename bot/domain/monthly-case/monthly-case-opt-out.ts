import type { Clock } from '../../clock';
import type { Actor } from '../actor';
import type { AuditLog } from '../audit';
import type { UserProfileRepository } from '../users/user-profile';

/** `casus uit` / `casus aan`: a person's own choice, kept on their profile and audited. */
export async function setMonthlyCaseOptOut(
  deps: { users: Pick<UserProfileRepository, 'setPreferences'>; audit: AuditLog; clock: Clock },
  actor: Actor,
  optOut: boolean,
): Promise<void> {
  const now = deps.clock.now();
  await deps.users.setPreferences(actor.tenantId, actor.aadObjectId, { monthlyCaseOptOut: optOut }, now);
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: actor.aadObjectId,
    action: optOut ? 'monthly-case.opted-out' : 'monthly-case.opted-in',
    subjectId: actor.aadObjectId,
    at: now.toISOString(),
  });
}
