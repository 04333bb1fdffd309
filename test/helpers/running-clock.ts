import { ManualClock } from './manual-clock';

/**
 * A clock that runs in real time from a chosen instant (and can still be moved): for simulations
 * measured in real time, such as a fan-out through the rate-limited connector, where the
 * dispatcher really waits for its slots.
 */
export class RunningClock extends ManualClock {
  private readonly startedAt = performance.now();

  override now(): Date {
    return new Date(super.now().getTime() + (performance.now() - this.startedAt));
  }
}
