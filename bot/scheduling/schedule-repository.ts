import type { OccurrenceClaim, Schedule } from './schedule';

/** A stored document with the version needed to change it safely. */
export type WithEtag<T> = T & { _etag: string };

/** Where schedules and their occurrence claims live. */
export interface ScheduleRepository {
  /** Creates the schedule; false when one with that id exists. */
  create(schedule: Schedule): Promise<boolean>;
  find(tenantId: string, id: string): Promise<WithEtag<Schedule> | undefined>;
  /** Schedules of every tenant whose `nextCheckAt` has come: an operator job, not a user query. */
  findDue(now: Date, limit: number): Promise<WithEtag<Schedule>[]>;
  /** Replaces if unchanged since read; false when another instance changed it first. */
  replaceIfUnchanged(schedule: WithEtag<Schedule>, next: Schedule): Promise<boolean>;
  /**
   * Read, change, write on the ETag, and again on what another instance (a tick) wrote meanwhile:
   * `change` gets the stored schedule (undefined when there is none) and returns the next one, or
   * undefined when nothing needs writing. Answers the schedule as it now stands.
   */
  update(
    tenantId: string,
    id: string,
    change: (current: Schedule | undefined) => Schedule | undefined,
  ): Promise<WithEtag<Schedule> | undefined>;
  remove(tenantId: string, id: string): Promise<void>;
  /** Makes every schedule of the tenant due for a look now (its working days changed). */
  recheckTenant(tenantId: string, now: Date): Promise<void>;

  /** Creates the claim; undefined when it exists (another instance has, or had, this occurrence). */
  createClaim(claim: OccurrenceClaim): Promise<WithEtag<OccurrenceClaim> | undefined>;
  findClaim(tenantId: string, id: string): Promise<WithEtag<OccurrenceClaim> | undefined>;
  /** Returns the stored claim with its new ETag, or undefined when someone changed it first. */
  replaceClaimIfUnchanged(
    claim: WithEtag<OccurrenceClaim>,
    next: OccurrenceClaim,
  ): Promise<WithEtag<OccurrenceClaim> | undefined>;
  /** The claims of one schedule, oldest occurrence first (history and tests). */
  listClaims(tenantId: string, scheduleId: string): Promise<OccurrenceClaim[]>;
}
