import type { Clock } from '../../clock';
import { newSchedule } from '../../scheduling/schedule';
import type { ScheduleRepository } from '../../scheduling/schedule-repository';
import type { Actor } from '../actor';
import type { AuditLog } from '../audit';
import { assertAllowed } from '../authorization';
import { ensureMonthlyCaseSchedule } from '../monthly-case/monthly-case-schedule';
import { findOnePerson, setRole } from '../roles/manage-roles';
import type { RoleDirectory, RoleRepository } from '../roles/role-directory';
import { HERIJKING_SCHEDULE_ID } from '../tenants/change-settings';
import type { TenantSettingsRepository } from '../tenants/tenant-settings';
import type { UserProfile, UserProfileRepository } from '../users/user-profile';
import { type Goal, SEED_GOALS } from './werkgroep';
import type { WerkgroepStores } from './werkgroep-repositories';

export interface WerkgroepDeps {
  werkgroep: WerkgroepStores;
  schedules: Pick<ScheduleRepository, 'create'>;
  roles: RoleDirectory;
  roleRepository: RoleRepository;
  users: UserProfileRepository;
  audit: AuditLog;
  clock: Clock;
  tenantSettings: TenantSettingsRepository;
}

/** `werkgroep koppel` in a channel: that channel becomes where the werkgroep gets its posts. */
export async function linkWerkgroepChannel(
  deps: WerkgroepDeps,
  actor: Actor,
  conversation: Record<string, unknown>,
) {
  assertAllowed('werkgroep.manage', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const now = deps.clock.now().toISOString();
  const channel = {
    id: 'werkgroep-channel' as const,
    type: 'werkgroep-channel' as const,
    tenantId: actor.tenantId,
    conversation,
    linkedBy: actor.aadObjectId,
    linkedAt: now,
  };
  // Linking is "this channel from now on": the latest link wins, also when two coordinators link
  // at the same moment on two instances, so neither gets an error for what is no conflict.
  await deps.werkgroep.channels.update(actor.tenantId, 'werkgroep-channel', () => channel);
  // From now on the herijking opens by itself; an existing schedule (perhaps edited) is kept.
  const { herijking } = await deps.tenantSettings.get(actor.tenantId);
  await deps.schedules.create(
    newSchedule(
      {
        id: HERIJKING_SCHEDULE_ID,
        tenantId: actor.tenantId,
        kind: 'herijking-open',
        rrule: herijking.rrule,
        startsOn: '2026-01-01',
        localTime: herijking.localTime,
        shiftToWorkingDay: true,
        payload: {},
      },
      deps.clock.now(),
    ),
  );
  await ensureMonthlyCaseSchedule(deps, actor.tenantId);
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: actor.aadObjectId,
    action: 'werkgroep.channel-linked',
    subjectId: 'werkgroep-channel',
    at: now,
  });
}

export interface WerkgroepMember {
  aadObjectId: string;
  name: string;
  /** False until the person has talked to the bot 1:1: until then they cannot get personal cards. */
  reachable: boolean;
}

/** `werkgroep`: the members, and who cannot be reached 1:1 yet. */
export async function listWerkgroep(
  deps: WerkgroepDeps,
  actor: Actor,
): Promise<{ members: WerkgroepMember[]; channelLinked: boolean }> {
  assertAllowed('werkgroep.view', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const members: WerkgroepMember[] = [];
  for (const id of await deps.roles.holdersOf(actor.tenantId, 'werkgroep')) {
    const profile = await deps.users.find(actor.tenantId, id);
    members.push({ aadObjectId: id, name: profile?.name ?? id, reachable: !!profile?.personalConversation });
  }
  const channelLinked = !!(await deps.werkgroep.channels.find(actor.tenantId, 'werkgroep-channel'));
  return { members: members.sort((a, b) => a.name.localeCompare(b.name)), channelLinked };
}

/** `werkgroep lid + <naam>` / `werkgroep lid - <naam>`. */
export async function changeWerkgroepMember(
  deps: WerkgroepDeps,
  actor: Actor,
  change: { add: boolean; personQuery: string },
): Promise<UserProfile> {
  assertAllowed('werkgroep.manage', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const person = await findOnePerson(deps, actor.tenantId, change.personQuery);
  await setRole(deps, actor.tenantId, person.aadObjectId, 'werkgroep', change.add);
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: actor.aadObjectId,
    action: change.add ? 'role.granted.werkgroep' : 'role.revoked.werkgroep',
    subjectId: person.aadObjectId,
    at: deps.clock.now().toISOString(),
  });
  return person;
}

/** The tenant's goals, seeded with the audit's four efforts the first time anyone asks. */
export async function goalsOf(deps: Pick<WerkgroepDeps, 'werkgroep'>, tenantId: string): Promise<Goal[]> {
  const goals = await deps.werkgroep.goals.list(tenantId);
  if (goals.length > 0) return goals.sort((a, b) => a.number - b.number);
  for (const seed of SEED_GOALS) {
    await deps.werkgroep.goals.createIfAbsent({ ...seed, id: `goal:${seed.number}`, type: 'goal', tenantId });
  }
  return (await deps.werkgroep.goals.list(tenantId)).sort((a, b) => a.number - b.number);
}
