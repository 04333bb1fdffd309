import type { CloudAdapter } from 'botbuilder';
import restify from 'restify';
import type { Logger } from '../logger';
import type { StartupState } from '../startup/startup-state';
import type { StoreHealth } from '../storage/store-health';
import type { DaadkrachtBot } from '../teams/daadkracht-bot';
import { type CalendarSource, registerCalendarRoute } from './calendar-route';
import { checkIncomingActivity, type ServiceUrlPolicy } from './incoming-activity';
import { registerTabRoutes, type TabRoutesDeps } from './tab-routes';

export interface HttpServerDeps {
  adapter: CloudAdapter;
  bot: DaadkrachtBot;
  startup: StartupState;
  storeHealth(): Promise<StoreHealth>;
  calendarFor: CalendarSource;
  isTenantAllowed(tenantId: string): boolean;
  serviceUrlPolicy: ServiceUrlPolicy;
  logger: Logger;
  tab: TabRoutesDeps;
}

export interface HttpServer {
  server: restify.Server;
  /** Requests being processed now; shutdown waits for them. */
  inFlight(): number;
}

const STARTING_RETRY_AFTER_S = 5;

/** The HTTP surface: Bot Framework messages in, health and the meeting calendar out. */
export function createHttpServer({
  adapter,
  bot,
  startup,
  storeHealth,
  calendarFor,
  isTenantAllowed,
  serviceUrlPolicy,
  logger,
  tab,
}: HttpServerDeps): HttpServer {
  const server = restify.createServer({ name: 'daadkracht' });
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
  let inFlight = 0;

  server.post('/api/messages', async (req, res) => {
    // Until the store answers no turn can run: a clear 503 with Retry-After, not a 401 or 500.
    if (!startup.ready) {
      res.header('Retry-After', String(STARTING_RETRY_AFTER_S));
      res.send(503, { status: 'starting' });
      return;
    }
    inFlight += 1;
    try {
      const check = checkIncomingActivity(req.body, serviceUrlPolicy);
      if (!check.ok) {
        logger.warn({ reason: check.reason }, 'malformed activity refused');
        res.send(400, { error: 'BadRequest', message: check.reason });
        return;
      }
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (error) {
      logger.error({ err: error }, 'processing an activity failed');
      if (!res.headersSent) res.send(500);
    } finally {
      inFlight -= 1;
    }
  });

  server.get('/healthz', async (_req, res) => {
    if (!startup.ready) {
      res.send(503, { status: 'starting', store: startup.reason ?? 'connecting' });
      return;
    }
    const health = await storeHealth();
    res.send(health.reachable ? 200 : 503, {
      status: health.reachable ? 'ok' : 'degraded',
      store: health.reachable ? 'reachable' : health.reason,
    });
  });

  registerCalendarRoute(server, calendarFor, isTenantAllowed, logger);
  registerTabRoutes(server, tab);

  return { server, inFlight: () => inFlight };
}
