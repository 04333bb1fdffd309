import { stableId } from '../ids';
import type { Recurrence } from './recurrence';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Something that happens again and again for a tenant (the quarterly herijking opening, an
 * action reminder). Stored in `tenantData`; the tick runs the handler registered for `kind`.
 */
export interface Schedule extends Recurrence {
  id: string;
  type: 'schedule';
  tenantId: string;
  /** Which handler runs it, e.g. 'herijking-open', 'action-reminder'. */
  kind: string;
  /** What the handler needs (ids, not personal data). */
  payload: JsonValue;
  /** The last occurrence that ran or was skipped; occurrences up to it are settled. */
  lastOccurrenceAt?: string;
  /**
   * When the tick should look at this schedule next (ISO instant). Lets the tick read only due
   * schedules; `null` when the rule has ended. After changing a tenant's non-working days, set it
   * to now so it is recomputed.
   */
  nextCheckAt: string | null;
  createdAt: string;
}

/**
 * The record that one occurrence of a schedule is taken. Its id is derived from the schedule and
 * the occurrence instant, so creating it is the lock: a 409 means another instance has it.
 */
export interface OccurrenceClaim {
  id: string;
  type: 'occurrence-claim';
  tenantId: string;
  scheduleId: string;
  kind: string;
  occurrenceAt: string;
  /** running: a handler has (or had) it; done: it ran; skipped: superseded by a later one; failed: gave up. */
  status: 'running' | 'done' | 'skipped' | 'failed';
  /** Until when the running instance holds it; after that another tick may take it over. */
  leaseUntil: string;
  attempts: number;
  claimedAt: string;
  finishedAt?: string;
}

export function occurrenceClaimId(scheduleId: string, occurrenceAt: Date): string {
  return `occurrence:${stableId(scheduleId, occurrenceAt.toISOString())}`;
}

/** A new schedule; the first tick after `createdAt` computes when it is first due. */
export function newSchedule(
  fields: Pick<Schedule, 'id' | 'tenantId' | 'kind' | 'rrule' | 'startsOn' | 'localTime' | 'payload'> &
    Partial<Pick<Schedule, 'shiftToWorkingDay' | 'leadWorkingDays' | 'timeZone'>>,
  createdAt: Date,
): Schedule {
  return {
    shiftToWorkingDay: false,
    ...fields,
    type: 'schedule',
    nextCheckAt: createdAt.toISOString(),
    createdAt: createdAt.toISOString(),
  };
}

/**
 * The schedule on a new rule or time, counting from now: a date the new rule would have had in the
 * past does not run late. Undefined when it has this rule and time already (nothing to write).
 */
export function withNewRule(
  schedule: Schedule,
  rrule: string,
  localTime: string,
  now: Date,
): Schedule | undefined {
  if (schedule.rrule === rrule && schedule.localTime === localTime) return undefined;
  const at = now.toISOString();
  return {
    ...schedule,
    rrule,
    localTime,
    lastOccurrenceAt:
      schedule.lastOccurrenceAt && schedule.lastOccurrenceAt > at ? schedule.lastOccurrenceAt : at,
    nextCheckAt: at,
  };
}
