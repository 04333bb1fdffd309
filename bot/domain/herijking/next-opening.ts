import type { Clock } from '../../clock';
import { nextOccurrenceAfter } from '../../scheduling/recurrence';
import type { ScheduleRepository } from '../../scheduling/schedule-repository';
import type { WorkingDaysOf } from '../signals/feedback-deadlines';
import { HERIJKING_SCHEDULE_ID } from '../tenants/change-settings';

export interface NextOpeningDeps {
  schedules: Pick<ScheduleRepository, 'find'>;
  workingDaysOf: WorkingDaysOf;
  clock: Clock;
}

/**
 * When the next herijking opens, by the tenant's own schedule; undefined when there is no schedule
 * yet (it is made when the werkgroep's channel is linked) or no opening ahead.
 */
export async function nextHerijkingOpening(
  deps: NextOpeningDeps,
  tenantId: string,
): Promise<Date | undefined> {
  const schedule = await deps.schedules.find(tenantId, HERIJKING_SCHEDULE_ID);
  if (!schedule) return undefined;
  return nextOccurrenceAfter(schedule, deps.clock.now(), await deps.workingDaysOf(tenantId));
}
