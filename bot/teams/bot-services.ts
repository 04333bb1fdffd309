import type { Clock } from '../clock';
import type { AuditLog } from '../domain/audit';
import type { CaseRepository } from '../domain/cases/case-repository';
import type { FigureQueries } from '../domain/figures/figure-queries';
import type { FreshSignalFigures } from '../domain/figures/signal-figure-snapshots';
import type { HerijkingAnswer, HerijkingRound } from '../domain/herijking/round';
import type { MonthlyCaseQueue } from '../domain/monthly-case/case-queue';
import type { StoredPlaybook } from '../domain/playbook/playbook';
import type { AuditTrailReader } from '../domain/privacy/audit-trail';
import type { LinkSealer } from '../domain/privacy/link-sealer';
import type { RetentionStore } from '../domain/privacy/retention-store';
import type { SubjectAccessStore } from '../domain/privacy/subject-access';
import type { ReportLink } from '../domain/reports/report-links';
import type { RoleDirectory, RoleRepository } from '../domain/roles/role-directory';
import type { WorkingDaysOf } from '../domain/signals/feedback-deadlines';
import type { ReceiptCodeOf } from '../domain/signals/receipt-codes';
import type { ReporterLinkRepository } from '../domain/signals/reporter-link';
import type { SignalRepository } from '../domain/signals/signal-repository';
import type { TenantSettingsRepository } from '../domain/tenants/tenant-settings';
import type { PersonReads } from '../domain/users/person-reads';
import type { UserProfileRepository } from '../domain/users/user-profile';
import type { DocumentStore, WerkgroepStores } from '../domain/werkgroep/werkgroep-repositories';
import type { IdSource } from '../ids';
import type { Logger } from '../logger';
import type { OutboxRepository } from '../outbox/outbox-repository';
import type { ScheduleRepository } from '../scheduling/schedule-repository';
import type { CosmosProcessedActivities } from '../storage/cosmos-processed-activities';

/** Everything the Teams edge calls into, wired once in bot/app.ts. */
export interface BotServices {
  signals: SignalRepository;
  /** Cases (casustafel): documents of their own, linked to signals by reference. */
  cases: CaseRepository;
  users: UserProfileRepository;
  /** The actor's profile and stored roles, read together when a turn opens. */
  personReads: PersonReads;
  tenantSettings: TenantSettingsRepository;
  roles: RoleDirectory;
  roleRepository: RoleRepository;
  reporterLinks: ReporterLinkRepository;
  workingDaysOf: WorkingDaysOf;
  schedules: ScheduleRepository;
  werkgroep: WerkgroepStores;
  rounds: DocumentStore<HerijkingRound>;
  answers: DocumentStore<HerijkingAnswer>;
  audit: AuditLog;
  /** Retention terms, holds and the sweep's storage (bot/domain/privacy). */
  retention: RetentionStore;
  /** Read-only access to the audit trail, for `audit …`. */
  auditTrail: AuditTrailReader;
  /** Seals the link to an anonymous reporter with a key outside the database. */
  linkSealer: LinkSealer;
  /** Access requests and the register of privacy requests. */
  subjectAccess: SubjectAccessStore;
  outbox: OutboxRepository;
  processedActivities: CosmosProcessedActivities;
  /** Counts and period-bounded facts for the dashboard and the council's report. */
  figures: FigureQueries;
  /** The dashboard's signal figures, counted at most every few minutes per tenant. */
  signalFigures: FreshSignalFigures;
  /** Links to the council's quarterly report, handed out by `rapport`. */
  reportLinks: DocumentStore<ReportLink>;
  /** The tenant's own playbook texts (handelingskader). */
  playbooks: DocumentStore<StoredPlaybook>;
  /** The case of the month: the coordinators' queue and the case each month got. */
  caseQueues: DocumentStore<MonthlyCaseQueue>;
  clock: Clock;
  ids: IdSource;
  /** Derives a form's receipt code, so a retried form shows the same one. */
  receiptCodeOf: ReceiptCodeOf;
  logger: Logger;
  allowedTenantIds: string[];
  /**
   * The Teams app id of the bot serving this tenant (each municipality may have its own
   * registration), for links to its 1:1 chat and its tabs; '' in local mode.
   */
  botAppIdFor(tenantId: string): string;
  /** The bot's public address, for links to its own routes (the meeting calendar). */
  publicBaseUrl?: string;
  /**
   * Asks the dispatcher to deliver now rather than at its next poll. Handlers need not: every write
   * that creates or wakes outbox entries wakes it (bot/outbox/wake-on-outbox-writes.ts).
   */
  kickDispatcher(): void;
}
