import type { Actor } from '../actor';
import { assertAllowed } from '../authorization';
import { ConflictError, NotAllowedError } from '../errors';
import { actOnSignal, type SignalWorkDeps } from './act-on-signal';

/** References of the signals whose closure waits for a second coordinator. */
export async function pendingClosureReferences(deps: SignalWorkDeps, actor: Actor): Promise<string[]> {
  assertAllowed('signal.approve-closure', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const open = await deps.signals.listOpen(actor.tenantId);
  return open.filter((signal) => signal.pendingClosure).map((signal) => signal.reference);
}

/**
 * After four eyes was switched off, a coordinator finishes every closure that still waits for a
 * second coordinator, as its requester asked. Each one goes through actOnSignal, so the reporter is
 * told and every closure is audited on its own. A signal someone changed meanwhile is left as it is.
 */
export async function finishPendingClosures(
  deps: SignalWorkDeps,
  actor: Actor,
): Promise<{ closed: string[]; changedMeanwhile: string[] }> {
  assertAllowed('signal.approve-closure', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  if ((await deps.tenantSettings.get(actor.tenantId)).fourEyesClosure)
    throw new NotAllowedError('signal.error.fourEyesStillOn');
  const pending = (await deps.signals.listOpen(actor.tenantId)).filter((signal) => signal.pendingClosure);
  const closed: string[] = [];
  const changedMeanwhile: string[] = [];
  for (const signal of pending) {
    try {
      await actOnSignal(deps, actor, {
        signalId: signal.id,
        revision: signal.revision,
        action: 'approve-closure',
        values: {},
      });
      closed.push(signal.reference);
    } catch (error) {
      if (!(error instanceof ConflictError) && !(error instanceof NotAllowedError)) throw error;
      changedMeanwhile.push(signal.reference);
    }
  }
  return { closed, changedMeanwhile };
}
