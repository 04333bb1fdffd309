import { setTimeout as sleep } from 'node:timers/promises';
import { CaptureConnector } from '../test/helpers/capture-connector';
import { person, personalChat, TestUser } from '../test/helpers/test-bot';
import { startEchoProcess } from './child-processes';
import { processCpuMs } from './process-cpu';
import type { ProductionProcess } from './production-process';
import { RemoteBot } from './remote-bot';
import { median, percentile, timed } from './stats';
import { echoTurn, turnKinds } from './turns';

/** One turn kind against the production build: wall time and the CPU of each side's process. */
export interface ProductionTurn {
  p50: number;
  p99: number;
  ratio: number;
  /** Median CPU time of the bot's process per turn, until the answer and after it (finish mark, notices). */
  cpu: number;
  cpuAfterAnswer: number;
  /** Median CPU time of the echo process per echo turn. */
  echoCpu: number;
  /** Median CPU time of the store's process per turn (Azure's, in production). */
  storeCpu: number;
}

/** Time for what a turn sets off after its answer (the finish mark, a submit's notices) to run. */
const SETTLE_MS = 50;

/**
 * The bench's turn kinds (bench/turns.ts) posted over HTTP to the production build in its own
 * process, each right after an echo turn to the echo bot in its own process: both compiled, both
 * under plain `node`, both across the same loopback HTTP boundary to a capture connector in this
 * process. Per turn: wall time in this process, and the CPU time of the bot's (or echo's) process
 * from just before the request until SETTLE_MS after the answer (bench/process-cpu.ts).
 */
export async function measureProductionTurns(
  production: ProductionProcess,
  names: { coordinator: string; reporter: string },
  openReference: string,
  rounds: number,
): Promise<Map<string, ProductionTurn>> {
  const echo = await startEchoProcess();
  const echoConnector = await CaptureConnector.start();
  const botConnector = await CaptureConnector.start();
  try {
    const remote = new RemoteBot(production.url, botConnector);
    const coordinator = new TestUser(remote, person(names.coordinator), personalChat(names.coordinator));
    const reporter = new TestUser(remote, person(names.reporter), personalChat(names.reporter));
    const echoOnce = () => echoTurn(echo, echoConnector);
    const kinds = turnKinds(coordinator, reporter, openReference);
    // Warm-up: profiles and welcomes, connections, and a fresh process's JIT for every kind.
    for (let i = 0; i < 3; i += 1) {
      await coordinator.says('help');
      await reporter.says('help');
      await echoOnce();
    }
    for (let i = 0; i < 2; i += 1) {
      for (const kind of kinds) {
        await kind.prepare?.();
        await kind.run();
        await echoOnce();
      }
    }
    const samples = new Map(
      kinds.map((kind) => [
        kind.label,
        {
          bot: [] as number[],
          echo: [] as number[],
          cpu: [] as number[],
          after: [] as number[],
          echoCpu: [] as number[],
          store: [] as number[],
        },
      ]),
    );
    /** Wall time; CPU of `pid` until the answer and in the SETTLE_MS after it; the store's CPU. */
    const measured = async (pid: number, run: () => Promise<unknown>) => {
      const storeBefore = await processCpuMs(production.storePid);
      const before = await processCpuMs(pid);
      const ms = await timed(run);
      const answered = await processCpuMs(pid);
      await sleep(SETTLE_MS);
      const settled = await processCpuMs(pid);
      const store = (await processCpuMs(production.storePid)) - storeBefore;
      return { ms, cpu: settled - before, after: settled - answered, store };
    };
    for (let round = 0; round < rounds; round += 1) {
      for (const kind of kinds) {
        const sample = samples.get(kind.label) as NonNullable<ReturnType<typeof samples.get>>;
        await kind.prepare?.();
        await sleep(SETTLE_MS);
        const echoed = await measured(echo.pid, echoOnce);
        sample.echo.push(echoed.ms);
        sample.echoCpu.push(echoed.cpu);
        const turn = await measured(production.pid, () => kind.run());
        sample.bot.push(turn.ms);
        sample.cpu.push(turn.cpu);
        sample.after.push(turn.after);
        sample.store.push(turn.store);
      }
    }
    const turns = new Map<string, ProductionTurn>();
    for (const [label, sample] of samples) {
      turns.set(label, {
        p50: median(sample.bot),
        p99: percentile(sample.bot, 0.99),
        ratio: median(sample.bot) / median(sample.echo),
        cpu: median(sample.cpu),
        cpuAfterAnswer: median(sample.after),
        echoCpu: median(sample.echoCpu),
        storeCpu: median(sample.store),
      });
    }
    return turns;
  } finally {
    await echo.close();
    await echoConnector.close();
    await botConnector.close();
  }
}
