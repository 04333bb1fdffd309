import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { placedByPurpose } from '../bot/storage/local-snapshot-file';
import { startLocalBot } from '../scripts/local-bot.mjs';
import type { History } from './seed-history';

export interface LocalModeFigures {
  startupMs: number;
  residentMb: number;
  /** CPU the idle bot used, as a share of one core, over the idle window. */
  idleCpuShare: number;
}

/**
 * Starts the bot as `npm run start:bot` does (its own process, embedded store, data restored from
 * the file) with this history in its data file; measures how long until it is ready (the store answers), then its
 * resident memory and CPU while idle.
 */
export async function measureLocalMode(history: History, idleMs: number): Promise<LocalModeFigures> {
  const dataDir = await mkdtemp(join(tmpdir(), 'daadkracht-bench-'));
  try {
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'cosmos-snapshot.json'), JSON.stringify(placedByPurpose(history)));
    const started = performance.now();
    const child = await startLocalBot({
      env: { PATH: process.env.PATH ?? '', PORT: '0', LOCAL_DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`local mode did not start:\n${output}`)), 1_200_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        // The bot's log line once it serves /api/messages ("is listening" never came: the bench hung).
        if (/is ready on/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => reject(new Error(`local mode exited with ${code}:\n${output}`)));
    });
    const startupMs = performance.now() - started;
    const pid = child.pid as number;
    // Let start-up work settle (first flush, first passes) before measuring idle cost.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const cpuBefore = await cpuMs(pid);
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    const cpuAfter = await cpuMs(pid);
    const residentMb = await residentMegabytes(pid);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
    return { startupMs, residentMb, idleCpuShare: (cpuAfter - cpuBefore) / idleMs };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function residentMegabytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** User + system CPU time of a process, from /proc (clock ticks of 10 ms). */
export async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
