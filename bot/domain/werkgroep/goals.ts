import { z } from 'zod';
import type { Clock } from '../../clock';
import type { Actor } from '../actor';
import type { AuditLog } from '../audit';
import { assertAllowed } from '../authorization';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors';
import { calendarDate, fieldErrorsOf, withoutBlanks } from '../form-input';
import type { RoleDirectory } from '../roles/role-directory';
import { goalsOf } from './manage-werkgroep';
import type { Goal } from './werkgroep';
import type { WerkgroepStores } from './werkgroep-repositories';

export interface GoalDeps {
  werkgroep: WerkgroepStores;
  roles: RoleDirectory;
  audit: AuditLog;
  clock: Clock;
}

const text = (min: number, max: number, key: string) =>
  z.string({ error: key }).trim().min(min, key).max(max, key);

const goalSchema = z.object({
  title: text(3, 200, 'goals.error.title'),
  indicator: text(3, 500, 'goals.error.indicator'),
  target: text(3, 500, 'goals.error.target'),
  owner: z.string().optional(),
  deadline: calendarDate('goals.error.deadline').optional(),
});

/** Who may own a goal: werkgroep members and coordinators. */
export async function possibleGoalOwners(deps: Pick<GoalDeps, 'roles'>, tenantId: string): Promise<string[]> {
  return [
    ...new Set([
      ...(await deps.roles.holdersOf(tenantId, 'werkgroep')),
      ...(await deps.roles.holdersOf(tenantId, 'coordinator')),
    ]),
  ];
}

/**
 * `doel wijzig <nummer>` / `doel nieuw`: a coordinator keeps the programme's goals current. The
 * form carries the revision it showed, so two people editing at once cannot overwrite each other.
 */
export async function saveGoal(
  deps: GoalDeps,
  actor: Actor,
  goalId: string | undefined,
  revision: number | undefined,
  values: Record<string, unknown>,
): Promise<Goal> {
  assertAllowed('goals.manage', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const cleaned = withoutBlanks(values);
  const parsed = goalSchema.safeParse(cleaned);
  const errors = parsed.success ? {} : fieldErrorsOf(parsed.error.issues);
  const owner = typeof cleaned.owner === 'string' ? cleaned.owner : undefined;
  if (owner && !(await possibleGoalOwners(deps, actor.tenantId)).includes(owner))
    errors.owner ??= 'goals.error.owner';
  if (!parsed.success || Object.keys(errors).length > 0) throw new InvalidInputError(errors);
  const fields = {
    title: parsed.data.title,
    indicator: parsed.data.indicator,
    target: parsed.data.target,
    ownerAadObjectId: owner,
    deadline: parsed.data.deadline,
  };
  const now = deps.clock.now().toISOString();
  let goal: Goal;
  if (goalId) {
    const existing = await deps.werkgroep.goals.find(actor.tenantId, goalId);
    if (!existing) throw new NotFoundError('goal');
    const { _etag, ...current } = existing;
    if ((current.revision ?? 0) !== (revision ?? 0)) throw new ConflictError('goal');
    goal = { ...current, ...fields, revision: (current.revision ?? 0) + 1 };
    if (!(await deps.werkgroep.goals.replace(goal, _etag))) throw new ConflictError('goal');
  } else {
    const goals = await goalsOf(deps, actor.tenantId);
    const number = Math.max(0, ...goals.map((item) => item.number)) + 1;
    goal = { id: `goal:${number}`, type: 'goal', tenantId: actor.tenantId, number, ...fields, revision: 0 };
    if (!(await deps.werkgroep.goals.createIfAbsent(goal))) throw new ConflictError('goal');
  }
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: actor.aadObjectId,
    action: goalId ? 'goal.changed' : 'goal.added',
    subjectId: goal.id,
    at: now,
  });
  return goal;
}
