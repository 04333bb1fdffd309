/**
 * `npm run bench` (`-- --quick` for a CI-sized run under a minute): Daadkracht's turns against a
 * bare echo bot, interleaved in one run, at two history sizes; store requests and documents per
 * turn; idle store requests; local-mode start-up, memory and idle CPU; the production build's (store in another process); a burst of submits. Prints
 * one table of ratios (absolute times on a shared machine are noise; ratios of medians are not).
 */
import type { Agent } from 'node:https';
import { cpus, loadavg, totalmem } from 'node:os';
import { openCosmosStore } from '../bot/storage/cosmos-store';
import { startLocalCosmosServer } from '../bot/storage/local-cosmos-server';
import { CaptureConnector } from '../test/helpers/capture-connector';
import { TENANT, TestBot } from '../test/helpers/test-bot';
import { type BurstFigures, measureBurst } from './burst';
import { measureDashboard } from './dashboard';
import { startEchoBot } from './echo-bot';
import { type FanOutRun, measureFanOuts } from './fan-out';
import { measureLocalMode } from './local-startup';
import { measureProductionMemory } from './production-memory';
import { startProductionBuild } from './production-process';
import { measureProductionTurns, type ProductionTurn } from './production-turns';
import { BENCH_COORDINATOR, seedBenchTenant } from './seed-bench-tenant';
import { median, percentile, timed } from './stats';
import { addStoreLatency, storeLatencyFromEnv } from './store-latency';
import { StoreRequestCounter, type StoreWindow } from './store-requests';
import { print, printTable, type Row } from './table';
import { measureTenants, type TenantsFigures } from './tenants';
import { echoTurn, type TurnKind, turnKinds } from './turns';

const quick = process.argv.includes('--quick');
const SIZES = process.env.BENCH_SIZES
  ? process.env.BENCH_SIZES.split(',').map(Number)
  : quick
    ? [50, 500]
    : [100, 10_000];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (quick ? 3 : 40));
const BURST_ROUNDS = Number(process.env.BENCH_BURST_ROUNDS ?? (quick ? 3 : 6));
/** `--burst`: only the burst rows (and the turns' with latency skipped), for measuring the burst alone. */
const BURST_ONLY = process.argv.includes('--burst');
/** `BENCH_STORE_LATENCY_MS=5`: the turns and the burst measured again with this round trip per store request. */
const STORE_LATENCY_MS = storeLatencyFromEnv();
const IDLE_MS = quick ? 1_000 : 60_000;
const NOW = '2026-11-25T10:00:00Z';
/** Werkgroep members in the fan-out runs (the figure is 1,000). */
const FAN_OUT_MEMBERS = Number(process.env.BENCH_FAN_OUT ?? (quick ? 50 : 1_000));
/** Nobody talks for this long before the idle window, so a turn's after-work is not counted as idle. */
const SETTLE_MS = quick ? 500 : 1_500;
const benchStarted = performance.now();

/** A phase begins: on stderr with the seconds since the start, so a slow phase shows where it is. */
function progress(message: string): void {
  console.error(`[${((performance.now() - benchStarted) / 1000).toFixed(1)} s] ${message}`);
}

interface TurnTimes {
  p50: number;
  p99: number;
  ratio: number;
}

interface SizeFigures {
  turns: Map<string, TurnTimes & { store: StoreWindow }>;
  burst: BurstFigures;
  /**
   * The turns and the burst again with `BENCH_STORE_LATENCY_MS` per store request, the store on a
   * thread of its own (a second bot and store, same history).
   */
  withLatency?: { ms: number; turns: Map<string, TurnTimes>; burst: BurstFigures };
  idlePerMinute: number;
  idleLog: string[];
  /**
   * The periodic checks' first pass of the day (schedules, reminders, the daily privacy jobs),
   * run by hand before the idle window: the seeded history holds months of technical documents
   * that the daily expiry would have removed day by day, and it removes them all at once here.
   */
  dailyPass?: StoreWindow & { ms: number };
  /** The same a day later: what a day's passes cost once the first has looked at the history. */
  nextDayPass?: StoreWindow & { ms: number };
  /** Not measured with `--burst`. */
  dashboard?: Awaited<ReturnType<typeof measureDashboard>>;
  /** Local mode in a child process; the quick run starts it once, with the larger history. */
  local?: Awaited<ReturnType<typeof measureLocalMode>>;
  /** The production build against a store in another process; measured with the local mode. */
  production?: Awaited<ReturnType<typeof measureProductionMemory>>;
  /** The same turns against the production build in its own process, the echo bot in another. */
  productionTurns: Map<string, ProductionTurn>;
}

