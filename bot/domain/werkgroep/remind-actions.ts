import { type Clock, dateInZone, MUNICIPAL_TIME_ZONE } from '../../clock';
import type { OutboxRepository } from '../../outbox/outbox-repository';
import { newOutboxEntry } from '../outbox-messages';
import type { WorkingDays, WorkingDaysOf } from '../signals/feedback-deadlines';
import type { ActionReminderSettings, TenantSettingsRepository } from '../tenants/tenant-settings';
import { actionReminder } from './actions';
import type { WerkgroepAction } from './werkgroep';
import type { WerkgroepStores } from './werkgroep-repositories';

export interface RemindActionsDeps {
  werkgroep: Pick<WerkgroepStores, 'actions'>;
  outbox: OutboxRepository;
  clock: Clock;
  workingDaysOf: WorkingDaysOf;
  tenantSettings: TenantSettingsRepository;
}

/**
 * Reminds owners of open actions on working days only: some days before the due date, on the
 * day, and weekly while overdue. Runs every minute on every instance; the outbox id holds the
 * date, so each reminder is sent once.
 *
 * Whether an action gets a reminder today is decided once a day (the first run of the day, or
 * the first run that sees the action, its owner or its due date changed), and only then are its
 * tenant's settings and calendar read. Reading them every minute for every tenant with open
 * actions cost a point read per tenant a minute on every instance, for a decision that changes
 * once a day; a settings change made during the day applies to the actions decided from then on
 * (new and changed ones) and to all of them the next day.
 */
export class ActionReminders {
  private day = '';
  /** What was decided today: action id, owner and due date as they were then. */
  private readonly decided = new Set<string>();

  constructor(private readonly deps: RemindActionsDeps) {}

  /** One minute's run; returns how many reminders were written. */
  async run(): Promise<number> {
    const { deps } = this;
    const now = deps.clock.now();
    const today = dateInZone(now, MUNICIPAL_TIME_ZONE);
    if (today !== this.day) {
      this.day = today;
      this.decided.clear();
    }
    // Only open actions are read: done ones pile up with the years.
    const byTenant = new Map<string, WerkgroepAction[]>();
    for (const action of await deps.werkgroep.actions.listAcrossTenants('open')) {
      if (action.status !== 'open' || this.decided.has(decisionKey(action))) continue;
      const actions = byTenant.get(action.tenantId) ?? [];
      actions.push(action);
      byTenant.set(action.tenantId, actions);
    }
    let sent = 0;
    for (const [tenantId, actions] of byTenant) {
      const settings = await deps.tenantSettings.get(tenantId);
      const workingDays = await deps.workingDaysOf(tenantId, settings);
      for (const action of actions) {
        // Never on a day the tenant does not work: weekends, holidays, its own closing days.
        const reminder = workingDays.isWorkingDay(today)
          ? reminderFor(action.dueOn, today, workingDays, settings.actionReminders)
          : undefined;
        if (reminder) {
          await deps.outbox.enqueue([
            newOutboxEntry(
              tenantId,
              `action-reminder:${action.id}:${reminder}:${today}`,
              action.ownerAadObjectId,
              actionReminder(action, reminder),
              now,
            ),
          ]);
          sent += 1;
        }
        // Decided only once written: a failed write is tried again the next minute.
        this.decided.add(decisionKey(action));
      }
    }
    return sent;
  }
}

const decisionKey = (action: WerkgroepAction) =>
  `${action.tenantId}\n${action.id}\n${action.ownerAadObjectId}\n${action.dueOn}`;

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
