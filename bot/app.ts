import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { appIdForTenant } from './bot-registrations';
import type { Clock } from './clock';
import type { Config } from './config';
import { FreshSignalFigures } from './domain/figures/signal-figure-snapshots';
import { advanceRounds, openRound } from './domain/herijking/herijking-rounds';
import type { HerijkingAnswer, HerijkingRound } from './domain/herijking/round';
import type { MonthlyCaseQueue } from './domain/monthly-case/case-queue';
import { sendMonthlyCase } from './domain/monthly-case/send-monthly-case';
import { OnceADay } from './domain/once-a-day';
import type { StoredPlaybook } from './domain/playbook/playbook';
import { DailyPrivacyJobs } from './domain/privacy/daily-privacy-jobs';
import { LinkSealer } from './domain/privacy/link-sealer';
import { reportUnreachable } from './domain/report-unreachable';
import type { ReportLink } from './domain/reports/report-links';
import { roleDirectory } from './domain/roles/role-directory';
import { keyedReceiptCodes } from './domain/signals/receipt-codes';
import { remindOverdueFeedback } from './domain/signals/remind-overdue-feedback';
import { wakingSignals } from './domain/signals/waking-signals';
import { defaultTenantSettings } from './domain/tenants/default-tenant-settings';
import { type MeetingPlan, meetingCalendarFile, postAgendaDigest } from './domain/werkgroep/meetings';
import { ActionReminders } from './domain/werkgroep/remind-actions';
import type { Goal, WerkgroepAction, WerkgroepChannel } from './domain/werkgroep/werkgroep';
import type { WerkgroepStores } from './domain/werkgroep/werkgroep-repositories';
import { createHttpServer } from './http/create-server';
import { languageResolver } from './http/tab-api-routes';
import { tabAuthenticator } from './http/tab-auth/tab-authenticator';
import { playbookSeed } from './i18n/playbook-seed';
import type { IdSource } from './ids';
import type { Logger } from './logger';
import { DeliveryPacer, type PacingLimits } from './outbox/delivery-pacer';
import { type DispatcherLoop, startDispatcherLoop } from './outbox/dispatcher-loop';
import {
  DEFAULT_DISPATCHER_OPTIONS,
  type DispatcherOptions,
  OutboxDispatcher,
  type Sleep,
} from './outbox/outbox-dispatcher';
import { wakingOutbox } from './outbox/wake-on-outbox-writes';
import { CosmosScheduleRepository } from './scheduling/cosmos-schedule-repository';
import { SchedulerTick } from './scheduling/scheduler-tick';
import { TenantCalendars } from './scheduling/tenant-calendars';
import { StartupState } from './startup/startup-state';
import { DEFAULT_STARTUP_RETRY, type StartupRetryOptions, waitForStore } from './startup/wait-for-store';
import { CachedTenantSettings } from './storage/cached-tenant-settings';
import { CosmosAuditLog } from './storage/cosmos-audit-log';
import { CosmosAuditReader } from './storage/cosmos-audit-reader';
import { CosmosCaseRepository } from './storage/cosmos-case-repository';
import { CosmosDocuments } from './storage/cosmos-documents';
import { CosmosFigureQueries } from './storage/cosmos-figure-queries';
import { CosmosOutboxRepository } from './storage/cosmos-outbox-repository';
import { CosmosPersonReads } from './storage/cosmos-person-reads';
import { CosmosProcessedActivities } from './storage/cosmos-processed-activities';
import { CosmosReporterLinkRepository } from './storage/cosmos-reporter-link-repository';
import { CosmosRetentionStore } from './storage/cosmos-retention-for-privacy';
import { CosmosRoleRepository } from './storage/cosmos-role-repository';
import { CosmosSignalFigureSnapshots } from './storage/cosmos-signal-figure-snapshots';
import { CosmosSignalRepository } from './storage/cosmos-signal-repository';
import type { CosmosStore } from './storage/cosmos-store';
import { CosmosSubjectAccess } from './storage/cosmos-subject-access-for-privacy';
import { CosmosTechnicalExpiry } from './storage/cosmos-technical-expiry-for-privacy';
import { CosmosTenantSettingsRepository } from './storage/cosmos-tenant-settings-repository';
import { CosmosUserProfileRepository } from './storage/cosmos-user-profile-repository';
import { localKeyRing, parseKeyRing } from './storage/reporter-link-keys-for-privacy';
import { SameTickBulk } from './storage/same-tick-bulk';
import type { BotServices } from './teams/bot-services';
import { createAdapter } from './teams/create-adapter';
import { DaadkrachtBot } from './teams/daadkracht-bot';
import { paceReplies } from './teams/pace-replies';
import { TeamsOutboxDelivery } from './teams/teams-outbox-delivery';
import {
  type GiveWay,
  noWaiting,
  oneByOneGivingWay,
  type TurnsFirstOptions,
  turnsFirst,
} from './turns-first';