async function measureSize(signals: number, withProcesses: boolean): Promise<SizeFigures> {
  const figures = await measureInProcess(signals, withProcesses);
  if (STORE_LATENCY_MS !== undefined)
    figures.withLatency = await measureWithLatency(signals, STORE_LATENCY_MS);
  return figures;
}

/**
 * As in production, roughly: the store on a thread of its own (Azure's CPU is not the bot's) and
 * a network's round trip per request. Only the turns and the burst.
 */
async function measureWithLatency(signals: number, ms: number): Promise<SizeFigures['withLatency']> {
  const figures = await measureInProcess(signals, false, { storeLatencyMs: ms });
  return { ms, turns: figures.turns, burst: figures.burst };
}

async function measureInProcess(
  signals: number,
  /** Local mode and the production build too, each in a process of its own (`--quick`: the larger size only). */
  withProcesses: boolean,
  /** Turns and burst only, with the store on its own thread and this round trip per request. */
  asInProduction?: { storeLatencyMs: number },
): Promise<SizeFigures> {
  const turnsAndBurstOnly = BURST_ONLY || asInProduction !== undefined;
  const cosmos = await startLocalCosmosServer({ onWorkerThread: asInProduction !== undefined });
  const counter = new StoreRequestCounter(cosmos.agent);
  const latency = addStoreLatency(cosmos.agent as Agent);
  const store = await openCosmosStore(
    { endpoint: cosmos.endpoint, key: 'bench-key', agent: cosmos.agent },
    'bench',
  );
  const coordinatorName = BENCH_COORDINATOR;
  const { history, coordinatorId } = await seedBenchTenant(store, { signals, now: NOW });
  const openReference = `OND-2026-${String(signals).padStart(4, '0')}`;

  const bot = await TestBot.start({
    store,
    now: NOW,
    coordinators: [coordinatorId],
    runDispatcherLoop: true,
    // The dashboard's API without a token, as the coordinator (explicit local mode, as `npm start` allows).
    env: { TAB_LOCAL_MODE: 'true', TAB_LOCAL_TENANT_ID: TENANT, TAB_LOCAL_USER_ID: coordinatorId },
  });
  const echo = await startEchoBot();
  const echoConnector = await CaptureConnector.start();
  const coordinator = bot.user(coordinatorName);
  const reporter = bot.user('Bench Reporter');
  const echoOnce = () => echoTurn(echo, echoConnector);
  try {
    // Warm-up: profiles, welcomes, JIT, connections.
    for (let i = 0; i < 3; i += 1) {
      await coordinator.says('help');
      await reporter.says('help');
      await echoOnce();
    }
    const kinds = turnKinds(coordinator, reporter, openReference);
    const turns: SizeFigures['turns'] = new Map();
    latency.set(asInProduction?.storeLatencyMs ?? 0);
    if (!BURST_ONLY) {
      progress('the turns');
      const samples = await timeTurns(kinds, echoOnce, ROUNDS);
      // Store requests per turn: the fewest seen in three tries (background passes only add).
      for (const kind of kinds) {
        let fewest: StoreWindow | undefined;
        for (let i = 0; i < 3; i += 1) {
          await kind.prepare?.();
          await counter.whenQuiet();
          counter.restart();
          await kind.run();
          // The finish mark leaves on a timer after the answer: it is part of the turn's cost.
          await bot.app.services.processedActivities.settled();
          const window = counter.restart();
          // Of equally few, the one with the most round trips in sequence: never flattered by overlap.
          if (
            !fewest ||
            window.requests < fewest.requests ||
            (window.requests === fewest.requests && window.sequential > fewest.sequential)
          )
            fewest = window;
        }
        turns.set(kind.label, { ...(samples.get(kind.label) as TurnTimes), store: fewest as StoreWindow });
      }
    }
    progress('the burst');
    const burst = await measureBurst(bot, coordinator, BURST_ROUNDS, 0, echoOnce);
    if (turnsAndBurstOnly) {
      await bot.stop();
      return { turns, burst, idlePerMinute: 0, idleLog: [], productionTurns: new Map() };
    }
    progress('the dashboard');
    const dashboard = await measureDashboard(bot.app.url, counter, ROUNDS);
    // Idle: nobody says anything; what does the bot still ask the store?
    progress('idle');
    await counter.whenQuiet();
    counter.restart();
    const dailyPassMs = await timed(() => bot.app.runPeriodicChecks());
    const dailyPass = { ...counter.restart(), ms: dailyPassMs };
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    counter.restart();
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const idle = counter.restart();
    // After the idle window: what the next day's pass sets in motion (its messages) is not idle.
    await counter.whenQuiet();
    counter.restart();
    bot.clock.set(new Date(bot.clock.now().getTime() + 24 * 3600_000).toISOString());
    const nextDayPassMs = await timed(() => bot.app.runPeriodicChecks());
    const nextDayPass = { ...counter.restart(), ms: nextDayPassMs };
    await bot.stop();
    const inProcess = { turns, burst, idle, dashboard, dailyPass, nextDayPass };
    if (!withProcesses) return sizeFigures({ ...inProcess, productionTurns: new Map() });
    progress('local mode');
    const local = await measureLocalMode(history, quick ? 1_000 : 10_000);
    // The production build: memory while idle first (a fresh process), then the same turns.
    progress('the production build');
    const productionProcess = await startProductionBuild(history, [coordinatorId]);
    try {
      const production = await measureProductionMemory(productionProcess, quick ? 1_000 : 10_000);
      const productionTurns = await measureProductionTurns(
        productionProcess,
        { coordinator: coordinatorName, reporter: 'Bench Reporter' },
        openReference,
        ROUNDS,
      );
      return sizeFigures({ ...inProcess, local, production, productionTurns });
    } finally {
      await productionProcess.stop();
    }
  } finally {
    await echo.close();
    await echoConnector.close();
    await cosmos.close();
  }
}

