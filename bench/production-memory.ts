import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCosmosStore } from '../bot/storage/cosmos-store';
import { cpuMs, residentMegabytes } from './local-startup';
import { type History, writeHistory } from './seed-history';

export interface ProductionFigures {
  startupMs: number;
  residentMb: number;
  idleCpuShare: number;
}

const BUILT = join('dist', 'bot', 'index.js');
const DATABASE = 'bench-production';

/**
 * The production build (`npm run build && npm run serve`: compiled JavaScript, no tsx) against a
 * store in another process, as Azure Cosmos DB is: here the embedded store in a process of its own
 * (bench/store-process.ts) holding this history, reached with a key (no Azure credential is ever
 * created) and trusted through NODE_EXTRA_CA_CERTS. Nothing leaves the machine. Measures the
 * bot's process only: time until ready, resident memory and CPU while idle.
 */
export async function measureProductionBuild(history: History, idleMs: number): Promise<ProductionFigures> {
  buildIfStale();
  const dir = await mkdtemp(join(tmpdir(), 'daadkracht-bench-production-'));
  const certificateFile = join(dir, 'store.pem');
  const store = spawn(process.execPath, ['--require', 'tsx/cjs', 'bench/store-process.ts', certificateFile], {
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let bot: ChildProcess | undefined;
  try {
    const { endpoint } = JSON.parse(await firstLine(store, /^\{/)) as { endpoint: string };
    const agent = new Agent({ ca: readFileSync(certificateFile, 'utf8'), keepAlive: true });
    const seeding = await openCosmosStore({ endpoint, key: 'bench-key', agent }, DATABASE);
    await writeHistory(seeding, history);
    seeding.client.dispose();
    agent.destroy();

    const started = performance.now();
    bot = spawn(process.execPath, [BUILT], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        LOG_LEVEL: 'info',
        COSMOS_ENDPOINT: endpoint,
        COSMOS_KEY: 'bench-key',
        COSMOS_DATABASE: DATABASE,
        RECEIPT_CODE_SECRET: 'bench-receipt-code-secret-0123456789abcdef',
        REPORTER_LINK_KEYS: `bench:${randomBytes(32).toString('base64')}`,
        NODE_EXTRA_CA_CERTS: certificateFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await firstLine(bot, /is ready on/);
    const startupMs = performance.now() - started;
    const pid = bot.pid as number;
    // As for local mode: let start-up work settle (first passes) before measuring idle cost.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const cpuBefore = await cpuMs(pid);
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    const cpuAfter = await cpuMs(pid);
    const residentMb = await residentMegabytes(pid);
    return { startupMs, residentMb, idleCpuShare: (cpuAfter - cpuBefore) / idleMs };
  } finally {
    await stop(bot);
    await stop(store);
    await rm(dir, { recursive: true, force: true });
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

/** Resolves with the child's output so far once a line matches; rejects if it exits first. */
function firstLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within 5 minutes:\n${output}`)), 300_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => pattern.test(candidate));
      if (line === undefined) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.stdout?.resume();
      child.stderr?.resume();
      resolve(line);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
