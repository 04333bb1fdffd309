import type { TestBot, TestUser } from '../test/helpers/test-bot';
import { mainThreadCpuMs } from './process-cpu';
import { median, timed } from './stats';
import { burstOf } from './turns';

/** A burst of ten submits against one submit, medians over the rounds. */
export interface BurstFigures {
  /** Wall time of one submit, ms. */
  single: number;
  /** Wall time until all ten submits were answered, ms. */
  ten: number;
  /** CPU time of this process (bot and embedded store) until the ten were answered, ms. */
  tenCpu: number;
  /**
   * The same for the main thread alone: the bot's event loop (with the bench's client and
   * connector, and the store when it runs on this thread, not when it has a thread of its own).
   */
  tenMainThreadCpu: number;
  /** From the ten's start until the coordinator had all ten notices, ms (the outbox's part). */
  tenNoticed: number;
  /** Outbox passes that started before the last of the ten was answered. */
  passesBefore: number;
  /**
   * The same shape for the bare echo bot, in the same rounds: one turn, and ten at once. What a
   * burst costs any bot on one event loop whose turns are CPU, the floor the submits' ratio meets.
   */
  echo?: { single: number; ten: number };
}

/** How long the bench waits for the burst's notices before it gives up on a round. */
const NOTICES_WITHIN_MS = 10_000;

/**
 * Ten people with the report form open submit at the same moment, against one submit, interleaved
 * (`rounds` of each). The coordinator's notices leave through the outbox after the answers; the
 * time until the last arrives is measured too, so work that gives way to turns shows its price.
 */
export async function measureBurst(
  bot: TestBot,
  coordinator: TestUser,
  rounds: number,
  /** Names the people apart from an earlier call's (new people, each with their first-turn welcome). */
  firstRound = 0,
  /** One echo turn: measured as one and as ten at once in each round, beside the submits. */
  echoOnce?: () => Promise<void>,
): Promise<BurstFigures> {
  const echoSingle: number[] = [];
  const echoTen: number[] = [];
  const single: number[] = [];
  const ten: number[] = [];
  const tenCpu: number[] = [];
  const tenMainThreadCpu: number[] = [];
  const tenNoticed: number[] = [];
  // Outbox passes that started before the last answer (work that competed with the turns).
  const dispatcher = bot.app.dispatcher;
  const runOnce = dispatcher.runOnce.bind(dispatcher);
  let passStarts: number[] = [];
  dispatcher.runOnce = () => {
    passStarts.push(performance.now());
    return runOnce();
  };
  const passesBefore: number[] = [];
  for (let round = firstRound; round < firstRound + rounds; round += 1) {
    // A minute between bursts, so the coordinator's chat is not still inside Teams' pace (60 in
    // 30 s per conversation) from the burst before; time in the bench stands still otherwise.
    bot.clock.advance(60_000);
    const one = await burstOf(bot, 1, round * 2);
    await settle(coordinator);
    const oneStart = performance.now();
    await one();
    single.push(performance.now() - oneStart);
    await settle(coordinator);
    const many = await burstOf(bot, 10, round * 2 + 1);
    const before = coordinator.received().length;
    // Bot and embedded store share this process: CPU close to the wall time means the burst waits
    // for the processor, not for the counter.
    const cpuBefore = process.cpuUsage();
    const mainBefore = mainThreadCpuMs();
    passStarts = [];
    const start = performance.now();
    await many();
    const end = performance.now();
    ten.push(end - start);
    passesBefore.push(passStarts.filter((at) => at < end).length);
    const cpu = process.cpuUsage(cpuBefore);
    tenMainThreadCpu.push(mainThreadCpuMs() - mainBefore);
    tenCpu.push((cpu.user + cpu.system) / 1000);
    // Only now polled, so the polling costs the ten nothing.
    const deadline = start + NOTICES_WITHIN_MS;
    while (coordinator.received().length < before + 10 && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 2));
    tenNoticed.push(
      coordinator.received().length >= before + 10 ? performance.now() - start : Number.POSITIVE_INFINITY,
    );
    if (echoOnce) {
      await settle(coordinator);
      echoSingle.push(await timed(echoOnce));
      echoTen.push(await timed(() => Promise.all(Array.from({ length: 10 }, echoOnce))));
    }
  }
  if (process.env.BENCH_VERBOSE)
    console.error({ single, ten, tenCpu, tenMainThreadCpu, tenNoticed, passesBefore });
  dispatcher.runOnce = runOnce;
  return {
    single: median(single),
    ten: median(ten),
    tenCpu: median(tenCpu),
    tenMainThreadCpu: median(tenMainThreadCpu),
    tenNoticed: median(tenNoticed),
    passesBefore: median(passesBefore),
    echo: echoOnce ? { single: median(echoSingle), ten: median(echoTen) } : undefined,
  };
}

/** Lets the notices of what came before leave first, so they are not charged to what is measured. */
async function settle(coordinator: TestUser): Promise<void> {
  const start = performance.now();
  let seen = coordinator.received().length;
  // Quiet for 100 ms: nothing more arrived.
  for (let quietSince = performance.now(); performance.now() - quietSince < 100; ) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const now = coordinator.received().length;
    if (now !== seen) {
      seen = now;
      quietSince = performance.now();
    }
    if (performance.now() - start > NOTICES_WITHIN_MS) break;
  }
}