export interface AppDeps {
  config: Config;
  store: CosmosStore;
  clock: Clock;
  ids: IdSource;
  logger: Logger;
  /** Poll the outbox on a timer; tests turn this off and drain the outbox themselves. */
  runDispatcherLoop: boolean;
  dispatcherOptions?: DispatcherOptions;
  /** How the dispatcher waits between paced sends; tests move their clock instead. */
  sleep?: Sleep;
  /** The outbox's pacing; Teams' limits unless a simulation uses others. */
  pacing?: PacingLimits;
  /** The receipt-code key when the configuration has none (local mode: kept in the data dir). */
  receiptCodeSecret?: string;
  /**
   * How background work gives way to turns (bot/turns-first.ts); `elapsed` is a monotonic clock
   * (real time by default: the wait is about the processor, not the calendar).
   */
  turnsFirst?: { options?: TurnsFirstOptions; elapsed?: () => number };
  /** Called once the server listens, before the store is reached (start-up may take minutes). */
  onListening?(url: string): void;
  startupRetry?: StartupRetryOptions;
  /** Aborting it stops a start-up that is still waiting for the store. */
  signal?: AbortSignal;
}

export interface RunningApp {
  url: string;
  services: BotServices;
  dispatcher: OutboxDispatcher;
  /** The periodic checks (overdue feedback); runs every minute with the loop on. */
  runPeriodicChecks(): Promise<void>;
  stop(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 10_000;
const PERIODIC_CHECK_MS = 60_000;

/**
 * Wires storage -> domain -> Teams edge -> HTTP, starts listening, then waits (with retries) until
 * the store answers before it runs turns and background work; resolves when ready.
 */
export async function startApp(deps: AppDeps): Promise<RunningApp> {
  const { config, store, clock, ids, logger } = deps;
  const receiptCodeSecret = config.receiptCodeSecret ?? deps.receiptCodeSecret;
  if (!receiptCodeSecret) throw new Error('RECEIPT_CODE_SECRET is not set');
  const tenantData = store.container('tenantData');
  const users = new CosmosUserProfileRepository(tenantData);
  const tenantSettings = cachedSettings(clock, tenantData, defaultTenantSettings(config.defaultLanguage));
  const roleRepository = new CosmosRoleRepository(tenantData);
  const roles = roleDirectory(roleRepository, {
    admins: config.seedAdminIds,
    coordinators: config.seedCoordinatorIds,
  });
  // The key that seals links to anonymous reporters lives outside the database (docs/privacy.md).
  const linkSealer = new LinkSealer(
    config.reporterLinkKeys
      ? parseKeyRing(config.reporterLinkKeys)
      : await localKeyRing(config.localDataDir, logger),
  );
  const reporterLinks = new CosmosReporterLinkRepository(tenantData, linkSealer);
  const calendars = new TenantCalendars(tenantSettings);
  const workingDaysOf = (tenantId: string, settings?: { extraNonWorkingDays: string[] }) =>
    calendars.forTenant(tenantId, settings);
  const schedules = new CosmosScheduleRepository(tenantData);
  const werkgroep: WerkgroepStores = {
    channels: new CosmosDocuments<WerkgroepChannel>(tenantData, 'werkgroep-channel'),
    actions: new CosmosDocuments<WerkgroepAction>(tenantData, 'action'),
    goals: new CosmosDocuments<Goal>(tenantData, 'goal'),
    meetings: new CosmosDocuments<MeetingPlan>(tenantData, 'meeting-plan'),
  };
  const rounds = new CosmosDocuments<HerijkingRound>(tenantData, 'herijking-round');
  const answers = new CosmosDocuments<HerijkingAnswer>(tenantData, 'herijking-answer');
  // Writes that create outbox entries wake the dispatcher (see wake-on-outbox-writes.ts).
  let wakeDispatcher = () => {};
  const outbox = wakingOutbox(new CosmosOutboxRepository(tenantData, store.container('outboxHistory')), () =>
    wakeDispatcher(),
  );
  const adapter = createAdapter(config, logger);
  // One pacer for what this instance sends to Teams: the outbox's sends and, counted, the replies.
  const pacer = new DeliveryPacer(deps.pacing);
  adapter.use(paceReplies(pacer, () => clock.now().getTime()));
  const delivery = new TeamsOutboxDelivery(
    adapter,
    (tenantId) => appIdForTenant(config.bot.registrations, tenantId),
    {
      users,
      reporterLinks,
      channels: werkgroep.channels,
      tenantSettings,
      clock,
      receiptCodeOf: keyedReceiptCodes(receiptCodeSecret),
      publicBaseUrl: config.publicBaseUrl,
    },
  );
  const dispatcher = new OutboxDispatcher(
    outbox,
    delivery,
    (entry, at) => reportUnreachable({ roles, outbox }, entry, at),
    clock,
    logger,
    deps.dispatcherOptions ?? { ...DEFAULT_DISPATCHER_OPTIONS, leaseMs: config.outboxLeaseMs },
    pacer,
    deps.sleep,
  );
  // Started once the store answers.
  let loop: DispatcherLoop | undefined;
  wakeDispatcher = () => loop?.kick();

  const figures = new CosmosFigureQueries(tenantData);
  // The turn opener's reads, the dedupe claim and a signal read ahead, asked for at the same moment: one request.
  const turnOpening = new SameTickBulk(tenantData);
  const services: BotServices = {
    signals: wakingSignals(new CosmosSignalRepository(tenantData, turnOpening), () => wakeDispatcher()),
    cases: new CosmosCaseRepository(tenantData),
    users,
    personReads: new CosmosPersonReads(turnOpening, users),
    tenantSettings,
    roles,
    roleRepository,
    reporterLinks,
    workingDaysOf,
    schedules,
    werkgroep,
    rounds,
    answers,
    audit: new CosmosAuditLog(store.container('audit'), ids),
    botAppIdFor: (tenantId) => appIdForTenant(config.bot.registrations, tenantId),
    retention: new CosmosRetentionStore(tenantData, store.container('outboxHistory')),
    auditTrail: new CosmosAuditReader(store.container('audit')),
    linkSealer,
    subjectAccess: new CosmosSubjectAccess(tenantData),
    outbox,
    processedActivities: new CosmosProcessedActivities(tenantData, turnOpening),
    figures,
    signalFigures: new FreshSignalFigures({
      figures,
      figureSnapshots: new CosmosSignalFigureSnapshots(tenantData),
      tenantSettings,
      workingDaysOf,
      clock,
      refreshFailed: (_tenantId, error) =>
        logger.warn({ err: error }, 'refreshing the dashboard figures failed'),
    }),
    reportLinks: new CosmosDocuments<ReportLink>(tenantData, 'council-report-link'),
    playbooks: new CosmosDocuments<StoredPlaybook>(tenantData, 'playbook'),
    caseQueues: new CosmosDocuments<MonthlyCaseQueue>(tenantData, 'monthly-case-queue'),
    clock,
    ids,
    receiptCodeOf: keyedReceiptCodes(receiptCodeSecret),
    logger,
    allowedTenantIds: config.allowedTenantIds,
    publicBaseUrl: config.publicBaseUrl,
    kickDispatcher: () => loop?.kick(),
  };
  const bot = new DaadkrachtBot(services);
  const startup = new StartupState();
  const isTenantAllowed = (tenantId: string) =>
    config.allowedTenantIds.length === 0 || config.allowedTenantIds.includes(tenantId);
  const http = createHttpServer({
    adapter,
    bot,
    startup,
    storeHealth: () => store.health(),
    calendarFor: (tenantId, token) => meetingCalendarFile(services, tenantId, token),
    isTenantAllowed,
    serviceUrlPolicy: { loopbackOnly: !config.bot.appId },
    logger,
    tab: {
      tab: config.tab,
      defaultLanguage: config.defaultLanguage,
      publicBaseUrl: config.publicBaseUrl,
      authenticate: tabAuthenticator(config.tab, isTenantAllowed),
      dashboard: services,
      report: services,
      playbook: services,
      monthlyCase: services,
      isTenantAllowed,
      languageOf: languageResolver(services),
      logger,
    },
  });
  http.server.listen(config.port, config.host);
  await once(http.server.server, 'listening');
  const { port } = http.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  deps.onListening?.(url);
  try {
    await waitForStore(store, startup, logger, deps.startupRetry ?? DEFAULT_STARTUP_RETRY, deps.signal);
  } catch (error) {
    http.server.server.closeAllConnections?.();
    await new Promise<void>((resolve) => http.server.close(() => resolve()));
    throw error;
  }
  // Background work waits (a bounded while) for the turns being answered on this instance.
  const giveWay = turnsFirst(() => http.inFlight(), deps.turnsFirst?.options, deps.turnsFirst?.elapsed);
  if (deps.runDispatcherLoop) {
    loop = startDispatcherLoop(
      {
        runOnce: () => dispatcher.runOnce(),
        stop: () => dispatcher.stop(),
        nextDueAt: () => dispatcher.nextDueAt(),
      },
      config.outboxPollMs,
      () => clock.now().getTime(),
      logger,
      giveWay,
    );
  }

  // Schedules (the quarterly herijking) run through the tick: one claim per occurrence, across instances.
  const scheduler = new SchedulerTick(schedules, workingDaysOf, logger)
    .on('herijking-open', async (schedule, at) => {
      await openRound(services, schedule.tenantId, at);
    })
    .on('werkgroep-digest', async (schedule, at) => {
      await postAgendaDigest(services, schedule.tenantId, at);
    })
    .on('monthly-case', async (schedule, at) => {
      await sendMonthlyCase({ ...services, seedFor: playbookSeed }, schedule.tenantId, at);
    });
  // Retention and expiry of technical documents: once a day, safe on every instance (ETags).
  const privacyJobs = new DailyPrivacyJobs({
    ...services,
    technical: new CosmosTechnicalExpiry(store.container('outboxHistory'), tenantData),
    resealLinks: () => reporterLinks.resealAll(),
  });
  // Whether feedback is overdue changes with the date only (due dates are days): once a day, not
  // every minute, which re-wrote each overdue signal's reminder (an outbox create refused as taken).
  const overdueFeedback = new OnceADay(clock, () =>
    remindOverdueFeedback({ signals: services.signals, roles, outbox, clock }),
  );
  const actionReminders = new ActionReminders({ werkgroep, outbox, clock, workingDaysOf, tenantSettings });
  // On the timer each check gives way to the turns in flight first; run by hand (tests), none waits.
  const periodicChecks = async (giveWayBeforeEach: GiveWay) => {
    await oneByOneGivingWay(
      [
        () => scheduler.runOnce(clock.now()),
        () => overdueFeedback.run(),
        () => actionReminders.run(),
        () => advanceRounds(services),
        () => privacyJobs.runIfNewDay(),
      ],
      giveWayBeforeEach,
    );
    loop?.kick();
  };
  const runPeriodicChecks = () => periodicChecks(noWaiting);
  const checks = deps.runDispatcherLoop
    ? setInterval(
        () =>
          void periodicChecks(giveWay).catch((error) =>
            logger.error({ err: error }, 'periodic checks failed'),
          ),
        PERIODIC_CHECK_MS,
      )
    : undefined;

  return {
    url,
    services,
    dispatcher,
    runPeriodicChecks,
    stop: async () => {
      clearInterval(checks);
      // Stop taking new requests, let turns in flight finish, then stop sending.
      const closed = new Promise<void>((resolve) => http.server.close(() => resolve()));
      const deadline = Date.now() + SHUTDOWN_GRACE_MS;
      while (http.inFlight() > 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 25));
      http.server.server.closeIdleConnections?.();
      await services.processedActivities.settled();
      await loop?.stop();
      await closed;
    },
  };
}

/** Settings are read by nearly every turn and change a few times a year: see CachedTenantSettings. */
function cachedSettings(clock: Clock, ...args: ConstructorParameters<typeof CosmosTenantSettingsRepository>) {
  return new CachedTenantSettings(new CosmosTenantSettingsRepository(...args), () => clock.now().getTime());
}
