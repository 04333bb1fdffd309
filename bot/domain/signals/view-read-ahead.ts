import type { Actor } from '../actor';
import { answeredOnce } from '../answered-once';
import type { RoleDirectory } from '../roles/role-directory';
import { MY_SIGNALS_LIMIT } from './read-signals';
import type { SignalRepository } from './signal-repository';

/**
 * Reads that `mijn meldingen`, `open` and `signaal <ref>` need, started while the turn opens (issue 11),
 * so the read costs no round trip of its own. Nothing read ahead reaches anyone but through the
 * handler, after the route's checks and the domain's authorisation, and the handler audits what it
 * shows exactly as before (after the read, before the card). The first ask of each is answered by
 * the read under way; every later ask goes to the store.
 */
export function mySignalsReadAhead(
  deps: { signals: SignalRepository },
  actor: Actor,
): { signals: SignalRepository } {
  const signals = Object.create(deps.signals) as SignalRepository;
  signals.listByReporter = answeredOnce(
    deps.signals.listByReporter(actor.tenantId, actor.aadObjectId, MY_SIGNALS_LIMIT),
    (tenantId, reporter, limit) =>
      tenantId === actor.tenantId && reporter === actor.aadObjectId && limit === MY_SIGNALS_LIMIT,
    (tenantId, reporter, limit) => deps.signals.listByReporter(tenantId, reporter, limit),
  );
  return { signals };
}

/** `open`: the tenant's open signals (the page and, for an assignee, their own are cut from them after). */
export function openItemsReadAhead(
  deps: { signals: SignalRepository },
  actor: Actor,
): { signals: SignalRepository } {
  const signals = Object.create(deps.signals) as SignalRepository;
  signals.listOpen = answeredOnce(
    deps.signals.listOpen(actor.tenantId),
    (tenantId) => tenantId === actor.tenantId,
    (tenantId) => deps.signals.listOpen(tenantId),
  );
  return { signals };
}

/** `signaal <ref>`: the signal by its reference, and the people it may be assigned to. */
export function signalViewReadAhead(
  deps: { signals: SignalRepository; roles: RoleDirectory },
  actor: Actor,
  reference: string | undefined,
): { signals: SignalRepository; roles: RoleDirectory } | undefined {
  const wanted = reference?.trim();
  if (!wanted || wanted.startsWith('signal:')) return undefined;
  const signals = Object.create(deps.signals) as SignalRepository;
  signals.findByReference = answeredOnce(
    deps.signals.findByReference(actor.tenantId, wanted),
    (tenantId, asked) => tenantId === actor.tenantId && asked === wanted,
    (tenantId, asked) => deps.signals.findByReference(tenantId, asked),
  );
  const holders = (role: 'coordinator' | 'werkgroep') =>
    answeredOnce(
      deps.roles.holdersOf(actor.tenantId, role),
      (tenantId: string) => tenantId === actor.tenantId,
      (tenantId: string) => deps.roles.holdersOf(tenantId, role),
    );
  const coordinators = holders('coordinator');
  const werkgroep = holders('werkgroep');
  const roles: RoleDirectory = {
    ...deps.roles,
    holdersOf: (tenantId, role) =>
      role === 'coordinator'
        ? coordinators(tenantId)
        : role === 'werkgroep'
          ? werkgroep(tenantId)
          : deps.roles.holdersOf(tenantId, role),
  };
  return { signals, roles };
}
