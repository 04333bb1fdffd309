import { randomUUID } from 'node:crypto';
import type { Container, JSONObject } from '@azure/cosmos';
import { stableId } from '../ids';
import { CosmosDocuments } from './cosmos-documents';
import { SameTickBulk } from './same-tick-bulk';

/**
 * Remembers which incoming activities were handled, so a Teams redelivery of the same activity
 * is answered once. The marker says whether the turn is still under way or finished: a turn
 * that fails releases it, and one whose process died leaves it "in progress" until its lease
 * runs out, after which a redelivery runs the turn again instead of being met with silence.
 */
const DEDUPE_MARKER_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Longer than any turn takes (each store call gives up after ~2.5 s) and than Teams' 15 s wait
 * for an answer, after which Teams treats the turn as failed and may deliver it again.
 */
export const TURN_LEASE_MS = 20_000;

/** What a caller may do with an activity. */
export type ActivityClaim =
  /** Run the turn: first delivery, or a turn whose process died mid-way. */
  | 'claimed'
  /** It was answered already; do nothing. */
  | 'finished'
  /** Another instance is running it right now; it will answer. */
  | 'in-progress';

interface Marker {
  id: string;
  type: 'processed-activity';
  tenantId: string;
  /** Absent on markers from before turns were told apart: those count as finished. */
  state?: 'in-progress' | 'finished';
  at: string;
  ttl: number;
  /**
   * Which claim wrote it: when the bulk request that carried the create failed as a whole, the
   * create is tried again alone, and a 409 with our own token means the first one had landed.
   */
  claimToken?: string;
}

export class CosmosProcessedActivities {
  /** Finish marks on their way, by marker: a claim of the same activity here waits for its mark. */
  private readonly finishing = new Map<string, Promise<void>>();

  /** The steps that go alone: the finish mark, the release, and the claim's read, replace or lone create. */
  private readonly markers: CosmosDocuments<Marker>;

  /**
   * The markers live in `tenantData`, beside the profile and roles every turn reads first: the
   * claim's create goes in the same bulk request as those reads (`together`, shared with the person
   * reads), so claiming costs no request of its own.
   */
  constructor(
    container: Container,
    private readonly together: SameTickBulk = new SameTickBulk(container),
  ) {
    this.markers = new CosmosDocuments<Marker>(container, 'processed-activity');
  }

  async claim(tenantId: string, activityId: string, now: Date, rounds = 3): Promise<ActivityClaim> {
    await this.finishing.get(finishingKey(tenantId, activityId));
    const marker = { ...newMarker(tenantId, activityId, 'in-progress', now), claimToken: randomUUID() };
    // The create is the lock: the first delivery of an activity wins it.
    const answer = await this.together.submit(tenantId, {
      operationType: 'Create',
      resourceBody: marker as unknown as JSONObject,
    });
    if (answer?.statusCode === 201) return 'claimed';
    // Refused for another reason than the marker being there (throttled, the request failed): alone.
    if (answer?.statusCode !== 409 && (await this.markers.createIfAbsent(marker))) return 'claimed';
    const existing = await this.markers.find(tenantId, marker.id);
    // Released between our create and our read: try again (a few times at most).
    if (!existing) return rounds > 1 ? this.claim(tenantId, activityId, now, rounds - 1) : 'in-progress';
    // Our own create, whose answer was lost with the bulk request's.
    if (existing.claimToken === marker.claimToken) return 'claimed';
    if (existing.state !== 'in-progress') return 'finished';
    if (now.getTime() - Date.parse(existing.at) < TURN_LEASE_MS) return 'in-progress';
    // The turn's process died mid-way: take the turn over, one taker only (ETag).
    return (await this.markers.replace(marker, existing._etag)) ? 'claimed' : 'in-progress';
  }

  /** The turn answered: a redelivery from now on does nothing. Whatever the marker said, this is the last word. */
  async finish(tenantId: string, activityId: string, now: Date): Promise<void> {
    await this.markers.upsert(newMarker(tenantId, activityId, 'finished', now));
  }

  /**
   * `finish` without holding up the turn's answer to Teams: the reply has been sent by then, and
   * until the mark lands the marker says "in progress", which a redelivery within the lease also
   * takes as "do nothing". What could go wrong is what already could: a process that dies before
   * the mark leaves the turn to be run again after the lease. A redelivery to this instance waits
   * for the mark (claim), and `settled` lets a stopping app wait for every mark.
   */
  finishSoon(tenantId: string, activityId: string, now: Date, failed: (error: unknown) => void): void {
    const key = finishingKey(tenantId, activityId);
    // Started on a timer, after the I/O already waiting (the answer's HTTP response, other turns'
    // requests and store answers): the mark is the one step of a turn nobody waits for.
    const done: Promise<void> = new Promise((started) => setTimeout(started, 0))
      .then(() => this.finish(tenantId, activityId, now))
      .catch(failed)
      .finally(() => {
        if (this.finishing.get(key) === done) this.finishing.delete(key);
      });
    this.finishing.set(key, done);
  }

  /** Resolves when every finish mark on its way has landed (or failed). */
  async settled(): Promise<void> {
    await Promise.all(this.finishing.values());
  }

  release(tenantId: string, activityId: string): Promise<void> {
    return this.markers.remove(tenantId, documentId(activityId));
  }
}

function newMarker(tenantId: string, activityId: string, state: Marker['state'], now: Date): Marker {
  return {
    id: documentId(activityId),
    type: 'processed-activity',
    tenantId,
    state,
    at: now.toISOString(),
    // Teams redelivers within minutes; a week is ample, and Azure Cosmos DB removes it after.
    ttl: DEDUPE_MARKER_TTL_SECONDS,
  };
}

function finishingKey(tenantId: string, activityId: string): string {
  return `${tenantId}\u0000${documentId(activityId)}`;
}

function documentId(activityId: string): string {
  return `activity:${stableId(activityId)}`;
}
