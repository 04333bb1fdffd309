/**
 * `npx tsx bench/store-queries.ts`: what each turn asks the embedded store, and what each query
 * costs the store there, at `BENCH_SIZES` signals (default 100,10000). The store runs in this
 * process; every query it answers is timed where the store runs it (Documents#query), with the number
 * of documents of the container, the documents the query engine was handed and the rows returned.
 * `BENCH_STORE_TURNS` (default 20) turns per kind after one round not counted; the table shows the
 * mean per query, and the queries the background (outbox, periodic checks) asked between turns.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { openCosmosStore } from '../bot/storage/cosmos-store';
import { startLocalCosmosServer } from '../bot/storage/local-cosmos-server';
import { TestBot } from '../test/helpers/test-bot';
import { seedBenchTenant } from './seed-bench-tenant';
import { print, printTable, type Row } from './table';
import { turnKinds } from './turns';

const SIZES = (process.env.BENCH_SIZES ?? '100,10000').split(',').map(Number);
const TURNS = Number(process.env.BENCH_STORE_TURNS ?? 20);
const NOW = '2026-11-25T10:00:00Z';

interface Seen {
  query: string;
  container: number;
  handed: number;
  rows: number;
  ms: number;
}

/** Where the queries go: the current turn's list, or the background's between turns. */
let background: Seen[] = [];
let recording: Seen[] = background;
let handedToEngine = 0;
let watching = false;

/** Times Documents#query (the store's, as the server set it up) and counts what the query engine is handed (after the store's own selection). */
function watchStoreQueries(): void {
  const requireFromServer = createRequire(require.resolve('@vercel/cosmosdb-server'));
  const items = requireFromServer('./account/documents').default.prototype as {
    query(this: { _data: Map<unknown, unknown> }, params: { query: string }, options: unknown): unknown;
  };
  const query = items.query;
  items.query = function timedQuery(params, options) {
    handedToEngine = 0;
    const started = performance.now();
    const answer = query.call(this, params, options) as { result?: unknown[] } | null;
    const ms = performance.now() - started;
    recording.push({
      query: params.query.replace(/\s+/g, ' ').slice(0, 150),
      container: this._data.size,
      handed: handedToEngine,
      rows: answer?.result?.length ?? 0,
      ms,
    });
    return answer;
  };
  const parse = requireFromServer('@zeit/cosmosdb-query').default as (sql: string) => object;
  const engine = Object.getPrototypeOf(parse('SELECT * FROM c')) as {
    exec(collection: unknown[], options: unknown): unknown;
  };
  const exec = engine.exec;
  engine.exec = function countedExec(collection, options) {
    handedToEngine += collection.length;
    return exec.call(this, collection, options);
  };
}

async function measure(signals: number): Promise<Map<string, Map<string, Seen[]>>> {
  const cosmos = await startLocalCosmosServer();
  if (!watching) watchStoreQueries();
  watching = true;
  const store = await openCosmosStore(
    { endpoint: cosmos.endpoint, key: 'bench-key', agent: cosmos.agent },
    'bench',
  );
  const { coordinatorId } = await seedBenchTenant(store, { signals, now: NOW });
  const bot = await TestBot.start({
    store,
    now: NOW,
    coordinators: [coordinatorId],
    runDispatcherLoop: true,
  });
  const perKind = new Map<string, Map<string, Seen[]>>();
  try {
    const coordinator = bot.user('Bench Coordinator');
    const reporter = bot.user('Bench Reporter');
    for (let i = 0; i < 3; i += 1) {
      await coordinator.says('help');
      await reporter.says('help');
    }
    const kinds = turnKinds(coordinator, reporter, `OND-2026-${String(signals).padStart(4, '0')}`);
    // One round not counted: the store builds an index the first time a query selects by its field.
    for (const kind of kinds) {
      await kind.prepare?.();
      await kind.run();
    }
    background = [];
    recording = background;
    for (let round = 0; round < TURNS; round += 1) {
      for (const kind of kinds) {
        await kind.prepare?.();
        const seen: Seen[] = [];
        recording = seen;
        await kind.run();
        recording = background;
        const queries = perKind.get(kind.label) ?? new Map<string, Seen[]>();
        for (const one of seen) queries.set(one.query, [...(queries.get(one.query) ?? []), one]);
        perKind.set(kind.label, queries);
      }
    }
    const queries = new Map<string, Seen[]>();
    for (const one of background) queries.set(one.query, [...(queries.get(one.query) ?? []), one]);
    perKind.set('between turns', queries);
  } finally {
    await bot.stop();
    await cosmos.close();
  }
  return perKind;
}

async function main(): Promise<void> {
  for (const signals of SIZES) {
    const perKind = await measure(signals);
    print(`\n${signals} signals, ${TURNS} turns per kind: the store's time per query (mean)`);
    const rows: Row[] = [];
    for (const [kind, queries] of perKind) {
      for (const [query, seen] of queries) {
        const mean = (pick: (one: Seen) => number) =>
          seen.reduce((sum, one) => sum + pick(one), 0) / seen.length;
        rows.push({
          figure: kind,
          values: [
            query,
            (seen.length / TURNS).toFixed(1),
            mean((one) => one.container).toFixed(0),
            mean((one) => one.handed).toFixed(0),
            mean((one) => one.rows).toFixed(0),
            mean((one) => one.ms).toFixed(2),
          ],
        });
      }
    }
    printTable(['turn', 'query', 'per turn', 'container', 'handed to engine', 'rows', 'ms'], rows);
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
