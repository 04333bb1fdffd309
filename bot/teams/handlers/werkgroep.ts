import { TurnContext } from 'botbuilder';
import { renderWerkgroep } from '../../../cards/werkgroep-cards';
import { InvalidInputError } from '../../domain/errors';
import {
  changeWerkgroepMember,
  linkWerkgroepChannel,
  listWerkgroep,
} from '../../domain/werkgroep/manage-werkgroep';
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
