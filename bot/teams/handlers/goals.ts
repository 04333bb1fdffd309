import { renderGoalForm, renderGoals } from '../../../cards/werkgroep-cards';
import { assertAllowed } from '../../domain/authorization';
import { ConflictError, InvalidInputError } from '../../domain/errors';
import { possibleGoalOwners, saveGoal } from '../../domain/werkgroep/goals';
import { goalsOf } from '../../domain/werkgroep/manage-werkgroep';
import type { Goal } from '../../domain/werkgroep/werkgroep';
import { t } from '../../i18n/translate';
import type { Turn } from '../turn';

async function nameOf(turn: Turn, id: string): Promise<string> {
  return (await turn.services.users.find(turn.actor.tenantId, id))?.name ?? id;
}

async function ownerChoices(turn: Turn): Promise<{ id: string; name: string }[]> {
  const ids = await possibleGoalOwners(turn.services, turn.actor.tenantId);
  const people = await Promise.all(ids.map(async (id) => ({ id, name: await nameOf(turn, id) })));
  return people.sort((a, b) => a.name.localeCompare(b.name));
}

/** `doelen`: the goals, with change buttons for those who may change them. */
export async function showGoals(turn: Turn): Promise<void> {
  const goals = await goalsOf(turn.services, turn.actor.tenantId);
  const roles = await turn.services.roles.rolesOf(turn.actor.tenantId, turn.actor.aadObjectId);
  const names = new Map<string, string>();
  for (const goal of goals)
    if (goal.ownerAadObjectId) names.set(goal.ownerAadObjectId, await nameOf(turn, goal.ownerAadObjectId));
  await turn.sendCard(
    renderGoals(turn.language, goals, {
      // Changing goals happens in a 1:1 chat; a channel only shows them.
      canManage: turn.isPersonal && (roles.includes('coordinator') || roles.includes('admin')),
      nameOf: (id) => names.get(id) ?? id,
    }),
  );
}

/** `doel wijzig <nummer>`, `doel nieuw`. */
export async function goalCommand(turn: Turn, argument: string | undefined): Promise<void> {
  const words = (argument ?? '').trim();
  if (['nieuw', 'new'].includes(words)) return showGoalForm(turn, undefined);
  const edit = /^(?:wijzig|change|edit)\s+(\d{1,3})$/.exec(words);
  if (!edit) return turn.sendText('goals.usage');
  const number = Number(edit[1]);
  const goal = (await goalsOf(turn.services, turn.actor.tenantId)).find((item) => item.number === number);
  if (!goal) return turn.sendText('goals.unknown', { number });
  await showGoalForm(turn, goal);
}

async function showGoalForm(turn: Turn, goal: Goal | undefined): Promise<void> {
  assertAllowed(
    'goals.manage',
    await turn.services.roles.rolesOf(turn.actor.tenantId, turn.actor.aadObjectId),
  );
  await turn.sendCard(renderGoalForm(turn.language, { goal, owners: await ownerChoices(turn) }));
}

/** The change button on the goals card. */
export async function goalFormFromCard(turn: Turn, values: Record<string, unknown>): Promise<void> {
  const goalId = typeof values.goalId === 'string' && values.goalId ? values.goalId : undefined;
  const goal = goalId ? await turn.services.werkgroep.goals.find(turn.actor.tenantId, goalId) : undefined;
  if (goalId && !goal) return turn.sendText('message.unknownAction');
  await showGoalForm(turn, goal);
}

/** The form's submit. A form that is out of date comes back fresh, so nobody's edit is lost unseen. */
export async function submitGoalForm(turn: Turn, values: Record<string, unknown>): Promise<void> {
  const goalId = typeof values.goalId === 'string' && values.goalId ? values.goalId : undefined;
  const revision = Number(values.revision ?? 0);
  const goal = goalId ? await turn.services.werkgroep.goals.find(turn.actor.tenantId, goalId) : undefined;
  try {
    const saved = await saveGoal(turn.services, turn.actor, goalId, revision, values);
    const owner = saved.ownerAadObjectId ? await nameOf(turn, saved.ownerAadObjectId) : '';
    await turn.replaceCard(
      renderGoals(turn.language, [saved], {
        canManage: true,
        nameOf: () => owner,
        title: t(turn.language, 'goals.savedTitle', { number: saved.number }),
      }),
    );
    await turn.sendText('goals.saved', { number: saved.number, title: saved.title });
  } catch (error) {
    if (error instanceof InvalidInputError) {
      await turn.replaceCard(
        renderGoalForm(turn.language, {
          goal,
          owners: await ownerChoices(turn),
          values,
          errors: error.fieldErrors,
        }),
      );
      return;
    }
    if (error instanceof ConflictError && goal) {
      await turn.sendText('message.conflict');
      await turn.replaceCard(renderGoalForm(turn.language, { goal, owners: await ownerChoices(turn) }));
      return;
    }
    throw error;
  }
}
