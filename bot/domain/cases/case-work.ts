import type { Clock } from '../../clock';
import type { Actor } from '../actor';
import type { AuditLog } from '../audit';
import type { RoleDirectory } from '../roles/role-directory';
import type { SignalRepository } from '../signals/signal-repository';
import type { CaseRepository } from './case-repository';

/** What the case use cases need: the cases, the signals linked to them, roles, the trail, time. */
export interface CaseWorkDeps {
  cases: CaseRepository;
  signals: SignalRepository;
  roles: RoleDirectory;
  audit: AuditLog;
  clock: Clock;
}

/** Every read of a case and every change is recorded, like a signal's. */
export function auditCase(
  deps: CaseWorkDeps,
  actor: Actor,
  action: string,
  subjectId: string,
): Promise<void> {
  return deps.audit.record({
    tenantId: actor.tenantId,
    actor: actor.aadObjectId,
    action,
    subjectId,
    at: deps.clock.now().toISOString(),
  });
}
