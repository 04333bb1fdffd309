import pino from 'pino';
import { CosmosScheduleRepository } from '../../bot/scheduling/cosmos-schedule-repository';
import { newSchedule, type Schedule } from '../../bot/scheduling/schedule';
import { SchedulerTick } from '../../bot/scheduling/scheduler-tick';
import { WorkingDayCalendar } from '../../bot/scheduling/working-days';
import { freshStore } from '../helpers/shared-cosmos';

export const TENANT = 'tenant-gemeente-a';
export const silentLogger = pino({ level: 'silent' });

/** A schedule repository on a database of its own on the in-process Cosmos server. */
export async function scheduleRepository(): Promise<CosmosScheduleRepository> {
  const store = await freshStore();
  return new CosmosScheduleRepository(store.container('tenantData'));
}

/** A tick with the default Dutch calendar and a handler that records what it was called with. */
export function recordingTick(repository: CosmosScheduleRepository, kind: string, calls: string[]) {
  const calendar = new WorkingDayCalendar();
  return new SchedulerTick(repository, () => calendar, silentLogger).on(kind, async (_schedule, at) => {
    calls.push(at.toISOString());
  });
}

export function herijkingSchedule(createdAt: Date, overrides: Partial<Schedule> = {}): Schedule {
  return {
    ...newSchedule(
      {
        id: 'schedule:herijking-open',
        tenantId: TENANT,
        kind: 'herijking-open',
        rrule: 'FREQ=MONTHLY;BYMONTH=1,4,7,10;BYMONTHDAY=1',
        startsOn: '2026-01-01',
        localTime: '09:00',
        shiftToWorkingDay: true,
        payload: { openWorkingDays: 10 },
      },
      createdAt,
    ),
    ...overrides,
  };
}

export function weeklyReminder(createdAt: Date, id = 'schedule:weekly-reminder'): Schedule {
  return newSchedule(
    {
      id,
      tenantId: TENANT,
      kind: 'action-reminder',
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
      startsOn: '2027-01-04',
      localTime: '09:00',
      payload: { actionId: 'action-1' },
    },
    createdAt,
  );
}

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;
