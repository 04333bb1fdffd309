import type { Logger } from '../logger';
import { type GiveWay, noWaiting } from '../turns-first';

/** What the loop needs of the dispatcher and the outbox. */
export interface LoopTarget {
  /** One pass over what is due now. */
  runOnce(): Promise<unknown>;
  stop(): Promise<void>;
  /** When the earliest pending entry falls due, if any is pending at all. */
  nextDueAt(): Promise<Date | undefined>;
}

export interface DispatcherLoop {
  /** Something was written that may be due now: run a pass soon (after the current one). */
  kick(): void;
  stop(): Promise<void>;
}

/** Never wait less than this between passes, so a burst of kicks makes one pass, not fifty. */
const MIN_GAP_MS = 20;

/**
 * Runs the dispatcher when there is work, not on a fast timer: the writes that create outbox
 * entries kick it, and after each pass it sleeps until the earliest pending entry falls due (a
 * paced or retried send), or at most `safetyPollMs` (entries written by another instance, or a
 * kick lost in a crash). A kick during a pass runs one more pass right after it, so an entry
 * written while the pass was reading is never left for the safety poll. Each pass first gives way
 * to the turns being answered (`giveWay`, bounded: see bot/turns-first.ts), so a burst of reports
 * is answered before its notices are sent, and the notices leave together in one pass.
 */
export function startDispatcherLoop(
  target: LoopTarget,
  safetyPollMs: number,
  now: () => number,
  logger: Logger,
  giveWay: GiveWay = noWaiting,
): DispatcherLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let kickedDuringPass = false;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void pass(), Math.max(MIN_GAP_MS, delayMs));
  };

  const pass = async (): Promise<void> => {
    if (running) {
      kickedDuringPass = true;
      return;
    }
    running = (async () => {
      let wait = safetyPollMs;
      try {
        do {
          await giveWay();
          // Kicks while giving way are answered by this pass: it has not read anything yet.
          kickedDuringPass = false;
          await target.runOnce();
        } while (kickedDuringPass && !stopped);
        const due = await target.nextDueAt();
        if (due) wait = Math.min(safetyPollMs, Math.max(0, due.getTime() - now()));
      } catch (error) {
        logger.error({ err: error }, 'outbox pass failed');
      }
      running = undefined;
      schedule(wait);
    })();
    await running;
  };

  schedule(0);
  return {
    kick: () => {
      if (running) kickedDuringPass = true;
      else schedule(0);
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await target.stop();
      await running;
    },
  };
}
