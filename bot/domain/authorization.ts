import { NotAllowedError } from './errors';
import type { Role } from './roles/role';

/**
 * Who may do what: the one table every command and card action is checked against, in the
 * domain, so no card, command or API can go around it. "assignee" is the werkgroep member a
 * signal is assigned to, for that signal only.
 */
export const POLICY = {
  'signals.open': ['coordinator'],
  /** Werkgroep members: the open signals assigned to them, so an assignment is never lost. */
  'signals.open-assigned': ['coordinator', 'werkgroep'],
  'signals.search': ['coordinator'],
  'signal.view': ['coordinator', 'assignee'],
  'signal.pick-up': ['coordinator'],
  'signal.assign': ['coordinator'],
  'signal.note': ['coordinator', 'assignee'],
  'signal.ask-reporter': ['coordinator'],
  'signal.forward': ['coordinator'],
  'signal.link-case': ['coordinator'],
  'signal.close': ['coordinator'],
  'signal.approve-closure': ['coordinator'],
  // Cases (casustafel) carry the case meeting's decisions: coordinators only, like a signal's details.
  'cases.view': ['coordinator'],
  'cases.manage': ['coordinator'],
  'roles.view': ['admin', 'coordinator'],
  'roles.manage': ['admin'],
  /** Marking someone as partner is the coordinators' call too: they are the ones who meet partners. */
  'partners.manage': ['admin', 'coordinator'],
  handover: ['coordinator'],
  'actions.create': ['coordinator', 'werkgroep'],
  'actions.view-all': ['coordinator', 'werkgroep'],
  'werkgroep.manage': ['coordinator', 'admin'],
  'werkgroep.view': ['coordinator', 'werkgroep', 'admin'],
  'meetings.manage': ['coordinator', 'admin'],
  'goals.manage': ['coordinator', 'admin'],
  'calendar.manage': ['coordinator', 'admin'],
  'settings.manage': ['coordinator', 'admin'],
  'retention.view': ['admin', 'coordinator'],
  'retention.manage': ['admin'],
  'retention.hold': ['coordinator'],
  'audit.read': ['admin', 'coordinator'],
  'privacy.requests': ['admin'],
  'dashboard.view': ['coordinator', 'werkgroep', 'admin'],
  'report.create': ['coordinator', 'admin'],
  'playbook.edit': ['coordinator', 'admin'],
} as const satisfies Record<string, readonly (Role | 'assignee')[]>;

export type Permission = keyof typeof POLICY;

/** Whether one of the actor's roles allows it (for choosing what to show, not for refusing). */
export function isAllowed(permission: Permission, roles: Role[]): boolean {
  const allowed: readonly string[] = POLICY[permission];
  return roles.some((role) => allowed.includes(role));
}

/** Throws NotAllowedError unless one of the actor's roles (or being the assignee) allows it. */
export function assertAllowed(permission: Permission, roles: Role[], isAssignee = false): void {
  if (isAllowed(permission, roles)) return;
  const allowed: readonly string[] = POLICY[permission];
  if (isAssignee && allowed.includes('assignee')) return;
  throw new NotAllowedError(refusalKey(allowed));
}

function refusalKey(allowed: readonly string[]): string {
  if (allowed.includes('werkgroep')) return 'roles.error.werkgroepOnly';
  if (allowed.includes('assignee')) return 'roles.error.coordinatorOrAssignee';
  if (allowed.includes('coordinator') && allowed.includes('admin')) return 'roles.error.adminOrCoordinator';
  if (allowed.includes('admin')) return 'roles.error.adminOnly';
  return 'roles.error.coordinatorOnly';
}