function sizeFigures(
  measured: Omit<SizeFigures, 'idlePerMinute' | 'idleLog'> & { idle: StoreWindow },
): SizeFigures {
  const { idle, ...rest } = measured;
  return { ...rest, idlePerMinute: (idle.requests * 60_000) / IDLE_MS, idleLog: idle.log };
}

/** Each kind right after an echo turn, `rounds` times; ratios of the medians. */
async function timeTurns(
  kinds: TurnKind[],
  echoOnce: () => Promise<void>,
  rounds: number,
): Promise<Map<string, TurnTimes>> {
  const samples = new Map(kinds.map((kind) => [kind.label, { bot: [] as number[], echo: [] as number[] }]));
  for (let round = 0; round < rounds; round += 1) {
    for (const kind of kinds) {
      const sample = samples.get(kind.label) as { bot: number[]; echo: number[] };
      await kind.prepare?.();
      sample.echo.push(await timed(echoOnce));
      sample.bot.push(await timed(() => kind.run()));
    }
  }
  const times = new Map<string, TurnTimes>();
  for (const [label, sample] of samples)
    times.set(label, {
      p50: median(sample.bot),
      p99: percentile(sample.bot, 0.99),
      ratio: median(sample.bot) / median(sample.echo),
    });
  return times;
}

/** `--tenants N`: only the many-municipalities scenario (bench/tenants.ts), with its own table. */
const TENANTS = process.argv.includes('--tenants')
  ? Number(process.argv[process.argv.indexOf('--tenants') + 1] ?? 50)
  : undefined;

/** `--fan-out`: only the fan-out rows (`BENCH_FAN_OUT` people), for measuring the pace alone. */
const FAN_OUT_ONLY = process.argv.includes('--fan-out');

