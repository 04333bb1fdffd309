import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger';
import type { CosmosStore } from '../storage/cosmos-store';
import { describeStoreFailure } from '../storage/store-health';
import type { StartupState } from './startup-state';

export interface StartupRetryOptions {
  /** First pause after a failed attempt; doubles up to maxDelayMs. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** One attempt (database and container reads) gives up after this long. */
  attemptTimeoutMs: number;
}

export const DEFAULT_STARTUP_RETRY: StartupRetryOptions = {
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  attemptTimeoutMs: 15_000,
};

/**
 * Prepares the store, retrying with backoff until it answers. Every failure here is treated as
 * passing: right after a deployment the Cosmos DB role assignment and the managed identity's
 * first token take minutes (403/401), DNS may not resolve yet (ENOTFOUND), the account may answer
 * 503. Exiting would make App Service restart the process and `az webapp deploy` report a failed
 * deployment; configuration errors were already caught before this runs. Only `signal` stops it.
 */
export async function waitForStore(
  store: CosmosStore,
  state: StartupState,
  logger: Logger,
  options: StartupRetryOptions = DEFAULT_STARTUP_RETRY,
  signal?: AbortSignal,
): Promise<void> {
  let delay = options.initialDelayMs;
  for (let attempt = 1; ; attempt += 1) {
    const attemptSignal = signal
      ? AbortSignal.any([signal, AbortSignal.timeout(options.attemptTimeoutMs)])
      : AbortSignal.timeout(options.attemptTimeoutMs);
    try {
      await store.prepare(attemptSignal);
      state.markReady();
      return;
    } catch (error) {
      signal?.throwIfAborted();
      const reason = describeStoreFailure(error);
      state.failed(reason);
      logger.warn({ attempt, reason, retryInMs: delay }, 'the store is not reachable yet; trying again');
      await sleep(delay, undefined, { signal });
      delay = Math.min(delay * 2, options.maxDelayMs);
    }
  }
}
