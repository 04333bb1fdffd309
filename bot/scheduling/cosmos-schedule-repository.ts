import type { Container } from '@azure/cosmos';
import { CosmosDocuments, versioned } from '../storage/cosmos-documents';
import type { OccurrenceClaim, Schedule } from './schedule';
import type { ScheduleRepository, WithEtag } from './schedule-repository';

/**
 * Schedules and occurrence claims in the `tenantData` container, partitioned by tenant. Every
 * write goes through CosmosDocuments: a create is the lock (409 = taken), a change is on the ETag.
 */
export class CosmosScheduleRepository implements ScheduleRepository {
  private readonly schedules: CosmosDocuments<Schedule>;
  private readonly claims: CosmosDocuments<OccurrenceClaim>;

  constructor(private readonly container: Container) {
    this.schedules = new CosmosDocuments<Schedule>(container, 'schedule');
    this.claims = new CosmosDocuments<OccurrenceClaim>(container, 'occurrence-claim');
  }

  create(schedule: Schedule): Promise<boolean> {
    return this.schedules.createIfAbsent(schedule);
  }

  find(tenantId: string, id: string): Promise<WithEtag<Schedule> | undefined> {
    return this.schedules.find(tenantId, id);
  }

  /**
   * Crosses tenants on purpose: the scheduler is an operator job that serves every tenant. It
   * reads only schedules that are due (filter on `nextCheckAt`), not every schedule each minute.
   */
  async findDue(now: Date, limit: number): Promise<WithEtag<Schedule>[]> {
    const { resources } = await this.container.items
      .query<WithEtag<Schedule>>({
        query:
          'SELECT TOP @limit * FROM c WHERE c.type = "schedule" AND IS_STRING(c.nextCheckAt) ' +
          'AND c.nextCheckAt <= @now ORDER BY c.nextCheckAt',
        parameters: [
          { name: '@limit', value: limit },
          { name: '@now', value: now.toISOString() },
        ],
      })
      .fetchAll();
    return resources.map((resource) => versioned<Schedule>(resource));
  }

  replaceIfUnchanged(schedule: WithEtag<Schedule>, next: Schedule): Promise<boolean> {
    return this.schedules.replace(next, schedule._etag);
  }

  update(
    tenantId: string,
    id: string,
    change: (current: Schedule | undefined) => Schedule | undefined,
  ): Promise<WithEtag<Schedule> | undefined> {
    return this.schedules.update(tenantId, id, change);
  }

  async recheckTenant(tenantId: string, now: Date): Promise<void> {
    const stored = await this.schedules.list(tenantId);
    // Side by side, each on its own ETag. A lost race means a tick just moved it, with the new
    // calendar already: fine.
    await Promise.all(
      stored.map(({ _etag, ...schedule }) =>
        this.schedules.tryReplace({ ...schedule, nextCheckAt: now.toISOString() }, _etag),
      ),
    );
  }

  remove(tenantId: string, id: string): Promise<void> {
    return this.schedules.remove(tenantId, id);
  }

  /** Create is the lock: undefined means the id is taken (another instance has this occurrence). */
  createClaim(claim: OccurrenceClaim): Promise<WithEtag<OccurrenceClaim> | undefined> {
    return this.claims.tryCreate(claim);
  }

  findClaim(tenantId: string, id: string): Promise<WithEtag<OccurrenceClaim> | undefined> {
    return this.claims.find(tenantId, id);
  }

  /** Gives up on a lost race: claimOccurrence decides what that means (another instance has it). */
  replaceClaimIfUnchanged(
    claim: WithEtag<OccurrenceClaim>,
    next: OccurrenceClaim,
  ): Promise<WithEtag<OccurrenceClaim> | undefined> {
    return this.claims.tryReplace(next, claim._etag);
  }

  async listClaims(tenantId: string, scheduleId: string): Promise<OccurrenceClaim[]> {
    const claims = await this.claims.list(
      tenantId,
      'AND c.scheduleId = @scheduleId',
      [{ name: '@scheduleId', value: scheduleId }],
      'ORDER BY c.occurrenceAt',
    );
    return claims.map(({ _etag, ...claim }) => claim);
  }
}