async function main(): Promise<void> {
  if (TENANTS !== undefined) return printTenants(await measureTenantsNow(TENANTS));
  if (FAN_OUT_ONLY) {
    const runs = await measureFanOuts(FAN_OUT_MEMBERS);
    printTable(
      ['fan-out', 'time / floor, lost, dup, 429s'],
      runs.map((run) => fanOutRow(run, 1)),
    );
    print(`\n${machineLine()}`);
    return;
  }
  // The table compares a small history with a large one; say so before minutes of measuring, not after.
  if (!BURST_ONLY && (SIZES.length !== 2 || SIZES.some((size) => !Number.isInteger(size) || size < 1))) {
    console.error(
      `BENCH_SIZES takes two history sizes, small and large (e.g. 100,10000), not "${process.env.BENCH_SIZES}"`,
    );
    process.exitCode = 2;
    return;
  }
  const figures: SizeFigures[] = [];
  for (const size of SIZES) {
    progress(`measuring with ${size.toLocaleString('en')} signals in the tenant...`);
    figures.push(await measureSize(size, !quick || size === SIZES.at(-1)));
  }
  if (BURST_ONLY) {
    printTable(
      ['figure', ...SIZES.map((size) => `${size.toLocaleString('en')} signals (50 open)`)],
      burstRows(figures),
    );
    print(`\n${machineLine()}; ${BURST_ROUNDS} burst rounds`);
    return;
  }
  progress(`fan-out to ${FAN_OUT_MEMBERS.toLocaleString('en')} people...`);
  // `--quick` only checks that the rows still run: shorter watches for late duplicates.
  const fanOuts = await measureFanOuts(
    FAN_OUT_MEMBERS,
    quick ? { afterAllMs: 300, betweenRowsMs: 1_000 } : undefined,
  );
  const [small, large] = figures as [SizeFigures, SizeFigures];
  const rows: Row[] = [];
  for (const label of small.turns.keys()) {
    const a = small.turns.get(label);
    const b = large.turns.get(label);
    if (!a || !b) continue;
    rows.push({
      figure: `${label} / echo (p50, p99)`,
      values: [a, b].map((t) => `${t.ratio.toFixed(1)}x (${t.p50.toFixed(0)} / ${t.p99.toFixed(0)} ms)`),
    });
  }
  // `--quick` measures the production build at the larger size only: '–' in the other column.
  const production = (label: string, cell: (turn: ProductionTurn) => string) =>
    [small, large].map((f) => {
      const turn = f.productionTurns.get(label);
      return turn ? cell(turn) : '–';
    });
  for (const label of large.productionTurns.keys()) {
    rows.push({
      figure: `production build: ${label} / echo (p50, p99)`,
      values: production(
        label,
        (t) => `${t.ratio.toFixed(1)}x (${t.p50.toFixed(0)} / ${t.p99.toFixed(0)} ms)`,
      ),
    });
  }
  for (const label of large.productionTurns.keys()) {
    rows.push({
      figure: `production build: ${label}: CPU per turn / echo's (ms; after the answer; store process)`,
      values: production(
        label,
        (t) =>
          `${(t.cpu / t.echoCpu).toFixed(1)}x (${t.cpu.toFixed(1)} / ${t.echoCpu.toFixed(1)}; ${t.cpuAfterAnswer.toFixed(1)}; ${t.storeCpu.toFixed(1)})`,
      ),
    });
  }
  for (const label of small.turns.keys()) {
    const a = small.turns.get(label);
    const b = large.turns.get(label);
    if (!a || !b) continue;
    rows.push({
      figure: `${label}: store requests (sequential) / queries / docs`,
      values: [a, b].map(
        (t) => `${t.store.requests} (${t.store.sequential}) / ${t.store.queries} / ${t.store.documents}`,
      ),
    });
  }
  for (const label of ['open', 'mijn meldingen', 'submit of a report']) {
    const a = small.turns.get(label);
    const b = large.turns.get(label);
    if (a && b)
      rows.push({
        figure: `${label}: large / small history`,
        values: ['', `${(b.p50 / a.p50).toFixed(2)}x`],
      });
    const c = small.productionTurns.get(label);
    const d = large.productionTurns.get(label);
    if (c && d)
      rows.push({
        figure: `production build: ${label}: large / small history`,
        values: ['', `${(d.p50 / c.p50).toFixed(2)}x`],
      });
  }
  for (const label of small.turns.keys()) {
    const a = small.withLatency?.turns.get(label);
    const b = large.withLatency?.turns.get(label);
    if (!a || !b) continue;
    rows.push({
      figure: `store on its own thread, ${small.withLatency?.ms} ms per request: ${label} / echo (p50, p99)`,
      values: [a, b].map((t) => `${t.ratio.toFixed(1)}x (${t.p50.toFixed(0)} / ${t.p99.toFixed(0)} ms)`),
    });
  }
  rows.push(...burstRows(figures));
  const load = (l: { ms: number; store: StoreWindow }) =>
    `${l.ms.toFixed(0)} ms; ${l.store.requests} requests, ${l.store.documents} docs`;
  rows.push({
    figure: 'dashboard API: first look of the day',
    values: figures.map((f) => (f.dashboard ? load(f.dashboard.first) : '–')),
  });
  rows.push({
    figure: 'dashboard API: next looks (p50)',
    values: figures.map((f) => (f.dashboard ? load(f.dashboard.next) : '–')),
  });
  rows.push({
    figure: 'periodic checks, first pass of the day (retention and expiry over the seeded history)',
    values: figures.map((f) => (f.dailyPass ? load({ ms: f.dailyPass.ms, store: f.dailyPass }) : '–')),
  });
  rows.push({
    figure: 'periodic checks, the next day (the history looked at, nothing due)',
    values: figures.map((f) => (f.nextDayPass ? load({ ms: f.nextDayPass.ms, store: f.nextDayPass }) : '–')),
  });
  rows.push({
    figure: 'idle store requests per minute',
    values: figures.map((f) => f.idlePerMinute.toFixed(0)),
  });
  rows.push({
    figure: 'local mode: start-up',
    values: figures.map((f) => (f.local ? `${(f.local.startupMs / 1000).toFixed(1)} s` : '–')),
  });
  rows.push({
    figure: 'local mode: resident memory, idle',
    values: figures.map((f) => (f.local ? `${f.local.residentMb.toFixed(0)} MB` : '–')),
  });
  rows.push({
    figure: 'local mode: idle CPU (share of a core)',
    values: figures.map((f) => (f.local ? `${(f.local.idleCpuShare * 100).toFixed(1)}%` : '–')),
  });
  rows.push({
    figure: 'production build, store in another process: start-up',
    values: figures.map((f) => (f.production ? `${(f.production.startupMs / 1000).toFixed(1)} s` : '–')),
  });
  rows.push({
    figure: 'production build: resident memory, idle',
    values: figures.map((f) => (f.production ? `${f.production.residentMb.toFixed(0)} MB` : '–')),
  });
  rows.push({
    figure: 'production build: idle CPU (share of a core)',
    values: figures.map((f) => (f.production ? `${(f.production.idleCpuShare * 100).toFixed(1)}%` : '–')),
  });
  for (const run of fanOuts) rows.push(fanOutRow(run, SIZES.length));
  printTable(['figure', ...SIZES.map((size) => `${size.toLocaleString('en')} signals (50 open)`)], rows);
  print(`\n${machineLine()}; ${ROUNDS} rounds per turn kind${quick ? ' (--quick)' : ''}`);
  if (process.env.BENCH_VERBOSE) {
    for (const [label, t] of large.turns) print(`\n${label}:\n  ${t.store.log.join('\n  ')}`);
    print(`\nidle:\n  ${large.idleLog.slice(0, 40).join('\n  ')}`);
  }
}

