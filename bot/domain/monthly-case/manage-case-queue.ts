import type { Clock } from '../../clock';
import type { Language } from '../../i18n/translate';
import type { IdSource } from '../../ids';
import type { Actor } from '../actor';
import type { AuditLog } from '../audit';
import { assertAllowed } from '../authorization';
import { InvalidInputError } from '../errors';
import { PLAYBOOK_ID, type PlaybookSeed, resolvePlaybook, type StoredPlaybook } from '../playbook/playbook';
import type { RoleDirectory } from '../roles/role-directory';
import type { TenantSettingsRepository } from '../tenants/tenant-settings';
import { normalizeUserText } from '../user-text';
import type { DocumentStore } from '../werkgroep/werkgroep-repositories';
import {
  emptyQueue,
  type MonthlyCaseQueue,
  type PlaybookExample,
  QUEUE_ID,
  type QueuedCase,
} from './case-queue';
import { playbookExamples } from './playbook-examples';

export interface CaseQueueDeps {
  caseQueues: DocumentStore<MonthlyCaseQueue>;
  playbooks: DocumentStore<StoredPlaybook>;
  tenantSettings: TenantSettingsRepository;
  roles: RoleDirectory;
  audit: AuditLog;
  clock: Clock;
  ids: IdSource;
  seedFor(language: Language): PlaybookSeed;
}

export interface CaseQueueView {
  /** The coordinators' cases, in the order they go out. */
  queue: QueuedCase[];
  /** What goes out when the queue is empty: the playbook's next example. */
  nextExample?: PlaybookExample;
}

export const MIN_CASE_LENGTH = 20;
export const MAX_CASE_LENGTH = 1500;
const MAX_ATTEMPTS = 5;

/** The queue for coordinators and administrators (the same people who edit the playbook). */
export async function readCaseQueue(deps: CaseQueueDeps, actor: Actor): Promise<CaseQueueView> {
  assertAllowed('playbook.edit', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const stored = await deps.caseQueues.find(actor.tenantId, QUEUE_ID);
  const { defaultLanguage } = await deps.tenantSettings.get(actor.tenantId);
  const playbook = await deps.playbooks.find(actor.tenantId, PLAYBOOK_ID);
  const examples = playbookExamples(resolvePlaybook(playbook, deps.seedFor(defaultLanguage)));
  return {
    queue: stored?.queue ?? [],
    nextExample: examples[(stored?.nextExample ?? 0) % Math.max(1, examples.length)],
  };
}

/** Adds a case a coordinator wrote for a coming month (last in line); audited. */
export async function addQueuedCase(deps: CaseQueueDeps, actor: Actor, text: unknown): Promise<void> {
  assertAllowed('playbook.edit', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const clean = typeof text === 'string' ? normalizeUserText(text).trim() : '';
  if (clean.length < MIN_CASE_LENGTH) throw new InvalidInputError({ text: 'monthlyCase.error.tooShort' });
  if (clean.length > MAX_CASE_LENGTH) throw new InvalidInputError({ text: 'monthlyCase.error.tooLong' });
  const item: QueuedCase = {
    id: deps.ids.token(),
    text: clean,
    addedBy: actor.aadObjectId,
    addedAt: deps.clock.now().toISOString(),
  };
  await change(deps, actor.tenantId, (queue) => ({ ...queue, queue: [...queue.queue, item] }));
  await audit(deps, actor, 'monthly-case.queued', item.id);
}

/** Takes a case out of the queue before it goes out; audited. */
export async function removeQueuedCase(deps: CaseQueueDeps, actor: Actor, caseId: string): Promise<void> {
  assertAllowed('playbook.edit', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  await change(deps, actor.tenantId, (queue) => ({
    ...queue,
    queue: queue.queue.filter((item) => item.id !== caseId),
  }));
  await audit(deps, actor, 'monthly-case.unqueued', caseId);
}

/** A change to the queue, applied again to what another coordinator or instance wrote meanwhile. */
async function change(
  deps: CaseQueueDeps,
  tenantId: string,
  apply: (queue: MonthlyCaseQueue) => MonthlyCaseQueue,
): Promise<void> {
  await deps.caseQueues.update(tenantId, QUEUE_ID, (stored) => apply(stored ?? emptyQueue(tenantId)), {
    attempts: MAX_ATTEMPTS,
  });
}

async function audit(deps: CaseQueueDeps, actor: Actor, action: string, subjectId: string): Promise<void> {
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: actor.aadObjectId,
    action,
    subjectId,
    at: deps.clock.now().toISOString(),
  });
}
