import type { Clock } from '../../clock';
import type { IdSource } from '../../ids';
import type { Actor } from '../actor';
import type { AuditLog } from '../audit';
import { InvalidInputError } from '../errors';
import type { RoleDirectory } from '../roles/role-directory';
import { assertPrivacyAllowed } from './privacy-permissions';
import type { PrivacyRequest, RequestKind, RequestOutcome } from './privacy-request';
import type { SubjectAccessStore } from './subject-access';

export interface RecordRequestDeps {
  subjectAccess: Pick<SubjectAccessStore, 'requests'>;
  roles: RoleDirectory;
  audit: AuditLog;
  clock: Clock;
  ids: IdSource;
}

const MAX_REASON = 1000;
const REFERENCE = /\bOND-\d{4}-\d{4}\b/gi;

/**
 * `verzoek correctie|verwijdering|beperking|bezwaar <persoon>; <uitkomst>; <reden>`: an admin
 * records a request and its outcome. A refusal needs its reason (the legal ground), which is kept.
 * The correction or erasure itself is done in the signal (a note, or a hold lifted early); this
 * is the register, not a second way to change signals.
 */
export async function recordPrivacyRequest(
  deps: RecordRequestDeps,
  actor: Actor,
  input: { kind: Exclude<RequestKind, 'access'>; subject: string; outcome: RequestOutcome; reason?: string },
): Promise<PrivacyRequest> {
  assertPrivacyAllowed('privacy.requests', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const subject = input.subject.trim();
  const reason = input.reason?.trim() || undefined;
  if (subject.length < 3 || subject.length > 200)
    throw new InvalidInputError({ subject: 'privacy.request.subjectMissing' });
  if (input.outcome === 'refused' && !reason)
    throw new InvalidInputError({ reason: 'privacy.request.reasonRequired' });
  if (reason && reason.length > MAX_REASON)
    throw new InvalidInputError({ reason: 'privacy.request.reasonTooLong' });
  const now = deps.clock.now();
  const request: PrivacyRequest = {
    id: `privacy-request:${deps.ids.token()}`,
    type: 'privacy-request',
    tenantId: actor.tenantId,
    reference: `AVG-${deps.ids.humanCode(6)}`,
    kind: input.kind,
    subject,
    outcome: input.outcome,
    ...(reason ? { reason } : {}),
    signalReferences: [...new Set((reason ?? '').match(REFERENCE) ?? [])].map((ref) => ref.toUpperCase()),
    recordedBy: actor.aadObjectId,
    recordedAt: now.toISOString(),
  };
  await deps.subjectAccess.requests.createIfAbsent(request);
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: actor.aadObjectId,
    action: `privacy.${input.kind}-recorded`,
    subjectId: request.id,
    at: now.toISOString(),
  });
  return request;
}
