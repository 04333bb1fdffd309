import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { CaseRepository } from '../cases/case-repository';
import { OnceADay } from '../once-a-day';
import { sweepCaseRetention } from './case-retention-sweep';
import { type RetentionSweepDeps, sweepRetention, termsInForce } from './retention-sweep';
import { expireTechnicalDocuments, type TechnicalDocuments } from './technical-expiry';

export interface DailyPrivacyDeps extends RetentionSweepDeps {
  technical: TechnicalDocuments;
  /** Closed cases lose their free text after their signals (case-retention-sweep.ts). */
  cases: CaseRepository;
  /** Re-encrypts sealed links still under an older key (the second half of a key rotation). */
  resealLinks(): Promise<number>;
  clock: Clock;
  logger: Logger;
}

/**
 * The privacy jobs, once per (Amsterdam) day per instance, from the periodic checks. Running on
 * two instances, or again after a crash, is safe: every step is guarded by an ETag or idempotent,
 * so this gate only saves work; correctness never rests on it.
 */
export class DailyPrivacyJobs {
  private resealed = false;
  private readonly daily: OnceADay;

  constructor(private readonly deps: DailyPrivacyDeps) {
    this.daily = new OnceADay(deps.clock, () => this.run());
  }

  runIfNewDay(): Promise<void> {
    return this.daily.run();
  }

  private async run(): Promise<void> {
    // One reading of the terms for both sweeps: a case is judged by the terms its signals were.
    const inForce = await termsInForce(this.deps.retention);
    const retention = await sweepRetention(this.deps, inForce);
    // After the signals: a case follows its signals, so it sees those anonymised in this pass.
    const cases = await sweepCaseRetention(this.deps, inForce);
    const expired = await expireTechnicalDocuments(this.deps);
    // Keys only change with a restart (they come from configuration), so once per start is enough.
    const resealed = this.resealed ? 0 : await this.deps.resealLinks();
    this.resealed = true;
    this.deps.logger.info({ ...retention, cases, expired, resealed }, 'daily privacy jobs done');
  }
}
