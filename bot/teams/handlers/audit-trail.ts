import { renderAuditTrail } from '../../../cards/privacy-cards';
import { InvalidInputError, NotFoundError } from '../../domain/errors';
import { type AuditTrailQuery, readAuditTrail } from '../../domain/privacy/audit-trail';
import type { Turn } from '../turn';

const SIGNAL = /^(ond-\d{4}-\d{4})(?:\s+(\d{1,4}))?$/;
const CASE = /^(cas-\d{4}-\d{4,6})(?:\s+(\d{1,4}))?$/;
const PERSON = /^(.+?)(?:\s+(\d{1,4}))?$/;

/** `audit OND-2026-0001 [pagina]` or `audit <naam> [pagina]` (admins and coordinators). */
export async function auditTrailCommand(turn: Turn, argument: string | undefined): Promise<void> {
  const words = (argument ?? '').trim();
  if (!words) return turn.sendText('privacy.audit.usage');
  const signal = SIGNAL.exec(words);
  const person = PERSON.exec(words);
  const found = CASE.exec(words);
  const query: AuditTrailQuery = signal
    ? { kind: 'signal', reference: (signal[1] as string).toUpperCase(), page: Number(signal[2] ?? 1) }
    : found
      ? { kind: 'case', reference: (found[1] as string).toUpperCase(), page: Number(found[2] ?? 1) }
      : { kind: 'person', personQuery: person?.[1] ?? words, page: Number(person?.[2] ?? 1) };
  try {
    const page = await readAuditTrail(turn.services, turn.actor, query);
    const more = query.kind === 'person' ? (person?.[1] ?? words) : page.subject;
    await turn.sendCard(renderAuditTrail(turn.language, page, more));
  } catch (error) {
    if (error instanceof NotFoundError)
      return query.kind === 'case'
        ? turn.sendText('cases.notFound', { reference: query.reference })
        : turn.sendText('signal.notFound');
    if (error instanceof InvalidInputError)
      return turn.sendText(Object.values(error.fieldErrors)[0] ?? 'privacy.audit.usage');
    throw error;
  }
}
