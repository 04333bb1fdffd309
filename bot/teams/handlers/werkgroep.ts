import { TeamsInfo, TurnContext } from 'botbuilder';
import { renderWerkgroep, renderWerkgroepRoster } from '../../../cards/werkgroep-cards';
import { InvalidInputError } from '../../domain/errors';
import {
  changeWerkgroepMember,
  linkWerkgroepChannel,
  listWerkgroep,
} from '../../domain/werkgroep/manage-werkgroep';
import {
  applyRosterChoice,
  MAX_ROSTER,
  type RosterPerson,
  rosterChoices,
} from '../../domain/werkgroep/werkgroep-roster';
import type { Turn } from '../turn';

/** `werkgroep`, `werkgroep koppel`, `werkgroep lid + <naam>`, `werkgroep lid - <naam>`. */
export async function werkgroepCommand(turn: Turn, argument: string | undefined): Promise<void> {
  const words = (argument ?? '').trim();
  if (words === 'koppel' || words === 'link') {
    if (turn.isPersonal) return turn.sendText('werkgroep.linkInChannel');
    const conversation = JSON.parse(JSON.stringify(TurnContext.getConversationReference(turn.activity)));
    delete conversation.user;
    await linkWerkgroepChannel(turn.services, turn.actor, conversation);
    return turn.sendText('werkgroep.linked');
  }
  if (words === 'team') return showRoster(turn);
  const member = /^(?:lid|member)\s*([+-])\s*(.+)$/.exec(words);
  if (member) {
    try {
      const add = member[1] === '+';
      const person = await changeWerkgroepMember(turn.services, turn.actor, {
        add,
        personQuery: member[2] as string,
      });
      return turn.sendText(add ? 'werkgroep.added' : 'werkgroep.removed', {
        name: person.name ?? person.aadObjectId,
      });
    } catch (error) {
      if (error instanceof InvalidInputError)
        return turn.sendText(Object.values(error.fieldErrors)[0] ?? 'werkgroep.usage');
      throw error;
    }
  }
  if (words) return turn.sendText('werkgroep.usage');
  await turn.sendCard(renderWerkgroep(turn.language, await listWerkgroep(turn.services, turn.actor)));
}

/** `werkgroep team` in a channel: choose the werkgroep from the team's members. */
async function showRoster(turn: Turn): Promise<void> {
  if (turn.isPersonal) return turn.sendText('werkgroep.rosterInPersonal');
  const roster = await teamRoster(turn);
  if (!roster) return turn.sendText('werkgroep.rosterUnavailable');
  const { people } = await rosterChoices(turn.services, turn.actor, roster);
  await turn.sendCard(renderWerkgroepRoster(turn.language, people));
}

/** Teams' member list of this team, page by page; undefined when Teams cannot give it now. */
async function teamRoster(turn: Turn): Promise<RosterPerson[] | undefined> {
  const people: RosterPerson[] = [];
  let continuationToken: string | undefined;
  try {
    do {
      const page = await TeamsInfo.getPagedTeamMembers(turn.context, undefined, 100, continuationToken);
      for (const member of page.members)
        if (member.aadObjectId) people.push({ aadObjectId: member.aadObjectId, name: member.name ?? '' });
      continuationToken = page.continuationToken;
    } while (continuationToken && people.length < MAX_ROSTER);
  } catch (error) {
    turn.services.logger.warn({ err: error, tenantId: turn.actor.tenantId }, 'team roster unavailable');
    return undefined;
  }
  return people;
}

/** The roster card's submit. Teams sends a multi-select as comma-separated values. */
export async function applyRosterCard(turn: Turn, values: Record<string, unknown>): Promise<void> {
  const ids = (value: unknown) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean)
      : [];
  try {
    const { added, removed } = await applyRosterChoice(
      turn.services,
      turn.actor,
      ids(values.offered),
      ids(values.members),
    );
    await turn.sendText('werkgroep.rosterSaved', { added: added.length, removed: removed.length });
    await turn.sendCard(renderWerkgroep(turn.language, await listWerkgroep(turn.services, turn.actor)));
  } catch (error) {
    if (error instanceof InvalidInputError)
      return turn.sendText(Object.values(error.fieldErrors)[0] ?? 'werkgroep.usage');
    throw error;
  }
}
