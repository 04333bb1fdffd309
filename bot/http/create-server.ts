import type { CloudAdapter } from 'botbuilder';
import restify from 'restify';
import type { Logger } from '../logger';
import type { DaadkrachtBot } from '../teams/daadkracht-bot';
import { type CalendarSource, registerCalendarRoute } from './calendar-route';
import { registerTabRoutes, type TabRoutesDeps } from './tab-routes';

export interface HttpServerDeps {
  adapter: CloudAdapter;
  bot: DaadkrachtBot;
  isStoreReachable(): Promise<boolean>;
  calendarFor: CalendarSource;
  isTenantAllowed(tenantId: string): boolean;
  logger: Logger;
  tab: TabRoutesDeps;
}

export interface HttpServer {
  server: restify.Server;
  /** Requests being processed now; shutdown waits for them. */
  inFlight(): number;
}

/** The HTTP surface: Bot Framework messages in, health and the meeting calendar out. */
export function createHttpServer({
  adapter,
  bot,
  isStoreReachable,
  calendarFor,
  isTenantAllowed,
  logger,
  tab,
}: HttpServerDeps): HttpServer {
  const server = restify.createServer({ name: 'daadkracht' });
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
  let inFlight = 0;

  server.post('/api/messages', async (req, res) => {
    inFlight += 1;
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (error) {
      logger.error({ err: error }, 'processing an activity failed');
      if (!res.headersSent) res.send(500);
    } finally {
      inFlight -= 1;
    }
  });

  server.get('/healthz', async (_req, res) => {
    const storeReachable = await isStoreReachable();
    res.send(storeReachable ? 200 : 503, {
      status: storeReachable ? 'ok' : 'degraded',
      store: storeReachable ? 'reachable' : 'unreachable',
    });
  });

  registerCalendarRoute(server, calendarFor, isTenantAllowed, logger);
  registerTabRoutes(server, tab);

  return { server, inFlight: () => inFlight };
}
