import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';

/**
 * CPU time another process has used so far, in ms with nanosecond resolution: the sum over its
 * threads (main thread, libuv's pool, V8's compiler and GC helpers) of the time the scheduler ran
 * them (`/proc/<pid>/task/<tid>/schedstat`, first field). /proc/<pid>/stat counts in 10 ms clock
 * ticks, too coarse for one turn of a few milliseconds.
 */
export async function processCpuMs(pid: number): Promise<number> {
  const threads = await readdir(`/proc/${pid}/task`);
  let nanoseconds = 0;
  for (const tid of threads) {
    try {
      nanoseconds += ranNanoseconds(await readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8'));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return nanoseconds / 1e6;
}

/**
 * CPU time of this process's main thread so far, in ms (read at once, without an await, so it
 * can bracket a measurement exactly).
 */
export function mainThreadCpuMs(): number {
  return ranNanoseconds(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8')) / 1e6;
}

/** The first field of a thread's schedstat: nanoseconds it ran on a processor. */
function ranNanoseconds(schedstat: string): number {
  return Number(schedstat.split(' ')[0]);
}
