import type { Actor } from '../actor';
import { assertAllowed } from '../authorization';
import { ConflictError, InvalidInputError } from '../errors';
import { newOutboxEntry } from '../outbox-messages';
import { findOnePerson, type ManageRolesDeps, setRole } from '../roles/manage-roles';
import type { UserProfile } from '../users/user-profile';
import type { Signal } from './signal';

export interface HandoverResult {
  successor: UserProfile;
  moved: Signal[];
  open: Signal[];
}

/**
 * `overdracht <naam>`: the coordinator role passes to a successor with everything open. The
 * successor gets the role and a card with every open item; the leaver's assignments move over, so
 * nothing stays assigned to someone without the role.
 */
export async function handOver(
  deps: ManageRolesDeps,
  actor: Actor,
  successorQuery: string,
): Promise<HandoverResult> {
  assertAllowed('handover', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const successor = await findOnePerson(deps, actor.tenantId, successorQuery);
  if (successor.aadObjectId === actor.aadObjectId)
    throw new InvalidInputError({ person: 'handover.error.self' });
  const now = deps.clock.now();
  await setRole(deps, actor.tenantId, successor.aadObjectId, 'coordinator', true);

  const open = await deps.signals.listOpen(actor.tenantId);
  const moved: Signal[] = [];
  for (const signal of open.filter((s) => s.assigneeAadObjectId === actor.aadObjectId)) {
    const current = await deps.signals.findById(actor.tenantId, signal.id);
    if (!current || current.assigneeAadObjectId !== actor.aadObjectId) continue;
    const { _etag, ...fresh } = current;
    const next: Signal = {
      ...fresh,
      assigneeAadObjectId: successor.aadObjectId,
      revision: fresh.revision + 1,
      history: [
        ...fresh.history,
        {
          at: now.toISOString(),
          action: 'assigned',
          status: fresh.status,
          by: actor.aadObjectId,
          note: successor.aadObjectId,
        },
      ],
    };
    if (!(await deps.signals.saveChange(next, _etag, []))) throw new ConflictError('signal');
    moved.push(next);
  }

  const items = open.map((signal) => ({
    reference: signal.reference,
    status: signal.status,
    lastNote: [...signal.history].reverse().find((entry) => entry.action === 'note')?.note,
  }));
  await deps.outbox.enqueue([
    newOutboxEntry(
      actor.tenantId,
      `handover:${actor.aadObjectId}:${successor.aadObjectId}:${now.toISOString()}`,
      successor.aadObjectId,
      {
        kind: 'handover',
        fromAadObjectId: actor.aadObjectId,
        items,
      },
      now,
    ),
  ]);
  if (!deps.roles.isSeeded(actor.aadObjectId, 'coordinator')) {
    await setRole(deps, actor.tenantId, actor.aadObjectId, 'coordinator', false);
  }
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: actor.aadObjectId,
    action: 'role.handover',
    subjectId: successor.aadObjectId,
    at: now.toISOString(),
  });
  return { successor, moved, open };
}
