import type { Clock } from '../../clock';
import { dateInZone, MUNICIPAL_TIME_ZONE } from '../../clock';
import type { ScheduleRepository } from '../../scheduling/schedule-repository';
import type { Actor } from '../actor';
import type { AuditLog } from '../audit';
import { assertAllowed } from '../authorization';
import { InvalidInputError } from '../errors';
import { typedDate } from '../form-input';
import type { RoleDirectory } from '../roles/role-directory';
import type { TenantSettingsRepository } from './tenant-settings';

export interface NonWorkingDayDeps {
  tenantSettings: TenantSettingsRepository;
  schedules: Pick<ScheduleRepository, 'recheckTenant'>;
  roles: RoleDirectory;
  audit: AuditLog;
  clock: Clock;
}

/** yyyy-mm-dd, or the way people here write dates: dd-mm-yyyy (also with / or .). */
export function parseDutchDate(text: string): string | undefined {
  return typedDate(text);
}

/** The tenant's own non-working days from today on. */
export async function upcomingNonWorkingDays(deps: NonWorkingDayDeps, actor: Actor): Promise<string[]> {
  assertAllowed('werkgroep.view', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const today = dateInZone(deps.clock.now(), MUNICIPAL_TIME_ZONE);
  const { extraNonWorkingDays } = await deps.tenantSettings.get(actor.tenantId);
  return extraNonWorkingDays.filter((day) => day >= today).sort();
}

/**
 * `vrije dag + 24-12-2026` / `vrije dag - 24-12-2026`: a collective closing day counts like a
 * public holiday for feedback deadlines, reminders, the herijking and the meeting agenda.
 */
export async function changeNonWorkingDay(
  deps: NonWorkingDayDeps,
  actor: Actor,
  change: { add: boolean; dateText: string },
): Promise<string> {
  assertAllowed('calendar.manage', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const date = parseDutchDate(change.dateText);
  if (!date) throw new InvalidInputError({ date: 'calendar.error.date' });
  const now = deps.clock.now();
  if (change.add && date < dateInZone(now, MUNICIPAL_TIME_ZONE))
    throw new InvalidInputError({ date: 'calendar.error.past' });
  await deps.tenantSettings.update(actor.tenantId, (settings) => {
    const days = new Set(settings.extraNonWorkingDays);
    if (change.add) days.add(date);
    else days.delete(date);
    return { ...settings, extraNonWorkingDays: [...days].sort() };
  });
  // Schedules computed their next time with the old calendar.
  await deps.schedules.recheckTenant(actor.tenantId, now);
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: actor.aadObjectId,
    action: change.add ? 'calendar.day-added' : 'calendar.day-removed',
    subjectId: date,
    at: now.toISOString(),
  });
  return date;
}
