import { renderPrivacyRequests, renderSubjectAccess } from '../../../cards/privacy-cards';
import { InvalidInputError } from '../../domain/errors';
import { assertPrivacyAllowed } from '../../domain/privacy/privacy-permissions';
import type { RequestKind, RequestOutcome } from '../../domain/privacy/privacy-request';
import { recordPrivacyRequest } from '../../domain/privacy/record-privacy-request';
import { exportSubjectData } from '../../domain/privacy/subject-access';
import type { Turn } from '../turn';

const KIND_WORDS: Record<string, Exclude<RequestKind, 'access'>> = {
  correctie: 'correction',
  correction: 'correction',
  verwijdering: 'erasure',
  erasure: 'erasure',
  beperking: 'restriction',
  restriction: 'restriction',
  bezwaar: 'objection',
  objection: 'objection',
};
const OUTCOME_WORDS: Record<string, RequestOutcome> = {
  toegekend: 'granted',
  granted: 'granted',
  deels: 'partly-granted',
  partly: 'partly-granted',
  afgewezen: 'refused',
  refused: 'refused',
  beantwoord: 'answered',
  answered: 'answered',
};

/** The text as typed (names and reasons keep their capitals), after the command word. */
function originalArgument(turn: Turn, words: string[]): string {
  const text = (turn.activity.text ?? '').replace(/<[^>]*>/g, ' ').trim();
  const word = words.find((candidate) => text.toLowerCase().startsWith(`${candidate} `));
  return word ? text.slice(word.length).trim() : '';
}

/** `inzage <Entra-id of naam>` (admins): the export for an access request, recorded in the register. */
export async function subjectAccessCommand(turn: Turn, argument: string | undefined): Promise<void> {
  if (!argument?.trim()) return turn.sendText('privacy.request.accessUsage');
  const who = originalArgument(turn, ['inzage', 'access request']) || argument;
  try {
    const data = await exportSubjectData(turn.services, turn.actor, who);
    await turn.sendCard(renderSubjectAccess(turn.language, data));
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    return turn.sendText('privacy.request.accessUsage');
  }
}

/** `verzoek correctie <persoon>; <uitkomst>; <reden>` records a request; `verzoeken` lists them. */
export async function privacyRequestCommand(turn: Turn, argument: string | undefined): Promise<void> {
  const typed = originalArgument(turn, ['verzoek', 'request']) || (argument ?? '');
  const match = /^(\S+)\s+([^;]+);\s*(\S+)\s*(?:;\s*(.*))?$/.exec(typed);
  const kind = match ? KIND_WORDS[(match[1] as string).toLowerCase()] : undefined;
  const outcome = match ? OUTCOME_WORDS[(match[3] as string).toLowerCase()] : undefined;
  if (!match || !kind || !outcome) return turn.sendText('privacy.request.usageText', { input: typed });
  try {
    const request = await recordPrivacyRequest(turn.services, turn.actor, {
      kind,
      subject: match[2] as string,
      outcome,
      reason: match[4],
    });
    await turn.sendText('privacy.request.recorded', { reference: request.reference });
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    return turn.sendText(Object.values(error.fieldErrors)[0] ?? 'privacy.request.usageText', {
      input: typed,
    });
  }
}

const REGISTER_ROWS = 30;

/** `verzoeken` (admins): the register, newest first. */
export async function showPrivacyRequests(turn: Turn): Promise<void> {
  const { services, actor } = turn;
  assertPrivacyAllowed('privacy.requests', await services.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const requests = (await services.subjectAccess.requests.list(actor.tenantId))
    .sort((a, b) => b.recordedAt.localeCompare(a.recordedAt))
    .slice(0, REGISTER_ROWS);
  await turn.sendCard(renderPrivacyRequests(turn.language, requests));
}
