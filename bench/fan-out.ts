import { TEAMS_LIMITS } from '../test/helpers/capture-connector';
import {
  announce,
  type FanOutFigures,
  measureFanOut,
  openHerijking,
  seedWerkgroep,
} from '../test/helpers/fan-out';
import { TENANT, TestBot } from '../test/helpers/test-bot';
import { startTeamsLikeWorld } from './teams-like-world';

/** The herijking opens on the first working day of a quarter (a Thursday), at 09:00 Amsterdam time. */
const HERIJKING_DAY = '2026-10-01T07:00:00Z';
/** Teams' limit per app per tenant: the floor under any fan-out's time. */
const TENANT_RATE = TEAMS_LIMITS.perTenant[0]?.count ?? 50;

/**
 * How long to watch for late duplicates once every message arrived, and to pause between rows so
 * Teams' one-second tenant window is empty again. `--quick` only checks that the rows still run.
 */
export interface FanOutWaits {
  afterAllMs: number;
  betweenRowsMs: number;
}

const THOROUGH: FanOutWaits = { afterAllMs: 1_000, betweenRowsMs: 1_500 };

export interface FanOutRun {
  label: string;
  figures: FanOutFigures;
  /** messages / Teams' tenant rate. */
  floorMs: number;
}

/**
 * A werkgroep of `members` on the in-process store, a connector that enforces Teams' limits in
 * real time, and the bot's own dispatcher loop (woken by the writes) doing the work: a herijking
 * round and an announcement on one instance, then a round with two instances sending.
 */
export async function measureFanOuts(members: number, waits: FanOutWaits = THOROUGH): Promise<FanOutRun[]> {
  const runs: FanOutRun[] = [];
  const floor = (figures: FanOutFigures) => (figures.expected * 1000) / TENANT_RATE;
  {
    const { cosmos, store, connector } = await startTeamsLikeWorld('fanout');
    const bot = await TestBot.start({
      store,
      connector,
      now: HERIJKING_DAY,
      realTime: true,
      runDispatcherLoop: true,
    });
    try {
      const werkgroep = await seedWerkgroep(store, TENANT, members, connector.url, bot.clock.now());
      const round = await measureFanOut(
        connector,
        werkgroep.conversationIds,
        () => openHerijking(bot, TENANT),
        {
          afterAllMs: waits.afterAllMs,
        },
      );
      runs.push({
        label: `herijking round to ${members} members + channel, 1 instance`,
        figures: round,
        floorMs: floor(round),
      });
      await pause(waits.betweenRowsMs);
      const memberChats = werkgroep.conversationIds.slice(0, members);
      const announcement = await measureFanOut(
        connector,
        memberChats,
        () => announce(bot, werkgroep, 'one'),
        {
          afterAllMs: waits.afterAllMs,
        },
      );
      runs.push({
        label: `announcement to ${members} people, 1 instance`,
        figures: announcement,
        floorMs: floor(announcement),
      });
    } finally {
      await bot.stop();
      await connector.close();
      await cosmos.close();
    }
  }
  {
    const { cosmos, store, connector } = await startTeamsLikeWorld('fanout2');
    const first = await TestBot.start({
      store,
      connector,
      now: HERIJKING_DAY,
      realTime: true,
      runDispatcherLoop: true,
    });
    const second = await TestBot.start({
      store,
      connector,
      now: HERIJKING_DAY,
      realTime: true,
      runDispatcherLoop: true,
      instance: 'second',
    });
    try {
      const werkgroep = await seedWerkgroep(store, TENANT, members, connector.url, first.clock.now());
      // Worst case: both instances look at once (in production the second joins at its safety poll).
      const round = await measureFanOut(
        connector,
        werkgroep.conversationIds,
        async () => {
          await openHerijking(first, TENANT);
          second.app.services.kickDispatcher();
        },
        { afterAllMs: waits.afterAllMs },
      );
      runs.push({
        label: `herijking round to ${members} members + channel, 2 instances`,
        figures: round,
        floorMs: floor(round),
      });
      await pause(waits.betweenRowsMs);
      const memberChats = werkgroep.conversationIds.slice(0, members);
      const announcement = await measureFanOut(
        connector,
        memberChats,
        async () => {
          await Promise.all([announce(first, werkgroep, 'two'), announce(second, werkgroep, 'two')]);
        },
        { afterAllMs: waits.afterAllMs },
      );
      runs.push({
        label: `announcement to ${members} people, written on 2 instances at once`,
        figures: announcement,
        floorMs: floor(announcement),
      });
    } finally {
      await second.stop();
      await first.stop();
      await connector.close();
      await cosmos.close();
    }
  }
  return runs;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
