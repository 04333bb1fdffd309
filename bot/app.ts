import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Clock } from './clock';
import type { Config } from './config';
import { advanceRounds, openRound } from './domain/herijking/herijking-rounds';
import type { HerijkingAnswer, HerijkingRound } from './domain/herijking/round';
import type { ReportLink } from './domain/reports/report-links';
import { roleDirectory } from './domain/roles/role-directory';
import { DEFAULT_FEEDBACK_LEVELS } from './domain/signals/feedback-deadlines';
import { remindOverdueFeedback } from './domain/signals/remind-overdue-feedback';
import { DEFAULT_ACTION_REMINDERS, DEFAULT_HERIJKING } from './domain/tenants/tenant-settings';
import { type MeetingPlan, meetingCalendarFile, postAgendaDigest } from './domain/werkgroep/meetings';
import { remindActions } from './domain/werkgroep/remind-actions';
import type { Goal, WerkgroepAction, WerkgroepChannel } from './domain/werkgroep/werkgroep';
import type { WerkgroepStores } from './domain/werkgroep/werkgroep-repositories';
import { createHttpServer } from './http/create-server';
import { languageResolver } from './http/tab-api-routes';
import { tabAuthenticator } from './http/tab-auth/tab-authenticator';
import type { IdSource } from './ids';
import type { Logger } from './logger';
import { DeliveryPacer } from './outbox/delivery-pacer';
import {
  DEFAULT_DISPATCHER_OPTIONS,
  type DispatcherOptions,
  OutboxDispatcher,
  type Sleep,
} from './outbox/outbox-dispatcher';
import { CosmosScheduleRepository } from './scheduling/cosmos-schedule-repository';
import { SchedulerTick } from './scheduling/scheduler-tick';
import { TenantCalendars } from './scheduling/tenant-calendars';
import { CosmosAuditLog } from './storage/cosmos-audit-log';
import { CosmosDocuments } from './storage/cosmos-documents';
import { CosmosFigureQueries } from './storage/cosmos-figure-queries';
import { CosmosOutboxRepository } from './storage/cosmos-outbox-repository';
import { CosmosProcessedActivities } from './storage/cosmos-processed-activities';
import { CosmosReporterLinkRepository } from './storage/cosmos-reporter-link-repository';
import { CosmosRoleRepository } from './storage/cosmos-role-repository';
import { CosmosSignalRepository } from './storage/cosmos-signal-repository';
import type { CosmosStore } from './storage/cosmos-store';
import { CosmosTenantSettingsRepository } from './storage/cosmos-tenant-settings-repository';
import { CosmosUserProfileRepository } from './storage/cosmos-user-profile-repository';
import type { BotServices } from './teams/bot-services';
import { createAdapter } from './teams/create-adapter';
import { DaadkrachtBot } from './teams/daadkracht-bot';
import { TeamsOutboxDelivery } from './teams/teams-outbox-delivery';

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

