import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/** The header that carries the time a request reached the machine (ms since the epoch, fractional). */
export const ARRIVED_AT_HEADER = 'x-arrived-at';

/** Now, in ms since the epoch, comparable across threads (each thread's `performance.now()` has its own origin). */
export const epochNow = (): number => performance.timeOrigin + performance.now();

/**
 * A pass-through HTTP proxy on a thread of its own that stamps each request with the time it
 * arrived. Teams counts its limits by when a request reaches Teams. A connector in the bot's own
 * process only reads a request when the bot's event loop lets it, so a busy moment of the bot
 * would compress requests that left it evenly; this thread does nothing else and stamps them as
 * they come. Plain JavaScript: the thread needs no TypeScript loader.
 */
const PROXY_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true });
const server = http.createServer((req, res) => {
  const arrivedAt = performance.timeOrigin + performance.now();
  const upstream = http.request(
    {
      host: '127.0.0.1',
      port: workerData.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, ${JSON.stringify(ARRIVED_AT_HEADER)}: String(arrivedAt) },
      agent,
    },
    (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => res.destroy());
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
`;

/** Starts the stamping proxy in front of `port`; returns its URL and how to stop it. */
export async function startArrivalClock(port: number): Promise<{ url: string; stop(): Promise<void> }> {
  const worker = new Worker(PROXY_SOURCE, { eval: true, workerData: { port } });
  const [proxyPort] = (await once(worker, 'message')) as [number];
  return {
    url: `http://127.0.0.1:${proxyPort}/`,
    stop: async () => {
      const exited = once(worker, 'exit');
      worker.postMessage('stop');
      await exited;
    },
  };
}
