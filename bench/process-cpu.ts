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
      const schedstat = await readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8');
      nanoseconds += Number(schedstat.split(' ')[0]);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return nanoseconds / 1e6;
}
