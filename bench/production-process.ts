import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCosmosStore } from '../bot/storage/cosmos-store';
import { firstLine, stop } from './child-processes';
import { type History, writeHistory } from './seed-history';

/** The production build running in a process of its own, its store in a third. */
export interface ProductionProcess {
  /** Where /api/messages is. */
  url: string;
  /** The bot's process. */
  pid: number;
  /** The store's process (the embedded store standing in for Azure Cosmos DB). */
  storePid: number;
  /** From starting `node` until the bot said it is ready. */
  startupMs: number;
  stop(): Promise<void>;
}

const BUILT = join('dist', 'bot', 'index.js');
const DATABASE = 'bench-production';

/**
 * The production build (`npm run build && npm run serve`: compiled JavaScript, no tsx) against a
 * store in another process, as Azure Cosmos DB is: here the embedded store in a process of its own
 * (bench/store-process.ts) holding this history, reached with a key (no Azure credential is ever
 * created) and trusted through NODE_EXTRA_CA_CERTS. Nothing leaves the machine. No
 * MICROSOFT_APP_ID: /api/messages takes unauthenticated requests whose serviceUrl is on this
 * machine (the bench's capture connector), as TestBot's; `coordinators` as COORDINATOR_AAD_IDS.
 */
export async function startProductionBuild(
  history: History,
  coordinators: string[] = [],
): Promise<ProductionProcess> {
  buildIfStale();
  const dir = await mkdtemp(join(tmpdir(), 'daadkracht-bench-production-'));
  const certificateFile = join(dir, 'store.pem');
  const store = spawn(process.execPath, ['--require', 'tsx/cjs', 'bench/store-process.ts', certificateFile], {
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let bot: ChildProcess | undefined;
  const stopAll = async () => {
    await stop(bot);
    await stop(store);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const { endpoint } = JSON.parse(await firstLine(store, /^\{/)) as { endpoint: string };
    const agent = new Agent({ ca: readFileSync(certificateFile, 'utf8'), keepAlive: true });
    const seeding = await openCosmosStore({ endpoint, key: 'bench-key', agent }, DATABASE);
    await writeHistory(seeding, history);
    seeding.client.dispose();
    agent.destroy();

    const started = performance.now();
    // BENCH_PRODUCTION_PROFILE=dir: a V8 CPU profile of the bot's process, written when it stops.
    const profile = process.env.BENCH_PRODUCTION_PROFILE;
    const profiling = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
    bot = spawn(process.execPath, [...profiling, BUILT], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        LOG_LEVEL: 'info',
        COSMOS_ENDPOINT: endpoint,
        COSMOS_KEY: 'bench-key',
        COSMOS_DATABASE: DATABASE,
        COORDINATOR_AAD_IDS: coordinators.join(','),
        RECEIPT_CODE_SECRET: 'bench-receipt-code-secret-0123456789abcdef',
        REPORTER_LINK_KEYS: `bench:${randomBytes(32).toString('base64')}`,
        NODE_EXTRA_CA_CERTS: certificateFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const ready = await firstLine(bot, /is ready on/);
    const startupMs = performance.now() - started;
    const { url } = JSON.parse(ready) as { url: string };
    return { url, pid: bot.pid as number, storePid: store.pid as number, startupMs, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** `npm run build` once, and again only when a source file is newer than the build. */
function buildIfStale(): void {
  const builtAt = (() => {
    try {
      return statSync(BUILT).mtimeMs;
    } catch {
      return 0;
    }
  })();
  const newest = Math.max(newestIn('bot'), newestIn('cards'));
  if (newest <= builtAt) return;
  console.error('building the production build (npm run build)...');
  execFileSync('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

function newestIn(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}
