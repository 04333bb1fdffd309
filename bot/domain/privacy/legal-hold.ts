import type { Clock } from '../../clock';
import type { Actor } from '../actor';
import type { AuditLog } from '../audit';
import { ConflictError, InvalidInputError, NotAllowedError, NotFoundError } from '../errors';
import type { RoleDirectory } from '../roles/role-directory';
import type { Signal } from '../signals/signal';
import type { SignalRepository } from '../signals/signal-repository';
import { assertPrivacyAllowed } from './privacy-permissions';

export interface LegalHoldDeps {
  signals: SignalRepository;
  roles: RoleDirectory;
  audit: AuditLog;
  clock: Clock;
}

export const MAX_HOLD_REASON = 500;

/**
 * `bewaren OND-… <reden>`: a coordinator keeps a signal's data beyond its term (a court case, an
 * objection, a request from the police). `bewaren OND-… opheffen` lifts it; the sweep then warns
 * again with a full notice period before anything is removed. Both are audited, without the reason.
 */
export async function setLegalHold(
  deps: LegalHoldDeps,
  actor: Actor,
  request: { reference: string; reason?: string; lift: boolean },
): Promise<Signal> {
  assertPrivacyAllowed('retention.hold', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const reason = request.reason?.trim() ?? '';
  if (!request.lift && reason === '') throw new InvalidInputError({ reason: 'privacy.hold.reasonMissing' });
  if (reason.length > MAX_HOLD_REASON) throw new InvalidInputError({ reason: 'privacy.hold.reasonTooLong' });
  const signal = await deps.signals.findByReference(actor.tenantId, request.reference);
  if (!signal) throw new NotFoundError('signal');
  if (signal.retention?.anonymisedAt) throw new NotAllowedError('privacy.hold.alreadyAnonymised');
  if (request.lift && !signal.retention?.hold) throw new NotAllowedError('privacy.hold.noHold');
  const now = deps.clock.now();
  const { _etag, ...current } = signal;
  const { hold, warnedAt, warnedFor, ...rest } = current.retention ?? {};
  const next: Signal = {
    ...current,
    retention: request.lift
      ? rest
      : {
          ...current.retention,
          hold: { reason, by: actor.aadObjectId, at: now.toISOString() },
        },
  };
  if (!(await deps.signals.saveChange(next, _etag, []))) throw new ConflictError('signal');
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: actor.aadObjectId,
    action: request.lift ? 'signal.hold-lifted' : 'signal.hold-placed',
    subjectId: signal.id,
    at: now.toISOString(),
  });
  return next;
}