/** Wires storage -> domain -> Teams edge -> HTTP and starts listening. */
export async function startApp(deps: AppDeps): Promise<RunningApp> {
  const { config, store, clock, ids, logger } = deps;
  const tenantData = store.container('tenantData');
  const users = new CosmosUserProfileRepository(tenantData);
  const tenantSettings = new CosmosTenantSettingsRepository(tenantData, {
    defaultLanguage: config.defaultLanguage,
    fourEyesClosure: true,
    feedback: DEFAULT_FEEDBACK_LEVELS,
    extraNonWorkingDays: [],
    herijking: DEFAULT_HERIJKING,
    actionReminders: DEFAULT_ACTION_REMINDERS,
  });
  const roleRepository = new CosmosRoleRepository(tenantData);
  const roles = roleDirectory(roleRepository, {
    admins: config.seedAdminIds,
    coordinators: config.seedCoordinatorIds,
  });
  const reporterLinks = new CosmosReporterLinkRepository(tenantData);
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
  const outbox = new CosmosOutboxRepository(tenantData);
  const adapter = createAdapter(config, logger);
  const delivery = new TeamsOutboxDelivery(adapter, config.bot.appId ?? '', {
    users,
    reporterLinks,
    channels: werkgroep.channels,
    tenantSettings,
    clock,
    publicBaseUrl: config.publicBaseUrl,
  });
  const dispatcher = new OutboxDispatcher(
    outbox,
    delivery,
    roles,
    clock,
    logger,
    deps.dispatcherOptions ?? DEFAULT_DISPATCHER_OPTIONS,
    new DeliveryPacer(),
    deps.sleep,
  );
  const loop = deps.runDispatcherLoop
    ? startDispatcherLoop(dispatcher, config.outboxPollMs, logger)
    : undefined;

  const services: BotServices = {
    signals: new CosmosSignalRepository(tenantData),
    users,
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
    outbox,
    processedActivities: new CosmosProcessedActivities(tenantData),
    figures: new CosmosFigureQueries(tenantData),
    reportLinks: new CosmosDocuments<ReportLink>(tenantData, 'council-report-link'),
    clock,
    ids,
    logger,
    allowedTenantIds: config.allowedTenantIds,
    publicBaseUrl: config.publicBaseUrl,
    kickDispatcher: () => loop?.kick(),
  };
  const bot = new DaadkrachtBot(services);
  const isTenantAllowed = (tenantId: string) =>
    config.allowedTenantIds.length === 0 || config.allowedTenantIds.includes(tenantId);
  const http = createHttpServer({
    adapter,
    bot,
    isStoreReachable: () => store.isReachable(),
    calendarFor: (tenantId, token) => meetingCalendarFile(services, tenantId, token),
    isTenantAllowed,
    logger,
    tab: {
      tab: config.tab,
      defaultLanguage: config.defaultLanguage,
      publicBaseUrl: config.publicBaseUrl,
      authenticate: tabAuthenticator(config.tab, isTenantAllowed),
      dashboard: services,
      report: services,
      isTenantAllowed,
      languageOf: languageResolver(services),
      logger,
    },
  });
  http.server.listen(config.port, config.host);
  await once(http.server.server, 'listening');
  const { port } = http.server.address() as AddressInfo;

  // Schedules (the quarterly herijking) run through the tick: one claim per occurrence, across instances.
  const scheduler = new SchedulerTick(schedules, workingDaysOf, logger)
    .on('herijking-open', async (schedule, at) => {
      await openRound(services, schedule.tenantId, at);
    })
    .on('werkgroep-digest', async (schedule, at) => {
      await postAgendaDigest(services, schedule.tenantId, at);
    });
  const runPeriodicChecks = async () => {
    await scheduler.runOnce(clock.now());
    await remindOverdueFeedback({ signals: services.signals, roles, outbox, clock });
    await remindActions({ werkgroep, outbox, clock, workingDaysOf, tenantSettings });
    await advanceRounds(services);
    loop?.kick();
  };
  const checks = deps.runDispatcherLoop
    ? setInterval(
        () =>
          void runPeriodicChecks().catch((error) => logger.error({ err: error }, 'periodic checks failed')),
        PERIODIC_CHECK_MS,
      )
    : undefined;

  return {
    url: `http://127.0.0.1:${port}`,
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
      await loop?.stop();
      await closed;
    },
  };
}

interface DispatcherLoop {
  kick(): void;
  stop(): Promise<void>;
}

function startDispatcherLoop(dispatcher: OutboxDispatcher, pollMs: number, logger: Logger): DispatcherLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const schedule = (delay: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      current = dispatcher
        .runOnce()
        .catch((error) => logger.error({ err: error }, 'outbox pass failed'))
        .finally(() => schedule(pollMs));
    }, delay);
  };
  schedule(0);
  return {
    kick: () => schedule(0),
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await dispatcher.stop();
      await current;
    },
  };
}
