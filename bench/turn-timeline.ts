/**
 * `npm run bench:timeline`: where a turn's time goes, as seen on the wire. Each HTTP request the
 * process makes or answers (the activity posted to the bot, each store request, the reply to the
 * connector, the bot's response) is stamped through Node's diagnostics channels, relative to the
 * moment the client posts the activity. Printed as the median moment of each step over
 * `BENCH_TIMELINE_TURNS` turns (default 200) of the echo bot and of Daadkracht's turns, so the
 * difference between the two is visible step by step: what one store round trip costs, and what
 * the bot does before and after it (docs/performance.md, "Where a help turn's time goes").
 * `BENCH_TIMELINE_KINDS=help,open` measures only those kinds (and the echo bot).
 */
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { median } from './stats';
import { print, printTable } from './table';
import { startTurnBenchWorld } from './turn-bench-world';
import { echoTurn, type TurnKind, turnKinds } from './turns';

const TURNS = Number(process.env.BENCH_TIMELINE_TURNS ?? 200);
const ONLY = process.env.BENCH_TIMELINE_KINDS?.split(',').map((label) => label.trim());
const NOW = '2026-11-25T10:00:00Z';

/** What a request is, from its path: the activity, a store request, or a reply to Teams. */
function part(path: string | undefined): string {
  if (!path) return 'other';
  if (path.startsWith('/api/messages')) return 'activity';
  if (path.startsWith('/dbs/')) return 'store';
  if (path.startsWith('/v3/')) return 'connector';
  return 'other';
}

/** The steps of the turn under way, in the order they happened. */
let steps: [string, number][] = [];
let postedAt = 0;
let recording = false;
const counts = new Map<string, number>();

function stamp(what: string): void {
  if (!recording) return;
  const seen = (counts.get(what) ?? 0) + 1;
  counts.set(what, seen);
  steps.push([seen > 1 ? `${what} (${seen})` : what, performance.now() - postedAt]);
}

const request = (message: unknown) => (message as { request: ClientRequest & IncomingMessage }).request;
subscribe('http.server.request.start', (message) => {
  const what = part(request(message).url);
  stamp(what === 'activity' ? 'bot: activity in' : `${what}: request in`);
});
subscribe('http.server.response.finish', (message) => {
  const what = part(request(message).url);
  stamp(what === 'activity' ? 'bot: response written' : `${what}: answered`);
});
subscribe('http.client.request.start', (message) => stamp(`bot: ${part(request(message).path)} request out`));
subscribe('http.client.response.finish', (message) =>
  stamp(`bot: ${part(request(message).path)} answer back`),
);

async function timeline(kind: TurnKind): Promise<Map<string, number[]>> {
  const moments = new Map<string, number[]>();
  for (let i = 0; i < TURNS; i += 1) {
    await kind.prepare?.();
    // The previous turn's finish mark and any notice settle first.
    await sleep(20);
    steps = [];
    counts.clear();
    recording = true;
    postedAt = performance.now();
    await kind.run();
    stamp('client: response read');
    recording = false;
    for (const [what, at] of steps) moments.set(what, [...(moments.get(what) ?? []), at]);
  }
  return moments;
}

async function main(): Promise<void> {
  const { echo, echoConnector, coordinator, reporter, openReference, close } = await startTurnBenchWorld(
    100,
    NOW,
  );
  const kinds: TurnKind[] = [
    { label: 'echo bot', run: () => echoTurn(echo, echoConnector) },
    ...turnKinds(coordinator, reporter, openReference).filter((kind) => !ONLY || ONLY.includes(kind.label)),
  ];
  try {
    // Warm-up: profiles, welcomes, JIT, connections.
    for (const kind of kinds)
      for (let i = 0; i < 20; i += 1) {
        await kind.prepare?.();
        await kind.run();
      }
    for (const kind of kinds) {
      const moments = await timeline(kind);
      print(`\n## ${kind.label}`);
      const rows = [...moments]
        // Steps seen in at least half the turns, at their median moment.
        .filter(([, at]) => at.length >= TURNS / 2)
        .map(([what, at]) => ({ what, at: median(at), turns: at.length }))
        .sort((a, b) => a.at - b.at);
      let previous = 0;
      printTable(
        ['step', 'at (ms, median)', 'since the step before', 'turns with it'],
        rows.map(({ what, at, turns }) => {
          const since = at - previous;
          previous = at;
          return { figure: what, values: [at.toFixed(2), `+${since.toFixed(2)}`, String(turns)] };
        }),
      );
    }
  } finally {
    await close();
  }
  print(`\n${TURNS} turns per kind, store in process, node ${process.version}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
