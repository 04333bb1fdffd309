import type { Clock } from '../../clock';
import type { IdSource } from '../../ids';
import type { Actor } from '../actor';
import type { AuditEvent, AuditLog } from '../audit';
import { InvalidInputError } from '../errors';
import type { RoleDirectory } from '../roles/role-directory';
import type { Signal } from '../signals/signal';
import type { SignalRepository } from '../signals/signal-repository';
import type { UserProfileRepository } from '../users/user-profile';
import type { DocumentStore } from '../werkgroep/werkgroep-repositories';
import type { AuditTrailReader } from './audit-trail';
import { assertPrivacyAllowed } from './privacy-permissions';
import type { PrivacyRequest } from './privacy-request';

/** The queries an access request needs; Cosmos DB in bot/storage. */
export interface SubjectAccessStore {
  requests: DocumentStore<PrivacyRequest>;
  /** Signals this person reported under their own name (anonymous ones cannot be found: by design). */
  reportedBy(tenantId: string, aadObjectId: string): Promise<Signal[]>;
  /** Signals whose "involved" field names this text. */
  naming(tenantId: string, text: string): Promise<Signal[]>;
}

export interface SubjectAccessDeps {
  subjectAccess: SubjectAccessStore;
  auditTrail: AuditTrailReader;
  signals: SignalRepository;
  users: UserProfileRepository;
  roles: RoleDirectory;
  audit: AuditLog;
  clock: Clock;
  ids: IdSource;
}

export interface SubjectAccessExport {
  request: PrivacyRequest;
  person?: { aadObjectId: string; name?: string; language?: string };
  reported: Pick<Signal, 'reference' | 'status' | 'createdAt' | 'category' | 'location' | 'description'>[];
  involvedIn: Pick<Signal, 'reference' | 'status' | 'createdAt' | 'category' | 'involved'>[];
  actions: AuditEvent[];
}

const ENTRA_ID = /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12,13}$/i;
const AUDIT_ROWS = 200;

/**
 * `inzage <Entra-id of naam>`: what the bot holds about a person, for an access request (AVG
 * art. 15). By Entra id: their profile, what they reported under their name and its status, and
 * what they did (the audit trail). By a name: the signals that name them as involved. The request
 * is recorded in the register and audited; admins only.
 */
export async function exportSubjectData(
  deps: SubjectAccessDeps,
  actor: Actor,
  who: string,
): Promise<SubjectAccessExport> {
  assertPrivacyAllowed('privacy.requests', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const subject = who.trim();
  if (subject.length < 3 || subject.length > 200)
    throw new InvalidInputError({ subject: 'privacy.request.subjectMissing' });
  const now = deps.clock.now();
  let person: SubjectAccessExport['person'];
  let reported: Signal[] = [];
  let actions: AuditEvent[] = [];
  if (ENTRA_ID.test(subject)) {
    const aadObjectId = subject.toLowerCase();
    const profile = await deps.users.find(actor.tenantId, aadObjectId);
    person = { aadObjectId, name: profile?.name, language: profile?.language };
    reported = await deps.subjectAccess.reportedBy(actor.tenantId, aadObjectId);
    actions = await deps.auditTrail.byActor(actor.tenantId, aadObjectId, new Date(0), 0, AUDIT_ROWS);
  }
  const namedText = person?.name ?? (ENTRA_ID.test(subject) ? undefined : subject);
  const involvedIn = namedText ? await deps.subjectAccess.naming(actor.tenantId, namedText) : [];
  const references = [...new Set([...reported, ...involvedIn].map((signal) => signal.reference))].sort();
  const request: PrivacyRequest = {
    id: `privacy-request:${deps.ids.token()}`,
    type: 'privacy-request',
    tenantId: actor.tenantId,
    reference: `AVG-${deps.ids.humanCode(6)}`,
    kind: 'access',
    subject: person?.name ? `${person.name} (${person.aadObjectId})` : subject,
    outcome: 'answered',
    signalReferences: references,
    recordedBy: actor.aadObjectId,
    recordedAt: now.toISOString(),
  };
  await deps.subjectAccess.requests.createIfAbsent(request);
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: actor.aadObjectId,
    action: 'privacy.access-exported',
    subjectId: request.id,
    at: now.toISOString(),
  });
  return {
    request,
    person,
    reported: reported.map(({ reference, status, createdAt, category, location, description }) => ({
      reference,
      status,
      createdAt,
      category,
      location,
      description,
    })),
    involvedIn: involvedIn.map(({ reference, status, createdAt, category, involved }) => ({
      reference,
      status,
      createdAt,
      category,
      involved,
    })),
    actions,
  };
}
