import type { Actor } from '../actor';
import { assertAllowed } from '../authorization';
import { NotFoundError } from '../errors';
import type { Signal } from '../signals/signal';
import { type Case, isCaseId, normaliseCaseReference } from './case';
import type { VersionedCase } from './case-repository';
import { auditCase, type CaseWorkDeps } from './case-work';

export interface CaseView {
  case: VersionedCase;
  /** The signals linked to the case, oldest first. */
  signals: Signal[];
}

/** `casus CAS-2026-0001` and the case card's refresh: the case with its signals; audited. */
export async function viewCase(deps: CaseWorkDeps, actor: Actor, referenceOrId: string): Promise<CaseView> {
  assertAllowed('cases.view', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const reference = normaliseCaseReference(referenceOrId);
  const found = isCaseId(referenceOrId)
    ? await deps.cases.findById(actor.tenantId, referenceOrId)
    : reference
      ? await deps.cases.findByReference(actor.tenantId, reference)
      : undefined;
  if (!found) throw new NotFoundError('case');
  const [signals] = await Promise.all([
    deps.signals.listByCase(actor.tenantId, found.reference),
    auditCase(deps, actor, 'case.viewed', found.id),
  ]);
  return { case: found, signals };
}

/** `casussen`: the open cases of the tenant; the listing is audited as one read. */
export async function listOpenCases(deps: CaseWorkDeps, actor: Actor): Promise<Case[]> {
  assertAllowed('cases.view', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const [cases] = await Promise.all([
    deps.cases.listOpen(actor.tenantId),
    auditCase(deps, actor, 'cases.listed', 'cases'),
  ]);
  return cases;
}
