import type { Actor } from '../actor';
import { answeredOnce } from '../answered-once';
import type { RoleDirectory } from '../roles/role-directory';
import type { SignalRepository } from './signal-repository';
import { reportSignalId, validFormToken } from './submit-signal';

/**
 * The two reads a report's submit needs before it can write (is this form's signal there
 * already; who are the coordinators to notify), started while the turn opens instead of after it:
 * the submit then costs the opener's round trip, the batch and the audit record, three in all
 * (issue 11). The handler asks for them as usual; the first ask of each is answered by the read
 * already under way, every later one (e.g. the re-read after losing a race with a double click)
 * goes to the store, so nothing is answered from before the turn began.
 */
export function reportReadAhead(
  deps: { signals: SignalRepository; roles: RoleDirectory },
  actor: Actor,
  formToken: unknown,
): { signals: SignalRepository; roles: RoleDirectory } | undefined {
  if (!validFormToken(formToken)) return undefined;
  const signalId = reportSignalId(actor.tenantId, formToken);
  const signals = Object.create(deps.signals) as SignalRepository;
  signals.findById = answeredOnce(
    deps.signals.findById(actor.tenantId, signalId),
    (tenantId, id) => tenantId === actor.tenantId && id === signalId,
    (tenantId, id) => deps.signals.findById(tenantId, id),
  );
  const roles: RoleDirectory = {
    ...deps.roles,
    coordinatorIds: answeredOnce(
      deps.roles.coordinatorIds(actor.tenantId),
      (tenantId) => tenantId === actor.tenantId,
      (tenantId) => deps.roles.coordinatorIds(tenantId),
    ),
  };
  return { signals, roles };
}
