import type { Container } from '@azure/cosmos';
import { stableId } from '../ids';
import { isConflict, isNotFound } from './cosmos-errors';

/**
 * Remembers which incoming activities were handled, so a Teams redelivery of the same activity
 * is answered once. A turn that fails releases its claim so that the retry can run it again.
 */
const DEDUPE_MARKER_TTL_SECONDS = 7 * 24 * 3600;

export class CosmosProcessedActivities {
  constructor(private readonly container: Container) {}

  /** True if this caller is the first to handle the activity. */
  async claim(tenantId: string, activityId: string, now: Date): Promise<boolean> {
    try {
      await this.container.items.create({
        id: documentId(activityId),
        type: 'processed-activity',
        tenantId,
        at: now.toISOString(),
        // Teams redelivers within minutes; a week is ample, and Azure Cosmos DB removes it after.
        ttl: DEDUPE_MARKER_TTL_SECONDS,
      });
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      throw error;
    }
  }

  async release(tenantId: string, activityId: string): Promise<void> {
    try {
      await this.container.item(documentId(activityId), tenantId).delete();
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}

function documentId(activityId: string): string {
  return `activity:${stableId(activityId)}`;
}
