import { type Clock, dateInZone, MUNICIPAL_TIME_ZONE } from '../../clock';
import type { OutboxRepository } from '../../outbox/outbox-repository';
import { newOutboxEntry } from '../outbox-messages';
import type { WorkingDays, WorkingDaysOf } from '../signals/feedback-deadlines';
import type { ActionReminderSettings, TenantSettingsRepository } from '../tenants/tenant-settings';
import { actionReminder } from './actions';
import type { WerkgroepStores } from './werkgroep-repositories';

export interface RemindActionsDeps {
  werkgroep: WerkgroepStores;
  outbox: OutboxRepository;
  clock: Clock;
  workingDaysOf: WorkingDaysOf;
  tenantSettings: TenantSettingsRepository;
}

/**
 * Reminds owners of open actions on working days only: some days before the due date, on the
 * day, and weekly while overdue. The outbox id holds the date, so running this every minute sends
 * each reminder once.
 */
export async function remindActions(deps: RemindActionsDeps): Promise<number> {
  const now = deps.clock.now();
  const today = dateInZone(now, MUNICIPAL_TIME_ZONE);
  const tenants = new Map<string, { workingDays: WorkingDays; settings: ActionReminderSettings }>();
  let sent = 0;
  // Only open actions are read: done ones pile up with the years.
  for (const action of await deps.werkgroep.actions.listAcrossTenants('open')) {
    if (action.status !== 'open') continue;
    let tenant = tenants.get(action.tenantId);
    if (!tenant) {
      const settings = await deps.tenantSettings.get(action.tenantId);
      tenant = {
        workingDays: await deps.workingDaysOf(action.tenantId, settings),
        settings: settings.actionReminders,
      };
      tenants.set(action.tenantId, tenant);
    }
    const { workingDays, settings } = tenant;
    // Never on a day the tenant does not work: weekends, holidays, its own closing days.
    if (!workingDays.isWorkingDay(today)) continue;
    const reminder = reminderFor(action.dueOn, today, workingDays, settings);
    if (!reminder) continue;
    await deps.outbox.enqueue([
      newOutboxEntry(
        action.tenantId,
        `action-reminder:${action.id}:${reminder}:${today}`,
        action.ownerAadObjectId,
        actionReminder(action, reminder),
        now,
      ),
    ]);
    sent += 1;
  }
  return sent;
}

function reminderFor(
  dueOn: string,
  today: string,
  workingDays: WorkingDays,
  settings: ActionReminderSettings,
): 'before' | 'due' | 'overdue' | undefined {
  if (today === dueOn) return 'due';
  if (today < dueOn)
    return settings.workingDaysBefore > 0 &&
      workingDays.addWorkingDays(today, settings.workingDaysBefore) === dueOn
      ? 'before'
      : undefined;
  // Overdue: every Nth working day after the due date (bounded walk; actions are not years late).
  let day = dueOn;
  for (let step = 1; step <= 260; step += 1) {
    day = workingDays.addWorkingDays(day, 1);
    if (day === today)
      return step % settings.overdueEveryWorkingDays === 0 || step === 1 ? 'overdue' : undefined;
    if (day > today) return undefined;
  }
  return undefined;
}
