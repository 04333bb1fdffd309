import { createHash } from 'node:crypto';
import { type Clock, dateInZone, MUNICIPAL_TIME_ZONE } from '../../clock';
import type { IdSource } from '../../ids';
import type { Actor } from '../actor';
import type { AuditLog } from '../audit';
import { assertAllowed, type Permission } from '../authorization';
import type { CaseRepository } from '../cases/case-repository';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors';
import type { OutboxEntry } from '../outbox-messages';
import type { RoleDirectory } from '../roles/role-directory';
import type { TenantSettingsRepository } from '../tenants/tenant-settings';
import { nextFeedbackDue } from './feedback-deadlines';
import { type CoordinatorAction, parseCoordinatorAction } from './parse-signal-command';
import type { Signal } from './signal';
import { applyCommand, type SignalCommand } from './signal-lifecycle';
import { colleagueNotice, reporterFeedback } from './signal-messages';
import type { SignalRepository } from './signal-repository';

export interface SignalWorkDeps {
  signals: SignalRepository;
  /** To check that a case a signal is linked to exists in the tenant and is open. */
  cases: CaseRepository;
  roles: RoleDirectory;
  tenantSettings: TenantSettingsRepository;
  audit: AuditLog;
  clock: Clock;
  ids: IdSource;
}

const PERMISSION: Record<CoordinatorAction, Permission> = {
  'pick-up': 'signal.pick-up',
  assign: 'signal.assign',
  note: 'signal.note',
  'ask-reporter': 'signal.ask-reporter',
  forward: 'signal.forward',
  'link-case': 'signal.link-case',
  'unlink-case': 'signal.link-case',
  close: 'signal.close',
  'approve-closure': 'signal.approve-closure',
  'reject-closure': 'signal.approve-closure',
  'withdraw-closure': 'signal.approve-closure',
};

export interface SignalActionRequest {
  signalId: string;
  /** The revision the actor saw; an action from an older card is refused. */
  revision: number;
  action: CoordinatorAction;
  values: Record<string, unknown>;
}

const MAX_PERSONAL_LINE = 500;

/**
 * A coordinator (or the assigned werkgroep member) acts on a signal from its card. Checks the
 * actor's role, the card's freshness and the state machine; stores the change with its messages in
 * one transaction; tells the reporter when it matters to them; audits it.
 */
export async function actOnSignal(
  deps: SignalWorkDeps,
  actor: Actor,
  request: SignalActionRequest,
): Promise<Signal> {
  // Independent reads at the same time: one round trip instead of three.
  const [signal, roles, settings] = await Promise.all([
    deps.signals.findById(actor.tenantId, request.signalId),
    deps.roles.rolesOf(actor.tenantId, actor.aadObjectId),
    deps.tenantSettings.get(actor.tenantId),
  ]);
  if (!signal) throw new NotFoundError('signal');
  assertAllowed(PERMISSION[request.action], roles, signal.assigneeAadObjectId === actor.aadObjectId);
  if (signal.revision !== request.revision) throw new ConflictError('signal');

  const answerToken = deps.ids.token();
  const questionId = deps.ids.token();
  const command = parseCoordinatorAction(request.action, request.values, {
    questionId,
    answerTokenHash: hashToken(answerToken),
    needsSecondCoordinator: (reason) => settings.fourEyesClosure && reason === 'no-follow-up',
    fourEyes: settings.fourEyesClosure,
  });
  const personalLine = parsePersonalLine(request.values.personalLine);

  const now = deps.clock.now();
  const { _etag, ...current } = signal;
  // The state machine first: an action that does not fit the status is refused as such, before
  // the store is asked whether, say, the case it names exists.
  const { signal: next, reporterNews } = applyCommand(current, command, actor.aadObjectId, now);
  await validateAgainstTenant(deps, actor, signal, command);
  const outbox: OutboxEntry[] = [];
  if (reporterNews) {
    const question =
      command.kind === 'ask-reporter' ? { questionId, text: command.question, answerToken } : undefined;
    const feedback = reporterFeedback(next, reporterNews, now, { personalLine, question });
    if (feedback) outbox.push(feedback);
    next.lastFeedbackAt = now.toISOString();
    if (next.status !== 'closed') {
      next.feedbackDueOn = nextFeedbackDue(dateInZone(now, MUNICIPAL_TIME_ZONE), settings.feedback);
    }
  }
  if (command.kind === 'assign' && command.to !== actor.aadObjectId) {
    outbox.push(...colleagueNotice(next, 'assigned', [command.to], now));
  }
  if (next.pendingClosure && !signal.pendingClosure) {
    const others = (await deps.roles.coordinatorIds(actor.tenantId)).filter((id) => id !== actor.aadObjectId);
    outbox.push(...colleagueNotice(next, 'closure-approval', others, now));
  }

  // Before the change: a closed case waits for its signals, and one leaving it may make it due.
  if (signal.caseReference && next.caseReference !== signal.caseReference)
    await deps.cases.forgetRetentionReview(actor.tenantId, signal.caseReference);
  if (!(await deps.signals.saveChange(next, _etag, outbox))) throw new ConflictError('signal');
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: actor.aadObjectId,
    action: `signal.${request.action}`,
    subjectId: signal.id,
    at: now.toISOString(),
  });
  return next;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function parsePersonalLine(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (value.trim().length > MAX_PERSONAL_LINE)
    throw new InvalidInputError({ personalLine: 'action.error.personalLine' });
  return value.trim();
}

/** Checks that need the store: the assignee holds a role, a merge target exists. */
async function validateAgainstTenant(
  deps: SignalWorkDeps,
  actor: Actor,
  signal: Signal,
  command: SignalCommand,
) {
  if (command.kind === 'assign') {
    const roles = await deps.roles.rolesOf(actor.tenantId, command.to);
    if (!roles.includes('coordinator') && !roles.includes('werkgroep')) {
      throw new InvalidInputError({ assignee: 'action.error.assignee' });
    }
  }
  if (command.kind === 'link-case') {
    const target = await deps.cases.findByReference(actor.tenantId, command.caseReference);
    if (!target) throw new InvalidInputError({ caseReference: 'action.error.caseReference' });
    if (target.status !== 'open') throw new InvalidInputError({ caseReference: 'action.error.caseClosed' });
  }
  if (command.kind === 'close' && command.reason === 'merged') {
    const target = command.mergedInto
      ? await deps.signals.findByReference(actor.tenantId, command.mergedInto)
      : undefined;
    if (!target || target.id === signal.id)
      throw new InvalidInputError({ mergedInto: 'action.error.mergedInto' });
  }
}
