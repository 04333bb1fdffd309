import { type Clock, dateInZone, MUNICIPAL_TIME_ZONE } from '../clock';

/**
 * Runs a job at most once per (Amsterdam) day on this instance, for the minute's checks whose
 * outcome can only change when the date does. A run that fails is tried again at the next call;
 * calls while it runs wait for it. Running on two instances, or again after a restart, must be
 * safe for the job itself (ETags, ids derived from the day): this gate only saves work.
 */
export class OnceADay {
  private doneOn?: string;
  private running?: Promise<void>;

  constructor(
    private readonly clock: Clock,
    private readonly job: () => Promise<unknown>,
  ) {}

  run(): Promise<void> {
    const today = dateInZone(this.clock.now(), MUNICIPAL_TIME_ZONE);
    if (this.doneOn === today) return this.running ?? Promise.resolve();
    this.running ??= this.job()
      .then(() => {
        this.doneOn = today;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }
}
