/**
 * `npm run bench:cpu`: the CPU time one turn of each kind costs this process (bot, embedded store,
 * test client and capture connector together), next to the same for an echo turn, and where it
 * goes: a V8 CPU profile per turn kind, its self time summed by package and its top functions.
 * Wall-clock ratios on a shared machine are noisy; CPU time per turn is not.
 * `BENCH_CPU_TURNS` (default 40) turns per kind; `BENCH_CPU_PROFILES=dir` also writes each
 * profile (.cpuprofile, opens in Chrome's DevTools) to that directory; `BENCH_CPU_KINDS=help,open`
 * measures only those kinds (labels as printed; the echo bot always).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { print, printTable } from './table';
import { startTurnBenchWorld } from './turn-bench-world';
import { echoTurn, type TurnKind, turnKinds } from './turns';

const TURNS = Number(process.env.BENCH_CPU_TURNS ?? 40);
const SIGNALS = Number(process.env.BENCH_CPU_SIGNALS ?? 100);
const PROFILES = process.env.BENCH_CPU_PROFILES;
const ONLY = process.env.BENCH_CPU_KINDS?.split(',').map((label) => label.trim());
const NOW = '2026-11-25T10:00:00Z';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Where a function lives: a package, node's own code, the project, or V8 (GC, idle, program). */
function owner(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const inModules = url.lastIndexOf('node_modules/');
  if (inModules >= 0) {
    const parts = url.slice(inModules + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  if (url.startsWith('node:')) return 'node (internals)';
  const project = url.match(/\/(bot|cards|bench|test)\//);
  return project ? `project ${project[1]}/` : url;
}

/** Self time per node, in ms, from the samples and their time deltas. */
function selfTimes(profile: Profile): Map<number, number> {
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i += 1) {
    const id = samples[i] as number;
    // A sample's delta is the time until the next sample: attribute it to this one.
    const ms = (deltas[i + 1] ?? 0) / 1000;
    self.set(id, (self.get(id) ?? 0) + ms);
  }
  return self;
}

/** Samples of the profiler stopping (inspector's `post`) are its own cost, not the turn's. */
function profilerItself(id: number, byId: Map<number, ProfileNode>, parent: Map<number, number>): boolean {
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
    if ((byId.get(at) as ProfileNode).callFrame.url === 'node:inspector') return true;
  return false;
}

/** Self time by package and top functions; total (inclusive) time by package, counted once per stack. */
function summarise(profile: Profile, turns: number) {
  const self = selfTimes(profile);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfByOwner = new Map<string, number>();
  const totalByOwner = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  for (const [id, ms] of self) {
    const node = byId.get(id) as ProfileNode;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || profilerItself(id, byId, parent)) continue;
    const who = owner(url, functionName);
    selfByOwner.set(who, (selfByOwner.get(who) ?? 0) + ms);
    const fn = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(bot|cards|bench|test)\//, '$1/')}:${lineNumber + 1}`;
    selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = (byId.get(at) as ProfileNode).callFrame;
      const up = owner(frame.url, frame.functionName);
      if (seen.has(up)) continue;
      seen.add(up);
      totalByOwner.set(up, (totalByOwner.get(up) ?? 0) + ms);
    }
  }
  const perTurn = (entries: Map<string, number>, top: number) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => `${(ms / turns).toFixed(2)} ms  ${name}`);
  return {
    busyMs: [...selfByOwner.values()].reduce((a, b) => a + b, 0) / turns,
    selfByOwner: perTurn(selfByOwner, 14),
    totalByOwner: perTurn(totalByOwner, 14),
    topFunctions: perTurn(selfByFunction, 20),
  };
}

