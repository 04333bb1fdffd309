import { renderCaseCard, renderCaseList } from '../../../cards/case-cards';
import type { AdaptiveCardJson } from '../../../cards/render-template';
import type { Case } from '../../domain/cases/case';
import { actOnCase } from '../../domain/cases/change-case';
import { openCase } from '../../domain/cases/open-case';
import { CASE_ACTIONS, type CaseAction } from '../../domain/cases/parse-case-input';
import { listOpenCases, viewCase } from '../../domain/cases/view-case';
import { ConflictError, InvalidInputError, NotFoundError } from '../../domain/errors';
import type { Signal } from '../../domain/signals/signal';
import { t } from '../../i18n/translate';
import type { Turn } from '../turn';

/** The words that start `casus nieuw`, to take the title as typed (commands arrive in lower case). */
const NEW_CASE_WORDS = /^\s*(casus nieuw|nieuwe casus|case new|new case)\b\s*/i;

/** `casus nieuw <titel>`: opens a case and shows its card; a bad title is answered with what was typed. */
export async function openCaseCommand(turn: Turn, argument: string | undefined): Promise<void> {
  if (!argument) return turn.sendText('cases.usage');
  const typed = (turn.activity.text ?? '')
    .replace(/<[^>]*>/g, ' ')
    .replace(NEW_CASE_WORDS, '')
    .trim();
  try {
    const created = await openCase(turn.services, turn.actor, typed || argument);
    const notice = { text: t(turn.language, 'cases.created'), color: 'Good' as const };
    await turn.sendCard(await caseCardFor(turn, created, [], { notice }));
  } catch (error) {
    if (error instanceof InvalidInputError)
      return turn.sendText('cases.titleTyped', { value: typed || argument });
    throw error;
  }
}

/** `casus CAS-2026-0001` and the buttons that show a case: the card as a new message. */
export async function showCase(turn: Turn, referenceOrId: string | undefined): Promise<void> {
  const asked = (referenceOrId ?? '').trim();
  try {
    const view = await viewCase(turn.services, turn.actor, asked);
    await turn.sendCard(await caseCardFor(turn, view.case, view.signals));
  } catch (error) {
    if (error instanceof NotFoundError)
      return turn.sendText('cases.notFound', { reference: asked.replace(/^case:/, '').toUpperCase() });
    throw error;
  }
}

/** `casussen`: the open cases. */
export async function showOpenCases(turn: Turn): Promise<void> {
  await turn.sendCard(renderCaseList(turn.language, await listOpenCases(turn.services, turn.actor)));
}

/**
 * A button on the case card. Inputs are named `<action>.<field>`, as on the signal card; the card
 * is replaced by the fresh one, with the typed values back when something was not right.
 */
export async function actOnCaseCard(turn: Turn, values: Record<string, unknown>): Promise<void> {
  const action = values.action as CaseAction;
  if (!CASE_ACTIONS.includes(action) || typeof values.caseId !== 'string') {
    return turn.sendText('message.unknownAction');
  }
  const caseId = values.caseId;
  const prefix = `${action}.`;
  const fields = Object.fromEntries(
    Object.entries(values)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
  const refreshed = async (notice: { text: string; color: 'Good' | 'Attention' }, draft?: object) => {
    const view = await viewCase(turn.services, turn.actor, caseId);
    return caseCardFor(turn, view.case, view.signals, { notice, draft });
  };
  try {
    await actOnCase(turn.services, turn.actor, {
      caseId,
      revision: Number(values.revision),
      action,
      values: fields,
    });
    await turn.replaceCard(await refreshed({ text: t(turn.language, 'cases.updated'), color: 'Good' }));
  } catch (error) {
    if (error instanceof ConflictError) {
      return turn.replaceCard(
        await refreshed({ text: t(turn.language, 'cases.changed'), color: 'Attention' }),
      );
    }
    if (error instanceof InvalidInputError) {
      const messages = Object.values(error.fieldErrors).map((key) => t(turn.language, key));
      const notice = {
        text: t(turn.language, 'cases.errorSummary', { message: messages.join(' ') }),
        color: 'Attention' as const,
      };
      const draft =
        action === 'add-decision' ? { on: asText(fields.on), text: asText(fields.text) } : undefined;
      return turn.replaceCard(await refreshed(notice, draft));
    }
    throw error;
  }
}

function asText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The case card with the names of the coordinators who wrote its decisions, looked up once. */
async function caseCardFor(
  turn: Turn,
  found: Case,
  signals: Signal[],
  extra: {
    notice?: { text: string; color: 'Good' | 'Attention' };
    draft?: { on?: string; text?: string };
  } = {},
): Promise<AdaptiveCardJson> {
  const deciders = [...new Set(found.decisions.map((decision) => decision.by))];
  const profiles = await turn.services.users.findMany(turn.actor.tenantId, deciders);
  const names = new Map(
    profiles.map((profile) => [profile.aadObjectId, profile.name || profile.aadObjectId]),
  );
  return renderCaseCard(turn.language, {
    case: found,
    signals,
    nameOf: (id) => names.get(id) ?? id,
    ...extra,
  });
}
