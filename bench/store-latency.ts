import type { ClientRequest } from 'node:http';
import type { Agent } from 'node:https';

/** A delay the bench adds to every store request; 0 (the default) adds nothing. */
export interface StoreLatency {
  /** Milliseconds each request to the store waits before it leaves (0: none). */
  set(ms: number): void;
}

/**
 * Gives every request the SDK sends through this agent a network's round trip: the request waits
 * `ms` before it gets a socket, then goes to the real (embedded) store as it is. Against Azure
 * Cosmos DB each round trip takes milliseconds (docs/performance.md uses 5-10 ms); the embedded
 * store answers in microseconds, so without this a turn's wall time is all CPU. Nothing else is
 * changed: the request, its answer and the store's work are the real ones. Meanwhile the event
 * loop is free, as it is while a real request is on the network.
 */
export function addStoreLatency(agent: Agent): StoreLatency {
  let ms = 0;
  const target = agent as unknown as { addRequest(req: ClientRequest, options: unknown): void };
  const original = target.addRequest.bind(target);
  target.addRequest = (req, options) => {
    if (ms <= 0) original(req, options);
    else setTimeout(() => original(req, options), ms);
  };
  return {
    set: (next) => {
      ms = next;
    },
  };
}

/** `BENCH_STORE_LATENCY_MS`: the round trip of the extra rows measured with latency; none when unset. */
export function storeLatencyFromEnv(): number | undefined {
  const raw = process.env.BENCH_STORE_LATENCY_MS;
  if (raw === undefined || raw === '') return undefined;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms <= 0)
    throw new Error(`BENCH_STORE_LATENCY_MS must be a positive number, not ${raw}`);
  return ms;
}
