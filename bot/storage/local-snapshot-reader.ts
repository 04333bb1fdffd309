import { once } from 'node:events';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { readSnapshotFile, type SnapshotRead } from './local-snapshot-file';
import { workerSource } from './worker-files';

/**
 * Reads the local data file on a thread that ends right after: the file's text, its parse and the
 * expired documents are freed with that thread's whole heap, and only the live documents reach the
 * store's thread (as one structured copy). Read in the store's thread itself, they stayed there as
 * garbage until a collection that an idle process never gets to (~60 MB at 10,000 signals).
 */
export async function readSnapshotFileOnOwnThread(file: string, now: number): Promise<SnapshotRead> {
  const worker = new Worker(workerSource('local-snapshot-reader'), {
    eval: true,
    workerData: { file, now },
  });
  const [answer] = (await Promise.race([
    once(worker, 'message'),
    once(worker, 'error').then(([error]) => Promise.reject(error)),
    once(worker, 'exit').then(([code]) =>
      Promise.reject(new Error(`reading the local data file stopped (exit code ${code})`)),
    ),
  ])) as [SnapshotRead];
  await worker.terminate();
  return answer;
}

if (parentPort && (workerData as { file?: unknown } | undefined)?.file) {
  const { file, now } = workerData as { file: string; now: number };
  void readSnapshotFile(file, now).then((read) => parentPort?.postMessage(read));
}
