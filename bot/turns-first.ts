/**
 * Background work on this instance (outbox passes, the minute's checks) waits while people are
 * being answered: a report's notice costs the process as much CPU as the report itself, and in a
 * burst the ten notices would otherwise compete with the ten people still waiting for an answer
 * (docs/decisions.md, "Turns first"). The wait is bounded, so a steady stream of turns can never
 * starve the background: after `maxWaitMs` the work runs anyway.
 */
export interface TurnsFirstOptions {
  /** The longest background work waits for turns to finish; it then runs whatever comes in. */
  maxWaitMs: number;
  /** How often the gauge is looked at while turns are in flight. */
  checkEveryMs: number;
}

export const DEFAULT_TURNS_FIRST: TurnsFirstOptions = { maxWaitMs: 250, checkEveryMs: 5 };

/** Resolves once no turn is in flight, or once `maxWaitMs` has passed (measured on `elapsed`). */
export type GiveWay = () => Promise<void>;

/** Background work that never waits (tests that run it by hand, or no gauge to ask). */
export const noWaiting: GiveWay = () => Promise.resolve();

/**
 * `turnsInFlight` is the edge's gauge (activities being processed now); `elapsed` a monotonic
 * clock in ms, `wait` a timer: both injected so the bound is tested without sleeping.
 */
export function turnsFirst(
  turnsInFlight: () => number,
  options: TurnsFirstOptions = DEFAULT_TURNS_FIRST,
  elapsed: () => number = () => performance.now(),
  wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): GiveWay {
  return async () => {
    const start = elapsed();
    while (turnsInFlight() > 0 && elapsed() - start < options.maxWaitMs) await wait(options.checkEveryMs);
  };
}

/**
 * Runs `steps` one after another, each after giving way (the minute's checks on their timer: each
 * check is its own pass over the store, so turns that arrive between two checks come first).
 */
export async function oneByOneGivingWay(
  steps: readonly (() => Promise<unknown>)[],
  giveWay: GiveWay,
): Promise<void> {
  for (const step of steps) {
    await giveWay();
    await step();
  }
}
