import { dateInZone, MUNICIPAL_TIME_ZONE } from '../../clock';
import type { Actor } from '../actor';
import { assertAllowed } from '../authorization';
import { type Case, caseIdOf, formatCaseReference } from './case';
import { auditCase, type CaseWorkDeps } from './case-work';
import { parseCaseTitle } from './parse-case-input';

/**
 * `casus nieuw <titel>`: a coordinator opens a case with the tenant's next number. The role is
 * checked before the title, so someone without the role learns only that they may not.
 */
export async function openCase(
  deps: CaseWorkDeps,
  actor: Actor,
  titleText: string | undefined,
): Promise<Case> {
  assertAllowed('cases.manage', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const title = parseCaseTitle(titleText);
  const now = deps.clock.now();
  const year = Number(dateInZone(now, MUNICIPAL_TIME_ZONE).slice(0, 4));
  const created = await deps.cases.createWithNextSequence(actor.tenantId, year, (sequence) => {
    const reference = formatCaseReference(year, sequence);
    return {
      id: caseIdOf(reference),
      type: 'case',
      tenantId: actor.tenantId,
      reference,
      title,
      status: 'open',
      partners: [],
      decisions: [],
      createdAt: now.toISOString(),
      createdBy: actor.aadObjectId,
      revision: 1,
    };
  });
  await auditCase(deps, actor, 'case.created', created.id);
  return created;
}
