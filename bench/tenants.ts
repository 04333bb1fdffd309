import { HERIJKING_SCHEDULE_ID } from '../bot/domain/tenants/change-settings';
import { newSchedule } from '../bot/scheduling/schedule';
import { seedWerkgroep, type Werkgroep } from '../test/helpers/fan-out';
import { TestBot } from '../test/helpers/test-bot';
import { buildHistory, writeHistory } from './seed-history';
import { StoreRequestCounter, type StoreWindow } from './store-requests';
import { startTeamsLikeWorld } from './teams-like-world';

/** Thursday 1 October 2026, the quarter's first working day: every tenant opens its round at 09:00. */
const BEFORE_NINE = '2026-10-01T06:58:00Z';
const NINE = '2026-10-01T07:00:00Z';

export interface TenantsShape {
  tenants: number;
  /** Signals in each tenant's history (mostly closed). */
  signals: number;
  /** Werkgroep members per tenant. */
  members: number;
}

export interface TenantsFigures {
  shape: TenantsShape;
  /** One idle minute on both instances: each one's periodic checks and one safety pass of its dispatcher. */
  idleMinute: StoreWindow;
  /** The 09:00 pass of both instances' checks (the schedule sweep that opens every round). */
  sweep: StoreWindow & { ms: number };
  /** From 09:00 until every member and channel of every tenant has the round. */
  delivery: { ms: number; messages: number; lost: number; duplicates: number; throttled: number };
  /** Store requests while the round went out (claims, records, reads), per message. */
  deliveryStore: StoreWindow;
  /** An idle minute again, now with every tenant's round open (two weeks of the quarter). */
  idleMinuteRoundsOpen: StoreWindow;
}

const tenantId = (index: number) => `${String(index + 1).padStart(8, '0')}-0000-4000-8000-00000000beef`;

/**
 * Many municipalities on one deployment: `tenants` tenants, each with a history and a werkgroep,
 * on two instances sharing one store and one (rate-limiting) Teams. Measures what an idle minute
 * costs, the 09:00 schedule sweep on herijking day, and how long until every round has arrived.
 */
export async function measureTenants(shape: TenantsShape): Promise<TenantsFigures> {
  const { cosmos, store, connector } = await startTeamsLikeWorld('tenants');
  const counter = new StoreRequestCounter(cosmos.agent);
  const first = await TestBot.start({
    store,
    connector,
    now: BEFORE_NINE,
    realTime: true,
    runDispatcherLoop: true,
  });
  const second = await TestBot.start({
    store,
    connector,
    now: BEFORE_NINE,
    realTime: true,
    runDispatcherLoop: true,
    instance: 'second',
  });
  const instances = [first, second];
  try {
    const werkgroepen: Werkgroep[] = [];
    for (let index = 0; index < shape.tenants; index += 1) {
      const tenant = tenantId(index);
      const now = first.clock.now();
      const werkgroep = await seedWerkgroep(store, tenant, shape.members, connector.url, now);
      werkgroepen.push(werkgroep);
      await writeHistory(
        store,
        buildHistory({
          tenantId: tenant,
          signals: shape.signals,
          open: Math.min(20, shape.signals),
          coordinatorId: werkgroep.memberIds[0] as string,
          reporterIds: werkgroep.memberIds,
          now,
        }),
      );
      const { herijking } = await first.app.services.tenantSettings.get(tenant);
      await first.app.services.schedules.create(
        newSchedule(
          {
            id: HERIJKING_SCHEDULE_ID,
            tenantId: tenant,
            kind: 'herijking-open',
            rrule: herijking.rrule,
            startsOn: '2026-01-01',
            localTime: herijking.localTime,
            shiftToWorkingDay: true,
            payload: {},
          },
          // Linked the day before: no missed occurrence to catch up on (that would open Q3 late).
          new Date('2026-09-30T12:00:00Z'),
        ),
      );
    }
    progress(`seeded ${shape.tenants} tenants`);
    // Settle: the first checks find every schedule's next occurrence (09:00 today).
    await Promise.all(instances.map((bot) => bot.app.runPeriodicChecks()));
    await pause(1_000);

    const idleMinute = await idleMinuteOf(instances, counter);
    progress('idle minute measured; 09:00');

    // 09:00: both instances' minute ticks find every tenant's herijking due.
    const wanted = new Set(werkgroepen.flatMap((werkgroep) => werkgroep.conversationIds));
    const sentBefore = connector.sent.length;
    const throttledBefore = connector.throttled;
    for (const bot of instances) bot.clock.set(NINE);
    const started = performance.now();
    await Promise.all(instances.map((bot) => bot.app.runPeriodicChecks()));
    const sweepMs = performance.now() - started;
    const sweep = { ...counter.restart(), ms: sweepMs };
    const arrived = () => connector.sent.slice(sentBefore).filter((sent) => wanted.has(sent.conversationId));
    let doneAt: number | undefined;
    let lastCount = -1;
    let lastChange = performance.now();
    for (;;) {
      const now = performance.now();
      const count = arrived().length;
      if (count !== lastCount) {
        lastCount = count;
        lastChange = now;
      }
      if (new Set(arrived().map((sent) => sent.conversationId)).size === wanted.size) {
        doneAt = now;
        break;
      }
      if (now - lastChange > 15_000) break;
      await pause(20);
    }
    await pause(1_000);
    const deliveryStore = counter.restart();
    const idleMinuteRoundsOpen = await idleMinuteOf(instances, counter);
    const perConversation = new Map<string, number>();
    for (const sent of arrived())
      perConversation.set(sent.conversationId, (perConversation.get(sent.conversationId) ?? 0) + 1);
    return {
      shape,
      idleMinute,
      sweep,
      delivery: {
        ms: (doneAt ?? lastChange) - started,
        messages: wanted.size,
        lost: wanted.size - perConversation.size,
        duplicates: [...perConversation.values()].reduce((sum, count) => sum + count - 1, 0),
        throttled: connector.throttled - throttledBefore,
      },
      deliveryStore,
      idleMinuteRoundsOpen,
    };
  } finally {
    await second.stop();
    await first.stop();
    await connector.close();
    await cosmos.close();
  }
}

/** An idle minute: each instance's periodic checks (once a minute) and one safety pass of its dispatcher. */
async function idleMinuteOf(instances: TestBot[], counter: StoreRequestCounter): Promise<StoreWindow> {
  counter.restart();
  for (const bot of instances) {
    await bot.app.runPeriodicChecks();
    await bot.app.dispatcher.runOnce();
    await bot.app.dispatcher.nextDueAt();
  }
  return counter.restart();
}

const progress = (text: string) => process.stderr.write(`  ${text}\n`);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
