import { ConflictError, InvalidInputError } from '../../domain/errors';
import { actOnSignal } from '../../domain/signals/act-on-signal';
import { COORDINATOR_ACTIONS, type CoordinatorAction } from '../../domain/signals/parse-signal-command';
import { viewSignal } from '../../domain/signals/view-signals';
import { t } from '../../i18n/translate';
import { signalCardFor } from '../signal-card-for';
import type { Turn } from '../turn';

const SHARED_PERSONAL_LINE: CoordinatorAction[] = ['forward', 'link-case', 'close'];

/**
 * A button on the signal card. Inputs are named `<action>.<field>` because all of a card's inputs
 * arrive together; only this action's fields are passed on. The card is replaced by the fresh one.
 */
export async function actOnSignalCard(turn: Turn, values: Record<string, unknown>): Promise<void> {
  const action = values.action as CoordinatorAction;
  if (!COORDINATOR_ACTIONS.includes(action) || typeof values.signalId !== 'string') {
    return turn.sendText('message.unknownAction');
  }
  const prefix = `${action}.`;
  const fields = Object.fromEntries(
    Object.entries(values)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
  // One personal line serves forward, case and closure, which share a panel on the card.
  if (SHARED_PERSONAL_LINE.includes(action) && fields.personalLine === undefined)
    fields.personalLine = values.personalLine;
  const request = { signalId: values.signalId, revision: Number(values.revision), action, values: fields };
  try {
    await actOnSignal(turn.services, turn.actor, request);
    const view = await viewSignal(turn.services, turn.actor, values.signalId);
    const notice = { text: t(turn.language, 'signalCard.updated'), color: 'Good' as const };
    await turn.replaceCard(await signalCardFor(turn, view.signal, { ...view, notice }));
  } catch (error) {
    if (error instanceof ConflictError) {
      const view = await viewSignal(turn.services, turn.actor, values.signalId);
      const notice = { text: t(turn.language, 'signal.changed'), color: 'Attention' as const };
      return turn.replaceCard(await signalCardFor(turn, view.signal, { ...view, notice }));
    }
    if (error instanceof InvalidInputError) {
      const messages = Object.values(error.fieldErrors).map((key) => t(turn.language, key));
      const view = await viewSignal(turn.services, turn.actor, values.signalId);
      const notice = {
        text: t(turn.language, 'action.errorSummary', { message: messages.join(' ') }),
        color: 'Attention' as const,
      };
      // The typed case reference comes back in its input, so a typo is corrected, not retyped.
      const draft = {
        caseReference: typeof fields.caseReference === 'string' ? fields.caseReference : undefined,
      };
      return turn.replaceCard(await signalCardFor(turn, view.signal, { ...view, notice, draft }));
    }
    throw error;
  }
}
