import { dateInZone, MUNICIPAL_TIME_ZONE } from '../../clock';
import type { Actor } from '../actor';
import { assertAllowed, isAllowed } from '../authorization';
import { NotFoundError } from '../errors';
import type { Role } from '../roles/role';
import type { SignalWorkDeps } from './act-on-signal';
import { CATEGORY_IDS } from './categories';
import type { Signal } from './signal';
import type { VersionedSignal } from './signal-repository';

export interface SignalView {
  signal: VersionedSignal;
  roles: Role[];
  /** People the signal may be assigned to: coordinators and werkgroep members. */
  assignable: string[];
  /** Every coordinator: who could approve a pending closure. */
  coordinators: string[];
  /** The tenant's four-eyes setting now; a pending closure follows it. */
  fourEyesClosure: boolean;
  feedbackOverdue: boolean;
}

/** The full signal for its card; every look is audited, because it holds confidential details. */
export async function viewSignal(
  deps: SignalWorkDeps,
  actor: Actor,
  referenceOrId: string,
): Promise<SignalView> {
  // Independent reads at the same time; nothing is shown before the check below.
  const [signal, roles] = await Promise.all([
    referenceOrId.startsWith('signal:')
      ? deps.signals.findById(actor.tenantId, referenceOrId)
      : deps.signals.findByReference(actor.tenantId, referenceOrId),
    deps.roles.rolesOf(actor.tenantId, actor.aadObjectId),
  ]);
  if (!signal) {
    assertAllowed('signal.view', roles);
    throw new NotFoundError('signal');
  }
  assertAllowed('signal.view', roles, signal.assigneeAadObjectId === actor.aadObjectId);
  const [, coordinators, werkgroep, settings] = await Promise.all([
    deps.audit.record({
      tenantId: actor.tenantId,
      actor: actor.aadObjectId,
      action: 'signal.viewed',
      subjectId: signal.id,
      at: deps.clock.now().toISOString(),
    }),
    deps.roles.holdersOf(actor.tenantId, 'coordinator'),
    deps.roles.holdersOf(actor.tenantId, 'werkgroep'),
    deps.tenantSettings.get(actor.tenantId),
  ]);
  const assignable = [...new Set([...coordinators, ...werkgroep])];
  return {
    signal,
    roles,
    assignable,
    coordinators,
    fourEyesClosure: settings.fourEyesClosure,
    feedbackOverdue: isFeedbackOverdue(signal, deps.clock.now()),
  };
}

export function isFeedbackOverdue(signal: Signal, now: Date): boolean {
  return (
    signal.status !== 'closed' &&
    !!signal.feedbackDueOn &&
    signal.feedbackDueOn < dateInZone(now, MUNICIPAL_TIME_ZONE)
  );
}

export type OpenItemReason =
  | 'closure-approval'
  | 'closure-requested'
  | 'feedback-overdue'
  | 'new'
  | 'answered'
  | 'awaiting-reporter'
  | 'mine'
  | 'open';

export interface OpenItem {
  signal: Signal;
  reason: OpenItemReason;
}

export interface OpenItems {
  /** Everything open (coordinators), or only what is assigned to the person (werkgroep members). */
  scope: 'all' | 'assigned';
  items: OpenItem[];
  counts: Record<OpenItemReason, number>;
  page: number;
  pages: number;
}

const PAGE_SIZE = 8;
const ORDER: OpenItemReason[] = [
  'closure-approval',
  'closure-requested',
  'feedback-overdue',
  'new',
  'answered',
  'awaiting-reporter',
  'mine',
  'open',
];

/**
 * What needs attention, most urgent first: the coordinator's `open`. A werkgroep member gets the
 * open signals assigned to them, the same list with the same card behind each.
 */
export async function listOpenItems(deps: SignalWorkDeps, actor: Actor, page: number): Promise<OpenItems> {
  const roles = await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId);
  // Staff without a role hear that `open` is the coordinator's, as before.
  if (!isAllowed('signals.open-assigned', roles)) assertAllowed('signals.open', roles);
  const scope = isAllowed('signals.open', roles) ? 'all' : 'assigned';
  const now = deps.clock.now();
  const open = await deps.signals.listOpen(actor.tenantId);
  const visible =
    scope === 'all' ? open : open.filter((signal) => signal.assigneeAadObjectId === actor.aadObjectId);
  const items = visible.map((signal) => ({
    signal,
    // Approvals and the reporter's deadline are the coordinators' business, not the assignee's.
    reason: scope === 'all' ? reasonFor(signal, actor.aadObjectId, now) : ('mine' as const),
  }));
  items.sort(
    (a, b) =>
      ORDER.indexOf(a.reason) - ORDER.indexOf(b.reason) ||
      Number(b.signal.urgency === 'urgent') - Number(a.signal.urgency === 'urgent') ||
      a.signal.createdAt.localeCompare(b.signal.createdAt),
  );
  const counts = Object.fromEntries(ORDER.map((reason) => [reason, 0])) as Record<OpenItemReason, number>;
  for (const item of items) counts[item.reason] += 1;
  const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  return {
    scope,
    items: items.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE),
    counts,
    page: current,
    pages,
  };
}

function reasonFor(signal: Signal, me: string, now: Date): OpenItemReason {
  // A pending closure shows for everyone: the others may approve it, the requester may withdraw it.
  if (signal.pendingClosure)
    return signal.pendingClosure.requestedBy === me ? 'closure-requested' : 'closure-approval';
  if (isFeedbackOverdue(signal, now)) return 'feedback-overdue';
  if (signal.status === 'new') return 'new';
  if (signal.history.at(-1)?.action === 'question-answered') return 'answered';
  if (signal.status === 'awaiting-reporter') return 'awaiting-reporter';
  if (signal.assigneeAadObjectId === me) return 'mine';
  return 'open';
}

/** `zoek <tekst>`: by reference, category name, location or text; audited. */
export async function searchSignals(
  deps: SignalWorkDeps,
  actor: Actor,
  text: string,
  categoryLabel: (id: string) => string,
): Promise<Signal[]> {
  assertAllowed('signals.search', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const words = text.trim();
  if (words.length < 2) return [];
  const categories = CATEGORY_IDS.filter((id) =>
    categoryLabel(id).toLowerCase().includes(words.toLowerCase()),
  );
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: actor.aadObjectId,
    action: 'signals.searched',
    subjectId: 'search',
    at: deps.clock.now().toISOString(),
  });
  return deps.signals.search(actor.tenantId, words, categories, 20);
}
