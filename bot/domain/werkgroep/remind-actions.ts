import { type Clock, dateInZone, MUNICIPAL_TIME_ZONE } from '../../clock';
import { newOutboxEntry } from '../../outbox/outbox-entry';
import type { OutboxRepository } from '../../outbox/outbox-repository';
import type { WorkingDays, WorkingDaysOf } from '../signals/feedback-deadlines';
import { actionReminder } from './actions';
import type { WerkgroepStores } from './werkgroep-repositories';

/** When owners hear about their actions; per tenant configurable later, these are the defaults. */
export const ACTION_REMINDERS = { workingDaysBefore: 2, onTheDay: true, overdueEveryWorkingDays: 5 };

export interface RemindActionsDeps {
  werkgroep: WerkgroepStores;
  outbox: OutboxRepository;
  clock: Clock;
  workingDaysOf: WorkingDaysOf;
}

/**
 * Reminds owners of open actions on working days only: some days before the due date, on the
 * day, and weekly while overdue. The outbox id holds the date, so running this every minute sends
 * each reminder once.
 */
export async function remindActions(deps: RemindActionsDeps): Promise<number> {
  const now = deps.clock.now();
  const today = dateInZone(now, MUNICIPAL_TIME_ZONE);
  const calendars = new Map<string, WorkingDays>();
  let sent = 0;
  for (const action of await deps.werkgroep.actions.listAcrossTenants()) {
    if (action.status !== 'open') continue;
    let workingDays = calendars.get(action.tenantId);
    if (!workingDays) {
      workingDays = await deps.workingDaysOf(action.tenantId);
      calendars.set(action.tenantId, workingDays);
    }
    // Never on a day the tenant does not work: weekends, holidays, its own closing days.
    if (!workingDays.isWorkingDay(today)) continue;
    const reminder = reminderFor(action.dueOn, today, workingDays);
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
): 'before' | 'due' | 'overdue' | undefined {
  if (today === dueOn && ACTION_REMINDERS.onTheDay) return 'due';
  if (today < dueOn)
    return workingDays.addWorkingDays(today, ACTION_REMINDERS.workingDaysBefore) === dueOn
      ? 'before'
      : undefined;
  // Overdue: every Nth working day after the due date (bounded walk; actions are not years late).
  let day = dueOn;
  for (let step = 1; step <= 260; step += 1) {
    day = workingDays.addWorkingDays(day, 1);
    if (day === today)
      return step % ACTION_REMINDERS.overdueEveryWorkingDays === 0 || step === 1 ? 'overdue' : undefined;
    if (day > today) return undefined;
  }
  return undefined;
}