async function measureTenantsNow(tenants: number): Promise<TenantsFigures> {
  const shape = {
    tenants,
    signals: Number(process.env.BENCH_TENANT_SIGNALS ?? 50),
    members: Number(process.env.BENCH_TENANT_MEMBERS ?? 15),
  };
  console.error(
    `${tenants} tenants, ${shape.signals} signals and ${shape.members} werkgroep members each...`,
  );
  return measureTenants(shape);
}

function printTenants(figures: TenantsFigures): void {
  const { shape, idleMinute, idleMinuteRoundsOpen, sweep, delivery, deliveryStore } = figures;
  const perTenant = (value: number) => (value / shape.tenants).toFixed(1);
  const rows: Row[] = [
    {
      figure: 'idle minute, both instances: store requests (queries) / documents read',
      values: [
        `${idleMinute.requests} (${idleMinute.queries}) / ${idleMinute.documents}`,
        `${perTenant(idleMinute.requests)} / ${perTenant(idleMinute.documents)}`,
      ],
    },
    {
      figure: 'idle minute with every round open: store requests (queries) / documents read',
      values: [
        `${idleMinuteRoundsOpen.requests} (${idleMinuteRoundsOpen.queries}) / ${idleMinuteRoundsOpen.documents}`,
        `${perTenant(idleMinuteRoundsOpen.requests)} / ${perTenant(idleMinuteRoundsOpen.documents)}`,
      ],
    },
    {
      figure:
        '09:00 sweep on both instances (opens every round): store requests (queries) / documents / time',
      values: [
        `${sweep.requests} (${sweep.queries}) / ${sweep.documents} / ${(sweep.ms / 1000).toFixed(1)} s`,
        `${perTenant(sweep.requests)} / ${perTenant(sweep.documents)} / ${(sweep.ms / shape.tenants).toFixed(0)} ms`,
      ],
    },
    {
      figure: 'delivery after the sweep: store requests (queries) / documents',
      values: [
        `${deliveryStore.requests} (${deliveryStore.queries}) / ${deliveryStore.documents}`,
        `${perTenant(deliveryStore.requests)} / ${perTenant(deliveryStore.documents)}`,
      ],
    },
    {
      figure: 'herijking day: every round delivered (from 09:00)',
      values: [
        `${(delivery.ms / 1000).toFixed(1)} s for ${delivery.messages} messages (${((delivery.messages * 1000) / delivery.ms).toFixed(0)} a second); lost ${delivery.lost}, dup ${delivery.duplicates}, 429s ${delivery.throttled}`,
        `${(delivery.ms / shape.tenants).toFixed(0)} ms`,
      ],
    },
  ];
  printTable([`figure (${shape.tenants} tenants, 2 instances)`, 'all tenants', 'per tenant'], rows);
  print(`\n${machineLine()}; ${shape.signals} signals and ${shape.members} werkgroep members per tenant`);
  if (process.env.BENCH_VERBOSE) {
    print(`\nidle minute:\n  ${idleMinute.log.join('\n  ')}`);
    print(`\nidle minute, rounds open:\n  ${idleMinuteRoundsOpen.log.join('\n  ')}`);
  }
}

