import { z } from 'zod';
import { type Clock, dateInZone, MUNICIPAL_TIME_ZONE } from '../../clock';
import { type IdSource, stableId } from '../../ids';
import type { OutboxRepository } from '../../outbox/outbox-repository';
import type { Actor } from '../actor';
import type { AuditLog } from '../audit';
import { assertAllowed } from '../authorization';
import { ConflictError, InvalidInputError, NotAllowedError, NotFoundError } from '../errors';
import { calendarDate, fieldErrorsOf, withoutBlanks } from '../form-input';
import { newOutboxEntry } from '../outbox-messages';
import type { RoleDirectory } from '../roles/role-directory';
import type { WerkgroepAction } from './werkgroep';
import type { WerkgroepStores } from './werkgroep-repositories';

export interface ActionDeps {
  werkgroep: WerkgroepStores;
  roles: RoleDirectory;
  outbox: OutboxRepository;
  audit: AuditLog;
  clock: Clock;
  ids: IdSource;
}

const day = calendarDate('actions.error.dueOn');

const newActionSchema = z.object({
  title: z
    .string({ error: 'actions.error.title' })
    .trim()
    .min(3, 'actions.error.title')
    .max(300, 'actions.error.title'),
  owner: z.string({ error: 'actions.error.owner' }).min(1, 'actions.error.owner'),
  dueOn: day,
  linkedTo: z
    .string()
    .optional()
    .transform((value) => value?.trim() || undefined)
    .pipe(z.string().max(100, 'actions.error.linkedTo').optional()),
});

/**
 * `actie nieuw`: a coordinator or werkgroep member records an agreement as an action.
 * `requestId` (the submitting activity's id) makes the action's id, so the same submission run
 * again (Teams redelivers it after a crash) finds the action instead of making a second one.
 */
export async function createAction(
  deps: ActionDeps,
  actor: Actor,
  values: Record<string, unknown>,
  requestId?: string,
): Promise<WerkgroepAction> {
  assertAllowed('actions.create', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const cleaned = withoutBlanks(values);
  const parsed = newActionSchema.safeParse(cleaned);
  if (!parsed.success) throw new InvalidInputError(fieldErrorsOf(parsed.error.issues));
  const today = dateInZone(deps.clock.now(), MUNICIPAL_TIME_ZONE);
  if (parsed.data.dueOn < today) throw new InvalidInputError({ dueOn: 'actions.error.dueInPast' });
  const ownerRoles = await deps.roles.rolesOf(actor.tenantId, parsed.data.owner);
  if (!ownerRoles.includes('werkgroep') && !ownerRoles.includes('coordinator')) {
    throw new InvalidInputError({ owner: 'actions.error.owner' });
  }
  const now = deps.clock.now();
  const action: WerkgroepAction = {
    id: `action:${requestId ? stableId(actor.tenantId, requestId) : deps.ids.token()}`,
    type: 'action',
    tenantId: actor.tenantId,
    title: parsed.data.title,
    ownerAadObjectId: parsed.data.owner,
    dueOn: parsed.data.dueOn,
    ...(parsed.data.linkedTo ? { linkedTo: parsed.data.linkedTo } : {}),
    status: 'open',
    createdBy: actor.aadObjectId,
    createdAt: now.toISOString(),
    revision: 1,
  };
  await deps.werkgroep.actions.createIfAbsent(action);
  if (action.ownerAadObjectId !== actor.aadObjectId) {
    await deps.outbox.enqueue([
      newOutboxEntry(
        actor.tenantId,
        `action-assigned:${action.id}`,
        action.ownerAadObjectId,
        actionReminder(action, 'assigned'),
        now,
      ),
    ]);
  }
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: actor.aadObjectId,
    action: 'action.created',
    subjectId: action.id,
    at: now.toISOString(),
  });
  return action;
}

export type ActionFilter = 'mine' | 'all' | 'overdue';

/** `acties` (mine), `acties alle`, `acties te laat`: open actions, earliest due first. */
export async function listActions(
  deps: ActionDeps,
  actor: Actor,
  filter: ActionFilter,
): Promise<WerkgroepAction[]> {
  const roles = await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId);
  if (filter !== 'mine') assertAllowed('actions.view-all', roles);
  const today = dateInZone(deps.clock.now(), MUNICIPAL_TIME_ZONE);
  return (await deps.werkgroep.actions.list(actor.tenantId))
    .filter((action) => action.status === 'open')
    .filter((action) => filter !== 'mine' || action.ownerAadObjectId === actor.aadObjectId)
    .filter((action) => filter !== 'overdue' || action.dueOn < today)
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn));
}

/** The owner (or a coordinator) marks an action done, or proposes a new due date. */
export async function updateAction(
  deps: ActionDeps,
  actor: Actor,
  change: { actionId: string; revision: number; done?: boolean; proposedDueOn?: unknown },
): Promise<WerkgroepAction> {
  const action = await deps.werkgroep.actions.find(actor.tenantId, change.actionId);
  if (!action) throw new NotFoundError('action');
  const roles = await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId);
  if (action.ownerAadObjectId !== actor.aadObjectId && !roles.includes('coordinator')) {
    throw new NotAllowedError('actions.error.notOwner');
  }
  if (action.revision !== change.revision || action.status === 'done') throw new ConflictError('action');
  const { _etag, ...current } = action;
  const now = deps.clock.now();
  const next: WerkgroepAction = { ...current, revision: current.revision + 1 };
  if (change.done) {
    next.status = 'done';
    next.doneAt = now.toISOString();
  } else {
    const parsed = day.safeParse(change.proposedDueOn);
    if (!parsed.success || parsed.data < dateInZone(now, MUNICIPAL_TIME_ZONE)) {
      throw new InvalidInputError({ proposedDueOn: 'actions.error.dueInPast' });
    }
    next.originalDueOn = current.originalDueOn ?? current.dueOn;
    next.rescheduled = (current.rescheduled ?? 0) + 1;
    next.dueOn = parsed.data;
  }
  if (!(await deps.werkgroep.actions.replace(next, _etag))) throw new ConflictError('action');
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: actor.aadObjectId,
    action: change.done ? 'action.done' : 'action.rescheduled',
    subjectId: action.id,
    at: now.toISOString(),
  });
  return next;
}

/** The message that reminds an owner of an action; the card lets them finish or reschedule it. */
export function actionReminder(action: WerkgroepAction, reminder: 'assigned' | 'before' | 'due' | 'overdue') {
  return {
    kind: 'action-reminder' as const,
    reminder,
    actionId: action.id,
    title: action.title,
    dueOn: action.dueOn,
    revision: action.revision,
  };
}