async function main(): Promise<void> {
  const { echo, echoConnector, coordinator, reporter, openReference, close } = await startTurnBenchWorld(
    SIGNALS,
    NOW,
  );
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  const echoKind: TurnKind = { label: 'echo bot', run: () => echoTurn(echo, echoConnector) };
  const kinds = [
    echoKind,
    ...turnKinds(coordinator, reporter, openReference).filter((kind) => !ONLY || ONLY.includes(kind.label)),
  ];
  const rows: { figure: string; values: string[] }[] = [];
  const details: string[] = [];
  let echoCpu = Number.NaN;
  try {
    // Warm-up: profiles, welcomes, JIT, connections; every kind once.
    for (let i = 0; i < 3; i += 1) {
      await coordinator.says('help');
      await reporter.says('help');
    }
    for (const kind of kinds) {
      for (let i = 0; i < 5; i += 1) {
        await kind.prepare?.();
        await kind.run();
      }
    }
    for (const kind of kinds) {
      // Preparation (the form, the signal card) is outside both the CPU time and the profile.
      // What a turn sets off in the background (the outbox delivering a notice) settles first.
      let cpuMicros = 0;
      let wallMs = 0;
      for (let i = 0; i < TURNS; i += 1) {
        await kind.prepare?.();
        await settle();
        const before = process.cpuUsage();
        const start = performance.now();
        await kind.run();
        wallMs += performance.now() - start;
        const used = process.cpuUsage(before);
        cpuMicros += used.user + used.system;
      }
      // Profiled separately: the profiler's own cost stays out of the CPU time above. One profile
      // for all turns of the kind (starting the profiler costs ~0.2 s, so one per turn made a run
      // of 300 turns take over ten minutes); only the samples within a turn count.
      const windows: [number, number][] = [];
      await session.post('Profiler.start');
      for (let i = 0; i < TURNS; i += 1) {
        await kind.prepare?.();
        await settle();
        const start = monotonicMicros();
        await kind.run();
        windows.push([start, monotonicMicros()]);
      }
      const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
      const cpu = cpuMicros / 1000 / TURNS;
      if (kind === echoKind) echoCpu = cpu;
      const turnsOnly = withinWindows(profile, windows);
      const summary = summarise(turnsOnly, TURNS);
      rows.push({
        figure: kind.label,
        values: [
          `${cpu.toFixed(2)} ms`,
          `${(cpu / echoCpu).toFixed(1)}x`,
          `${(wallMs / TURNS).toFixed(1)} ms`,
        ],
      });
      details.push(
        `\n## ${kind.label}: ${summary.busyMs.toFixed(2)} ms sampled busy per turn`,
        '\nself time by package, per turn:',
        ...summary.selfByOwner.map((line) => `  ${line}`),
        '\ntotal time by package (inclusive), per turn:',
        ...summary.totalByOwner.map((line) => `  ${line}`),
        '\ntop functions by self time, per turn:',
        ...summary.topFunctions.map((line) => `  ${line}`),
      );
      if (PROFILES) {
        mkdirSync(PROFILES, { recursive: true });
        writeFileSync(
          join(PROFILES, `${kind.label.replace(/\W+/g, '-')}.cpuprofile`),
          JSON.stringify(turnsOnly),
        );
      }
    }
  } finally {
    session.disconnect();
    await close();
  }
  printTable(['turn', 'CPU per turn', 'CPU / echo', 'wall per turn'], rows);
  print(`\n${TURNS} turns per kind, ${SIGNALS} signals in the tenant, node ${process.version}`);
  print(details.join('\n'));
}

const settle = () => sleep(30);

/** V8 stamps a profile's samples on the same monotonic clock as `process.hrtime`, in µs. */
const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/**
 * The profile's samples taken within a turn, each with its own duration (up to the next sample or
 * the turn's end) as the delta after it: the shape `selfTimes` reads.
 */
function withinWindows(profile: Profile, windows: readonly [number, number][]): Profile {
  const samples: number[] = [];
  const timeDeltas: number[] = [0];
  const all = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let at = profile.startTime;
  let window = 0;
  for (let i = 0; i < all.length; i += 1) {
    at += deltas[i] ?? 0;
    while (window < windows.length && at >= (windows[window] as [number, number])[1]) window += 1;
    const current = windows[window];
    if (!current || at < current[0]) continue;
    const next = at + (deltas[i + 1] ?? 0);
    samples.push(all[i] as number);
    timeDeltas.push(Math.min(next, current[1]) - at);
  }
  return {
    nodes: profile.nodes,
    samples,
    timeDeltas,
    startTime: 0,
    endTime: timeDeltas.reduce((a, b) => a + b, 0),
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