/** What the figures were measured on: absolute times mean little without it. */
function machineLine(): string {
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  return `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, node ${process.version}, load ${load}`;
}

/** The burst's rows: without latency (all CPU here), and with the store's round trip when measured. */
function burstRows(figures: SizeFigures[]): Row[] {
  const rows: Row[] = [];
  const add = (label: string, burst: (f: SizeFigures) => BurstFigures | undefined) => {
    if (!figures.every((f) => burst(f))) return;
    const of = (f: SizeFigures) => burst(f) as BurstFigures;
    rows.push({
      figure: `${label}burst of 10 submits / 1 submit`,
      values: figures.map(
        (f) =>
          `${(of(f).ten / of(f).single).toFixed(1)}x (${of(f).ten.toFixed(0)} / ${of(f).single.toFixed(0)} ms)`,
      ),
    });
    rows.push({
      figure: `${label}burst of 10: CPU time of bot + store / wall time`,
      values: figures.map((f) => `${of(f).tenCpu.toFixed(0)} / ${of(f).ten.toFixed(0)} ms`),
    });
    rows.push({
      figure: `${label}burst of 10: CPU time of the bot's thread; outbox passes begun before the last answer`,
      values: figures.map((f) => `${of(f).tenMainThreadCpu.toFixed(0)} ms; ${of(f).passesBefore}`),
    });
    rows.push({
      figure: `${label}burst of 10: all ten notices at the coordinator after`,
      values: figures.map((f) => `${of(f).tenNoticed.toFixed(0)} ms`),
    });
    // The echo bot has no store: its row belongs beside the burst without latency only.
    if (!label && figures.every((f) => of(f).echo))
      rows.push({
        figure: `${label}the echo bot: 10 turns at once / 1 turn (a burst's floor on one event loop)`,
        values: figures.map((f) => {
          const echo = of(f).echo as { single: number; ten: number };
          return `${(echo.ten / echo.single).toFixed(1)}x (${echo.ten.toFixed(0)} / ${echo.single.toFixed(0)} ms)`;
        }),
      });
  };
  add('', (f) => f.burst);
  add(
    `store on its own thread, ${figures[0]?.withLatency?.ms} ms per request: `,
    (f) => f.withLatency?.burst,
  );
  return rows;
}

/** Time against Teams' floor (messages / 50 a second), lost, duplicates and 429s, in the last column. */
function fanOutRow(run: FanOutRun, columns: number): Row {
  const { figures } = run;
  const value =
    `${(figures.ms / run.floorMs).toFixed(2)}x the floor (${(figures.ms / 1000).toFixed(1)} s / ` +
    `${(run.floorMs / 1000).toFixed(1)} s); lost ${figures.lost}, dup ${figures.duplicates}, 429s ${figures.throttled}`;
  return {
    figure: `fan-out: ${run.label}`,
    values: [...Array.from({ length: columns - 1 }, () => ''), value],
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
