import type { Clock } from '../../clock';
import type { OutboxRepository } from '../../outbox/outbox-repository';
import type { Actor } from '../actor';
import type { AuditLog } from '../audit';
import { assertAllowed } from '../authorization';
import { InvalidInputError, NotAllowedError } from '../errors';
import type { SignalRepository } from '../signals/signal-repository';
import type { UserProfile, UserProfileRepository } from '../users/user-profile';
import { assertRolesCompatible } from './partners';
import type { Role } from './role';
import type { RoleDirectory, RoleRepository } from './role-directory';

export interface ManageRolesDeps {
  roles: RoleDirectory;
  roleRepository: RoleRepository;
  users: UserProfileRepository;
  signals: SignalRepository;
  outbox: OutboxRepository;
  audit: AuditLog;
  clock: Clock;
}

export interface RoleOverview {
  holders: { aadObjectId: string; name?: string; roles: Role[]; seeded: Role[] }[];
}

/** `rollen`: who holds which role. */
export async function listRoles(deps: ManageRolesDeps, actor: Actor): Promise<RoleOverview> {
  assertAllowed('roles.view', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const ids = new Set<string>();
  for (const role of ['admin', 'coordinator', 'werkgroep', 'partner'] as const) {
    for (const id of await deps.roles.holdersOf(actor.tenantId, role)) ids.add(id);
  }
  const holders = [];
  for (const aadObjectId of ids) {
    const roles = await deps.roles.rolesOf(actor.tenantId, aadObjectId);
    const seeded = roles.filter((role) => deps.roles.isSeeded(aadObjectId, role));
    holders.push({
      aadObjectId,
      name: (await deps.users.find(actor.tenantId, aadObjectId))?.name,
      roles,
      seeded,
    });
  }
  return { holders };
}

/** Finds exactly one person the bot knows by (part of) their name or e-mail address. */
export async function findOnePerson(
  deps: Pick<ManageRolesDeps, 'users'>,
  tenantId: string,
  query: string,
): Promise<UserProfile> {
  const matches = await deps.users.search(tenantId, query.trim());
  if (matches.length === 0) throw new InvalidInputError({ person: 'roles.error.unknownPerson' });
  if (matches.length > 1) {
    const exact = matches.filter((profile) => profile.name?.toLowerCase() === query.trim().toLowerCase());
    if (exact.length === 1 && exact[0]) return exact[0];
    throw new InvalidInputError({ person: 'roles.error.ambiguousPerson' });
  }
  return matches[0] as UserProfile;
}

/** `rol geef` / `rol neem`: an admin grants or revokes a role; audited. */
export async function changeRole(
  deps: ManageRolesDeps,
  actor: Actor,
  change: { grant: boolean; personQuery: string; role: Role },
): Promise<UserProfile> {
  assertAllowed(
    change.role === 'partner' ? 'partners.manage' : 'roles.manage',
    await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId),
  );
  const person = await findOnePerson(deps, actor.tenantId, change.personQuery);
  // A seeded role is not in the stored roles setRole checks, so it is checked here.
  const seeded =
    deps.roles.isSeeded(person.aadObjectId, 'admin') ||
    deps.roles.isSeeded(person.aadObjectId, 'coordinator');
  if (change.grant && change.role === 'partner' && seeded)
    throw new NotAllowedError('partnerRole.error.hasRole');
  if (!change.grant && deps.roles.isSeeded(person.aadObjectId, change.role)) {
    throw new NotAllowedError('roles.error.seeded');
  }
  if (!change.grant && change.role !== 'admin') {
    const open = (await deps.signals.listOpen(actor.tenantId)).filter(
      (s) => s.assigneeAadObjectId === person.aadObjectId,
    );
    const keepsOtherRole = (await deps.roles.rolesOf(actor.tenantId, person.aadObjectId)).some(
      (role) => role !== change.role && role !== 'admin',
    );
    if (open.length > 0 && !keepsOtherRole) throw new NotAllowedError('roles.error.hasOpenItems');
  }
  await setRole(deps, actor.tenantId, person.aadObjectId, change.role, change.grant);
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: actor.aadObjectId,
    action: change.grant ? `role.granted.${change.role}` : `role.revoked.${change.role}`,
    subjectId: person.aadObjectId,
    at: deps.clock.now().toISOString(),
  });
  return person;
}

/** Adds or removes one stored role; applied again to a concurrent change that won (the repository's rule). */
export async function setRole(
  deps: Pick<ManageRolesDeps, 'roleRepository' | 'clock'>,
  tenantId: string,
  aadObjectId: string,
  role: Role,
  holds: boolean,
): Promise<void> {
  await deps.roleRepository.changeRoles(
    tenantId,
    aadObjectId,
    (current) => {
      const roles = new Set(current);
      if (holds) assertRolesCompatible([...roles], role);
      if (holds) roles.add(role);
      else roles.delete(role);
      return [...roles];
    },
    deps.clock.now(),
  );
}
