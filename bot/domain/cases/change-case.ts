import type { Actor } from '../actor';
import { assertAllowed } from '../authorization';
import { ConflictError, InvalidInputError, NotAllowedError, NotFoundError } from '../errors';
import { type Case, isCaseId } from './case';
import { auditCase, type CaseWorkDeps } from './case-work';
import { type CaseAction, type CaseCommand, parseCaseAction } from './parse-case-input';

export interface CaseActionRequest {
  caseId: string;
  /** The revision the actor saw; an action from an older card is refused. */
  revision: number;
  action: CaseAction;
  values: Record<string, unknown>;
}

/**
 * A button on the case card: add a decision of the case meeting, add a partner, or close the case
 * with its outcome. A closed case takes no more changes: its outcome is what the council counts.
 */
export async function actOnCase(deps: CaseWorkDeps, actor: Actor, request: CaseActionRequest): Promise<Case> {
  const [found, roles] = await Promise.all([
    isCaseId(request.caseId) ? deps.cases.findById(actor.tenantId, request.caseId) : undefined,
    deps.roles.rolesOf(actor.tenantId, actor.aadObjectId),
  ]);
  assertAllowed('cases.manage', roles);
  if (!found) throw new NotFoundError('case');
  if (found.revision !== request.revision) throw new ConflictError('case');
  if (found.status === 'closed') throw new NotAllowedError('cases.error.closed');
  const command = parseCaseAction(request.action, request.values);
  const { _etag, ...current } = found;
  const next = applyCaseCommand(current, command, actor.aadObjectId, deps.clock.now());
  if (!(await deps.cases.save(next, _etag))) throw new ConflictError('case');
  await auditCase(deps, actor, `case.${request.action}`, found.id);
  return next;
}

/** The next version of the case; a partner named twice is bad input, not a silent no-op. */
export function applyCaseCommand(current: Case, command: CaseCommand, by: string, now: Date): Case {
  const next: Case = { ...current, revision: current.revision + 1 };
  switch (command.kind) {
    case 'add-decision':
      next.decisions = [
        ...current.decisions,
        { on: command.on, text: command.text, by, at: now.toISOString() },
      ];
      return next;
    case 'add-partner':
      if (current.partners.includes(command.partner))
        throw new InvalidInputError({ partner: 'cases.error.partnerTwice' });
      next.partners = [...current.partners, command.partner];
      return next;
    case 'close':
      next.status = 'closed';
      next.outcome = command.outcome;
      next.closedAt = now.toISOString();
      return next;
  }
}
