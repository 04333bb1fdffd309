import type { Clock } from '../../clock';
import { newSchedule, withNewRule } from '../../scheduling/schedule';
import type { ScheduleRepository } from '../../scheduling/schedule-repository';
import type { TenantSettingsRepository } from '../tenants/tenant-settings';
import {
  MONTHLY_CASE_SCHEDULE_ID,
  type MonthlyCaseSettings,
  monthlyCaseRrule,
} from './monthly-case-settings';

export interface MonthlyCaseScheduleDeps {
  schedules: Pick<ScheduleRepository, 'create' | 'update'>;
  tenantSettings: TenantSettingsRepository;
  clock: Clock;
}

/**
 * Makes sure the tenant has its monthly-case schedule. Called when the tenant first has someone
 * to send it to (a person's first 1:1 chat, the werkgroep channel linked) and when the settings
 * are saved; an existing schedule is kept (create is a no-op on 409).
 */
export async function ensureMonthlyCaseSchedule(
  deps: Pick<MonthlyCaseScheduleDeps, 'tenantSettings' | 'clock'> & {
    schedules: Pick<ScheduleRepository, 'create'>;
  },
  tenantId: string,
): Promise<void> {
  const settings = (await deps.tenantSettings.get(tenantId)).monthlyCase;
  await deps.schedules.create(
    newSchedule(
      {
        id: MONTHLY_CASE_SCHEDULE_ID,
        tenantId,
        kind: 'monthly-case',
        rrule: monthlyCaseRrule(settings.weekday),
        startsOn: '2026-01-01',
        localTime: settings.localTime,
        payload: {},
      },
      deps.clock.now(),
    ),
  );
}

/** After a settings change: the schedule follows the new weekday and time, counting from now. */
export async function moveMonthlyCaseSchedule(
  deps: MonthlyCaseScheduleDeps,
  tenantId: string,
  settings: MonthlyCaseSettings,
): Promise<void> {
  const rrule = monthlyCaseRrule(settings.weekday);
  const now = deps.clock.now();
  // Applied again to what a tick wrote meanwhile (it moves the schedule on after each occurrence).
  const stored = await deps.schedules.update(tenantId, MONTHLY_CASE_SCHEDULE_ID, (current) =>
    current ? withNewRule(current, rrule, settings.localTime, now) : undefined,
  );
  if (!stored) await ensureMonthlyCaseSchedule(deps, tenantId);
}
