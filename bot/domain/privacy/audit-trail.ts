import type { Clock } from '../../clock';
import type { Actor } from '../actor';
import type { AuditEvent, AuditLog } from '../audit';
import type { CaseRepository } from '../cases/case-repository';
import { NotFoundError } from '../errors';
import { findOnePerson } from '../roles/manage-roles';
import type { RoleDirectory } from '../roles/role-directory';
import type { SignalRepository } from '../signals/signal-repository';
import type { UserProfileRepository } from '../users/user-profile';
import { assertPrivacyAllowed } from './privacy-permissions';

/** Read-only queries on the audit container; there is no way to change or delete through it. */
export interface AuditTrailReader {
  /** Events about one subject, newest first, `skip` then at most `take`. */
  aboutSubject(tenantId: string, subjectId: string, skip: number, take: number): Promise<AuditEvent[]>;
  /** Events by one actor since `since`, newest first. */
  byActor(tenantId: string, actor: string, since: Date, skip: number, take: number): Promise<AuditEvent[]>;
}

export interface AuditTrailDeps {
  auditTrail: AuditTrailReader;
  audit: AuditLog;
  signals: SignalRepository;
  /** `audit CAS-…`: a case's trail, like a signal's. */
  cases: Pick<CaseRepository, 'findByReference'>;
  users: UserProfileRepository;
  roles: RoleDirectory;
  clock: Clock;
}

export const AUDIT_PAGE_SIZE = 10;
export const PERSON_PERIOD_DAYS = 90;

export type AuditTrailQuery =
  | { kind: 'signal'; reference: string; page: number }
  | { kind: 'case'; reference: string; page: number }
  | { kind: 'person'; personQuery: string; page: number };

export interface AuditTrailPage {
  /** The reference or the person's name, as the reader asked for it. */
  subject: string;
  kind: AuditTrailQuery['kind'];
  page: number;
  hasMore: boolean;
  entries: {
    at: string;
    action: string;
    /** A person's name, or a machine actor ('retention', 'reporter', 'anonymous', 'scheduler'). */
    actor: string;
    actorIsPerson: boolean;
    /** For a person's trail: what they acted on (a signal reference or a person's name). */
    subject?: string;
  }[];
}

/**
 * `audit OND-…` / `audit <naam>`: who read or changed a signal, or what a person did in the last
 * 90 days; admins and coordinators, in their own tenant only. The trail holds actions, never
 * content. The read itself is audited, after the page is read, so it shows on the next read.
 */
export async function readAuditTrail(
  deps: AuditTrailDeps,
  actor: Actor,
  query: AuditTrailQuery,
): Promise<AuditTrailPage> {
  assertPrivacyAllowed('audit.read', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const page = Math.max(1, Math.min(query.page, 1000));
  const skip = (page - 1) * AUDIT_PAGE_SIZE;
  const now = deps.clock.now();
  let events: AuditEvent[];
  let subject: string;
  let auditedSubject: string;
  if (query.kind === 'signal') {
    const signal = await deps.signals.findByReference(actor.tenantId, query.reference);
    if (!signal) throw new NotFoundError('signal');
    events = await deps.auditTrail.aboutSubject(actor.tenantId, signal.id, skip, AUDIT_PAGE_SIZE + 1);
    subject = signal.reference;
    auditedSubject = signal.id;
  } else if (query.kind === 'case') {
    const found = await deps.cases.findByReference(actor.tenantId, query.reference);
    if (!found) throw new NotFoundError('case');
    events = await deps.auditTrail.aboutSubject(actor.tenantId, found.id, skip, AUDIT_PAGE_SIZE + 1);
    subject = found.reference;
    auditedSubject = found.id;
  } else {
    const person = await findOnePerson(deps, actor.tenantId, query.personQuery);
    const since = new Date(now.getTime() - PERSON_PERIOD_DAYS * 86_400_000);
    events = await deps.auditTrail.byActor(
      actor.tenantId,
      person.aadObjectId,
      since,
      skip,
      AUDIT_PAGE_SIZE + 1,
    );
    subject = person.name ?? person.aadObjectId;
    auditedSubject = `person:${person.aadObjectId}`;
  }
  const names = new Map<string, string | undefined>();
  const nameOf = async (id: string) => {
    if (!names.has(id)) names.set(id, (await deps.users.find(actor.tenantId, id))?.name);
    return names.get(id);
  };
  const entries: AuditTrailPage['entries'] = [];
  for (const event of events.slice(0, AUDIT_PAGE_SIZE)) {
    const name = await nameOf(event.actor);
    entries.push({
      at: event.at,
      action: event.action,
      actor: name ?? event.actor,
      actorIsPerson: name !== undefined,
      ...(query.kind === 'person'
        ? { subject: await subjectLabel(deps, actor.tenantId, event.subjectId, nameOf) }
        : {}),
    });
  }
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: actor.aadObjectId,
    action: 'audit.read',
    subjectId: auditedSubject,
    at: now.toISOString(),
  });
  return { subject, kind: query.kind, page, hasMore: events.length > AUDIT_PAGE_SIZE, entries };
}

/** A signal's or case's reference or a person's name instead of an internal id. */
async function subjectLabel(
  deps: AuditTrailDeps,
  tenantId: string,
  subjectId: string,
  nameOf: (id: string) => Promise<string | undefined>,
): Promise<string> {
  // A case's id carries its reference; nothing to look up.
  if (subjectId.startsWith('case:')) return subjectId.slice('case:'.length);
  if (subjectId.startsWith('signal:'))
    return (await deps.signals.findById(tenantId, subjectId))?.reference ?? subjectId;
  const personId = subjectId.startsWith('person:') ? subjectId.slice('person:'.length) : subjectId;
  return (await nameOf(personId)) ?? subjectId;
}
