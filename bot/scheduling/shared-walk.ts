/**
 * The order in which one instance walks the due schedules of a tick, so that several instances
 * share the work instead of racing for the same claims in the same order: each starts at its own
 * point of the list and wraps around. Every item is taken once.
 */
export class SharedWalk<T> {
  private readonly order: T[];
  private next = 0;

  /** `startFraction` (0 to 1): where this instance starts in the list. */
  constructor(items: T[], startFraction: number) {
    const start = Math.floor(Math.min(Math.max(startFraction, 0), 0.999_999) * items.length);
    this.order = [...items.slice(start), ...items.slice(0, start)];
  }

  /** The next item, or undefined when all are taken. */
  take(): T | undefined {
    return this.order[this.next++];
  }
}
