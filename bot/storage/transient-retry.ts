import { setTimeout as sleep } from 'node:timers/promises';
import { OutcomeUnknownError } from '../domain/errors';
import { cosmosStatus } from './cosmos-errors';

/**
 * Retries of transient store failures, in one place for every repository and background job
 * (see resilient-container.ts, which routes each data-plane call through here).
 *
 * Transient: 429 (throttled) and 449 (retry with) are refused before anything is applied;
 * 408, 502, 503, 504, a reset or refused connection and a timeout may come after the store
 * applied the change and only its answer was lost. For reads that difference does not matter;
 * for writes the caller learns it through `mayHaveApplied` and must settle a following 409/412.
 */
export interface RetryPolicy {
  maxAttempts: number;
  /** First backoff; doubled per attempt, with full jitter. */
  baseDelayMs: number;
  /** No single wait is longer, whatever the store asks for. */
  maxDelayMs: number;
  /** Give up once this much time has passed since the first attempt. */
  budgetMs: number;
}

/**
 * Bounded so that a turn stays well inside Teams' ~15 s: one operation gives up after ~2.5 s,
 * and a store that fails this often is down, not busy. Background jobs run again on their next
 * pass, so they need no longer budget.
 */
export const STORE_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 40,
  maxDelayMs: 1_000,
  budgetMs: 2_500,
};

const RETRYABLE_STATUS = new Set([408, 429, 449, 502, 503, 504]);
/** Refused before anything was applied. */
const NOT_APPLIED_STATUS = new Set([429, 449]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EAI_AGAIN',
  'TimeoutError',
  'UND_ERR_SOCKET',
  'REQUEST_SEND_ERROR',
]);

function networkCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const { code, name, message } = current as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    if (name === 'TimeoutError' || name === 'AbortError') return 'TimeoutError';
    if (typeof message === 'string' && /socket hang up|ECONNRESET/.test(message)) return 'ECONNRESET';
    if (typeof message === 'string' && /Timeout Error|timed out/i.test(message)) return 'TimeoutError';
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The HTTP status of a failed store call. The SDK rethrows a failed batch as a plain Error
 * without its code; its diagnostics still carry the status the gateway answered.
 */
function statusOf(error: unknown): number | undefined {
  const status = cosmosStatus(error);
  if (status !== undefined) return status;
  const gateway = (
    error as {
      diagnostics?: { clientSideRequestStatistics?: { gatewayStatistics?: { statusCode?: number }[] } };
    } | null
  )?.diagnostics?.clientSideRequestStatistics?.gatewayStatistics?.at(-1)?.statusCode;
  return typeof gateway === 'number' && gateway > 0 ? gateway : undefined;
}

/** True for failures that another attempt may well not see. */
export function isTransient(error: unknown): boolean {
  const status = statusOf(error);
  if (status !== undefined) return RETRYABLE_STATUS.has(status);
  return networkCode(error) !== undefined;
}

/** False only when the store surely did not apply the request (throttled, never connected). */
export function mayHaveApplied(error: unknown): boolean {
  const status = statusOf(error);
  if (status !== undefined) return !NOT_APPLIED_STATUS.has(status);
  return networkCode(error) !== 'ECONNREFUSED';
}

/** The store's own advice on how long to wait (x-ms-retry-after-ms), if it gave one. */
export function retryAfterMs(error: unknown): number | undefined {
  const e = error as { retryAfterInMs?: unknown; headers?: Record<string, unknown> } | null;
  const fromHeader = Number(e?.headers?.['x-ms-retry-after-ms']);
  if (Number.isFinite(fromHeader) && fromHeader > 0) return fromHeader;
  return typeof e?.retryAfterInMs === 'number' ? e.retryAfterInMs : undefined;
}

export interface Attempt {
  /** 1 for the first try. */
  number: number;
  /** An earlier attempt of this write failed in a way that may have applied it. */
  mayHaveApplied: boolean;
}

export interface RetryOptions {
  /** Names the operation in an OutcomeUnknownError. */
  operation: string;
  /** Set for writes: exhausting the retries after a possibly applied attempt is "outcome unknown". */
  write?: { writeId?: string };
  policy?: RetryPolicy;
}

/**
 * Runs `operation`, trying again after a transient failure with capped, jittered exponential
 * backoff (or exactly the wait the store asked for), within the policy's attempts and budget.
 * A write whose retries run out after a possibly applied attempt throws OutcomeUnknownError.
 */
export async function retryTransient<T>(
  operation: (attempt: Attempt) => Promise<T>,
  { operation: name, write, policy = STORE_RETRY_POLICY }: RetryOptions,
): Promise<T> {
  const started = Date.now();
  let applied = false;
  for (let number = 1; ; number += 1) {
    try {
      return await operation({ number, mayHaveApplied: applied });
    } catch (error) {
      if (!isTransient(error)) throw error;
      applied ||= mayHaveApplied(error);
      const backoff = Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (number - 1));
      const wait = Math.min(policy.maxDelayMs, Math.max(retryAfterMs(error) ?? 0, backoff));
      const outOfTime = Date.now() - started + wait > policy.budgetMs;
      if (number >= policy.maxAttempts || outOfTime) {
        if (write && applied) throw new OutcomeUnknownError(name, write.writeId, { cause: error });
        throw error;
      }
      await sleep(wait);
    }
  }
}
