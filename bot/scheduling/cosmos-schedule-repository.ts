import type { Container } from '@azure/cosmos';
import {
  isConflict,
  isNotFound,
  isPreconditionFailed,
  withoutSystemProperties,
} from '../storage/cosmos-errors';
import type { OccurrenceClaim, Schedule } from './schedule';
import type { ScheduleRepository, WithEtag } from './schedule-repository';

/** Schedules and occurrence claims in the `tenantData` container, partitioned by tenant. */
export class CosmosScheduleRepository implements ScheduleRepository {
  constructor(private readonly container: Container) {}

  async create(schedule: Schedule): Promise<boolean> {
    return (await this.createIfAbsent(schedule)) !== undefined;
  }

  find(tenantId: string, id: string): Promise<WithEtag<Schedule> | undefined> {
    return this.read<Schedule>(tenantId, id, 'schedule');
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
    return resources.map(versioned);
  }

  async replaceIfUnchanged(schedule: WithEtag<Schedule>, next: Schedule): Promise<boolean> {
    return (await this.replace(schedule, next)) !== undefined;
  }

  async recheckTenant(tenantId: string, now: Date): Promise<void> {
    const { resources } = await this.container.items
      .query<WithEtag<Schedule>>(
        {
          query: 'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "schedule"',
          parameters: [{ name: '@tenantId', value: tenantId }],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    for (const stored of resources.map(versioned)) {
      const { _etag, ...schedule } = stored;
      // A lost race means a tick just moved it, with the new calendar already: fine.
      await this.replaceIfUnchanged(stored, { ...schedule, nextCheckAt: now.toISOString() });
    }
  }

  async remove(tenantId: string, id: string): Promise<void> {
    try {
      await this.container.item(id, tenantId).delete();
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  createClaim(claim: OccurrenceClaim): Promise<WithEtag<OccurrenceClaim> | undefined> {
    return this.createIfAbsent(claim);
  }

  findClaim(tenantId: string, id: string): Promise<WithEtag<OccurrenceClaim> | undefined> {
    return this.read<OccurrenceClaim>(tenantId, id, 'occurrence-claim');
  }

  replaceClaimIfUnchanged(
    claim: WithEtag<OccurrenceClaim>,
    next: OccurrenceClaim,
  ): Promise<WithEtag<OccurrenceClaim> | undefined> {
    return this.replace(claim, next);
  }

  async listClaims(tenantId: string, scheduleId: string): Promise<OccurrenceClaim[]> {
    const { resources } = await this.container.items
      .query<OccurrenceClaim>(
        {
          query:
            'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "occurrence-claim" ' +
            'AND c.scheduleId = @scheduleId ORDER BY c.occurrenceAt',
          parameters: [
            { name: '@tenantId', value: tenantId },
            { name: '@scheduleId', value: scheduleId },
          ],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    return resources.map((resource) => withoutSystemProperties<OccurrenceClaim>(resource as never));
  }

  /** Create is the lock: a 409 means the id is taken (for a claim: another instance has it). */
  private async createIfAbsent<T extends Schedule | OccurrenceClaim>(
    document: T,
  ): Promise<WithEtag<T> | undefined> {
    try {
      const { resource } = await this.container.items.create(document);
      return versioned(resource as WithEtag<T>);
    } catch (error) {
      if (isConflict(error)) return undefined;
      throw error;
    }
  }

  private async read<T extends { type: string }>(
    tenantId: string,
    id: string,
    type: T['type'],
  ): Promise<WithEtag<T> | undefined> {
    try {
      const { resource } = await this.container.item(id, tenantId).read<WithEtag<T>>();
      return resource && resource.type === type ? versioned(resource) : undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  private async replace<T extends { id: string; tenantId: string }>(
    current: WithEtag<T>,
    next: T,
  ): Promise<WithEtag<T> | undefined> {
    try {
      const { resource } = await this.container
        .item(current.id, current.tenantId)
        .replace<T>(next, { accessCondition: { type: 'IfMatch', condition: current._etag } });
      return resource ? versioned(resource as WithEtag<T>) : undefined;
    } catch (error) {
      if (isPreconditionFailed(error) || isNotFound(error)) return undefined;
      throw error;
    }
  }
}

function versioned<T>(resource: WithEtag<T>): WithEtag<T> {
  return { ...withoutSystemProperties<T>(resource as never), _etag: resource._etag };
}
