import assert from 'node:assert/strict';
import { createLogger } from '../bot/logger';
import { DeliveryPacer } from '../bot/outbox/delivery-pacer';
import {
  DEFAULT_DISPATCHER_OPTIONS,
  type OutboxDelivery,
  OutboxDispatcher,
} from '../bot/outbox/outbox-dispatcher';
import { newOutboxEntry, type OutboxEntry } from '../bot/outbox/outbox-entry';
import { CosmosOutboxRepository } from '../bot/storage/cosmos-outbox-repository';
import { ManualClock } from './helpers/manual-clock';
import { freshStore } from './helpers/shared-cosmos';

const TENANT = 'tenant-gemeente-a';
const PAUSE_MS = 5 * 60_000;

/**
 * A send that wakes late (the process was busy) looks for its next slot. If Teams paused the
 * tenant meanwhile (429 with a long Retry-After), that slot is minutes away: longer than the
 * claim's lease. Waiting it out while holding the claim would let another instance claim and
 * send the same message too, so the entry must be given back for later instead.
 */
describe('outbox: a late wake into a long pause gives the message back', () => {
  it('is not held past its lease and not sent inside the pause', async () => {
    const store = await freshStore();
    const outbox = new CosmosOutboxRepository(
      store.container('tenantData'),
      store.container('outboxHistory'),
    );
    const clock = new ManualClock('2027-03-01T09:00:00Z');
    const pacer = new DeliveryPacer();
    const sent: OutboxEntry[] = [];
    // Stands in for Teams: records what was handed over.
    const delivery: OutboxDelivery = {
      deliver: async (entry) => {
        sent.push(entry);
        return { kind: 'sent' };
      },
    };
    // The tenant's second is full, so the message's slot is a little later and it waits for it.
    const start = clock.now().getTime();
    for (let i = 0; i < 60; i += 1) pacer.reserve(TENANT, `someone-else-${i}`, start);
    // It wakes 400 ms late, and meanwhile Teams answered another send with 429 + Retry-After.
    const sleeps: number[] = [];
    const lateSleep = async (ms: number) => {
      sleeps.push(ms);
      clock.advance(ms + 400);
      pacer.pauseTenant(TENANT, clock.now().getTime() + PAUSE_MS);
    };
    const dispatcher = new OutboxDispatcher(
      outbox,
      delivery,
      async () => undefined,
      clock,
      createLogger('silent'),
      DEFAULT_DISPATCHER_OPTIONS,
      pacer,
      lateSleep,
    );
    await outbox.enqueue([
      newOutboxEntry(TENANT, 'notice:1', 'person-1', { kind: 'notice' } as never, clock.now()),
    ]);

    await dispatcher.runOnce();

    assert.deepEqual(sent, [], 'nothing sent while the tenant is paused');
    assert.ok(
      sleeps.every((ms) => ms < DEFAULT_DISPATCHER_OPTIONS.leaseMs / 2),
      `no wait that could outlast the claim's lease: ${sleeps.join(', ')} ms`,
    );
    const [entry] = await outbox.findDue(new Date(clock.now().getTime() + PAUSE_MS + 60_000), 10);
    assert.equal(entry?.id, 'outbox:notice:1', 'still waiting to be sent');
    assert.equal(entry?.leaseUntil, undefined, 'given back, not held under a claim');
    assert.ok(
      Date.parse(entry?.nextAttemptAt ?? '') >= clock.now().getTime() + PAUSE_MS - 1_000,
      'due again when the pause is over',
    );
  });
});
