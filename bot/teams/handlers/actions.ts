import { renderActionForm, renderActionReminder, renderActionsList } from '../../../cards/werkgroep-cards';
import { dateInZone, MUNICIPAL_TIME_ZONE } from '../../clock';
import { assertAllowed } from '../../domain/authorization';
import { ConflictError, InvalidInputError } from '../../domain/errors';
import { type ActionFilter, createAction, listActions, updateAction } from '../../domain/werkgroep/actions';
import { t } from '../../i18n/translate';
import type { Turn } from '../turn';

/** People an action can be given to: werkgroep members and coordinators, by name. */
async function owners(turn: Turn): Promise<{ id: string; name: string }[]> {
  const { roles, users } = turn.services;
  const ids = new Set([
    ...(await roles.holdersOf(turn.actor.tenantId, 'werkgroep')),
    ...(await roles.holdersOf(turn.actor.tenantId, 'coordinator')),
  ]);
  const people = [];
  for (const id of ids) people.push({ id, name: (await users.find(turn.actor.tenantId, id))?.name ?? id });
  return people.sort((a, b) => a.name.localeCompare(b.name));
}

/** `actie nieuw`: the form. */
export async function newActionForm(turn: Turn, argument: string | undefined): Promise<void> {
  if (argument && !['nieuw', 'new'].includes(argument.trim())) return turn.sendText('message.unknownCommand');
  assertAllowed(
    'actions.create',
    await turn.services.roles.rolesOf(turn.actor.tenantId, turn.actor.aadObjectId),
  );
  await turn.sendCard(
    renderActionForm(turn.language, { owners: await owners(turn), now: turn.services.clock.now() }),
  );
}

/** The form's submit, and "make this an action" on a herijking summary. */
export async function createActionFromCard(
  turn: Turn,
  values: Record<string, unknown>,
  fromProposal = false,
): Promise<void> {
  try {
    const dueOn = fromProposal
      ? (await turn.services.workingDaysOf(turn.actor.tenantId)).addWorkingDays(
          dateInZone(turn.services.clock.now(), MUNICIPAL_TIME_ZONE),
          20,
        )
      : values.dueOn;
    const action = await createAction(turn.services, turn.actor, { ...values, dueOn }, turn.activity.id);
    const ownerProfile = await turn.services.users.find(turn.actor.tenantId, action.ownerAadObjectId);
    const owner = ownerProfile?.name ?? action.ownerAadObjectId;
    const date = action.dueOn.split('-').reverse().join('-');
    if (!fromProposal)
      await turn.replaceCard(
        renderActionsList(
          turn.language,
          t(turn.language, 'actions.newTitle'),
          [action],
          () => owner,
          turn.services.clock.now(),
        ),
      );
    await turn.sendText('actions.created', { title: action.title, owner, date });
    // The notice and reminders wait in the outbox until the owner first talks to the bot 1:1.
    if (!ownerProfile?.personalConversation) await turn.sendText('actions.ownerUnreachable', { owner });
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    if (fromProposal) return turn.sendText(Object.values(error.fieldErrors)[0] ?? 'message.unknownAction');
    await turn.replaceCard(
      renderActionForm(turn.language, {
        owners: await owners(turn),
        now: turn.services.clock.now(),
        values,
        errors: error.fieldErrors,
      }),
    );
  }
}

const EMPTY_KEY: Record<ActionFilter, string> = {
  mine: 'actions.emptyMine',
  all: 'actions.empty',
  overdue: 'actions.emptyOverdue',
};

/** `acties`, `acties alle`, `acties te laat`. */
export async function showActions(turn: Turn, argument: string | undefined): Promise<void> {
  const filter: ActionFilter = /^(alle|all)$/.test(argument ?? '')
    ? 'all'
    : /^(te laat|overdue)$/.test(argument ?? '')
      ? 'overdue'
      : 'mine';
  const actions = await listActions(turn.services, turn.actor, filter);
  const names = new Map<string, string>();
  for (const action of actions) {
    if (!names.has(action.ownerAadObjectId)) {
      names.set(
        action.ownerAadObjectId,
        (await turn.services.users.find(turn.actor.tenantId, action.ownerAadObjectId))?.name ??
          action.ownerAadObjectId,
      );
    }
  }
  const title = t(turn.language, `actions.${filter}`);
  await turn.sendCard(
    renderActionsList(
      turn.language,
      title,
      actions,
      (id) => names.get(id) ?? id,
      turn.services.clock.now(),
      EMPTY_KEY[filter],
    ),
  );
}

/** "Klaar" and "nieuwe datum" on a reminder card. */
export async function updateActionFromCard(
  turn: Turn,
  values: Record<string, unknown>,
  done: boolean,
): Promise<void> {
  const change = {
    actionId: String(values.actionId ?? ''),
    revision: Number(values.revision),
    done,
    proposedDueOn: values.proposedDueOn,
  };
  try {
    const action = await updateAction(turn.services, turn.actor, change);
    const notice = t(turn.language, done ? 'actions.done' : 'actions.rescheduled');
    await turn.replaceCard(
      renderActionReminder(
        turn.language,
        {
          reminder: done ? 'due' : 'before',
          actionId: action.id,
          title: action.title,
          dueOn: action.dueOn,
          revision: action.revision,
          open: !done,
          notice,
        },
        turn.services.clock.now(),
      ),
    );
  } catch (error) {
    if (error instanceof ConflictError) return turn.sendText('actions.changed');
    if (error instanceof InvalidInputError)
      return turn.sendText(Object.values(error.fieldErrors)[0] ?? 'actions.error.dueOn');
    throw error;
  }
}
