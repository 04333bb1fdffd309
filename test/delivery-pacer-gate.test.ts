import assert from 'node:assert/strict';
import { DeliveryPacer, TEAMS_PACING } from '../bot/outbox/delivery-pacer';

const TENANT = 'tenant-gemeente-a';
const START = Date.parse('2027-03-01T09:00:00Z');

/** The most times in any window of `windowMs` (a window holds times t with start < t <= start + windowMs). */
function busiest(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let last = 0, first = 0; last < sorted.length; last += 1) {
    while ((sorted[last] as number) - (sorted[first] as number) >= windowMs) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/**
 * Teams counts a tenant's requests by when they arrive. The outbox reserves evenly spaced slots,
 * but a timer fires late when the process is busy, and the sends whose slots passed meanwhile
 * would then leave together. The pacer's gate counts when sends really leave: however late they
 * wake, no window of Teams' second (and the margin) holds more than Teams' 50.
 */
describe('outbox pacing: the gate on when sends leave', () => {
  it('spaces the outbox evenly: no two of its slots at the same moment', () => {
    const pacer = new DeliveryPacer();
    const slots: number[] = [];
    for (let i = 0; i < 100; i += 1) {
      const slot = pacer.slotFor(TENANT, `person-${i}`, START);
      pacer.reserve(TENANT, `person-${i}`, slot);
      slots.push(slot);
    }
    const gaps = slots.slice(1).map((slot, i) => slot - (slots[i] as number));
    assert.ok(Math.min(...gaps) >= 1_000 / 50, `slots at least 20 ms apart: ${Math.min(...gaps)}`);
    assert.ok(busiest(slots, 1_000) <= 50);
  });

  it('lets sends that all woke late catch up only as far as Teams’ limit allows', () => {
    const pacer = new DeliveryPacer();
    const { count, windowMs, marginMs } = TEAMS_PACING.tenantLimit;
    // A second of sends left on time.
    const left: number[] = [];
    let now = START;
    for (let i = 0; i < 46; i += 1) {
      const slot = pacer.slotFor(TENANT, `on-time-${i}`, now);
      pacer.reserve(TENANT, `on-time-${i}`, slot);
      now = Math.max(now, pacer.leaveAt(TENANT, slot));
      pacer.leave(TENANT, now);
      left.push(now);
    }
    // Then the process was busy for 300 ms: sixty sends wake at the same moment, each asking
    // the gate and leaving when it says (as OutboxDispatcher.dispatch does).
    for (let i = 0; i < 60; i += 1) {
      const slot = pacer.slotFor(TENANT, `late-${i}`, now);
      pacer.reserve(TENANT, `late-${i}`, slot);
    }
    now += 300;
    for (let i = 0; i < 60; i += 1) {
      now = Math.max(now, pacer.leaveAt(TENANT, now));
      pacer.leave(TENANT, now);
      left.push(now);
    }
    assert.ok(
      busiest(left, windowMs + marginMs) <= count,
      `at most ${count} in any ${windowMs + marginMs} ms: ${busiest(left, windowMs + marginMs)}`,
    );
  });

  it('counts a send from when its request really left, and a reply as it went', () => {
    const pacer = new DeliveryPacer();
    const { count, windowMs, marginMs } = TEAMS_PACING.tenantLimit;
    for (let i = 0; i < count - 1; i += 1) pacer.leave(TENANT, START + i);
    // The last of the fifty was handed over at START + 49 but its request left 200 ms later.
    pacer.leave(TENANT, START + 49);
    pacer.moveDeparture(TENANT, START + 49, START + 249);
    pacer.sentOutside(TENANT, START + 250);
    // The fifty before the next send are those at START + 1 ... START + 48, the moved one and the reply.
    assert.equal(pacer.leaveAt(TENANT, START + 300), START + 1 + windowMs + marginMs);
  });
});
