import type restify from 'restify';
import type { Logger } from '../logger';

/** Where a tenant's werkgroep calendar is served; the token is the capability. */
export function calendarPath(tenantId: string, token: string): string {
  return `/api/calendar/${encodeURIComponent(tenantId)}/${encodeURIComponent(token)}/werkgroep.ics`;
}

export function calendarUrl(
  baseUrl: string | undefined,
  tenantId: string,
  token: string,
): string | undefined {
  return baseUrl ? `${baseUrl}${calendarPath(tenantId, token)}` : undefined;
}

export type CalendarSource = (tenantId: string, token: string) => Promise<string | undefined>;

/**
 * GET /api/calendar/<tenant>/<token>/werkgroep.ics: the meeting series for Outlook and other
 * calendars, which fetch it without a Teams sign-in. A wrong tenant or token is a plain 404,
 * so the route says nothing about which tenants exist.
 */
export function registerCalendarRoute(
  server: restify.Server,
  calendarFor: CalendarSource,
  isTenantAllowed: (tenantId: string) => boolean,
  logger: Logger,
): void {
  server.get('/api/calendar/:tenantId/:token/werkgroep.ics', async (req, res) => {
    const { tenantId, token } = req.params as { tenantId?: string; token?: string };
    try {
      const file =
        tenantId && token && isTenantAllowed(tenantId) ? await calendarFor(tenantId, token) : undefined;
      if (!file) {
        res.send(404, { error: 'not found' });
        return;
      }
      res.writeHead(200, {
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': 'attachment; filename="werkgroep-ondermijning.ics"',
        'cache-control': 'private, max-age=300',
      });
      res.end(file);
    } catch (error) {
      logger.error({ err: error }, 'serving the meeting calendar failed');
      res.send(503, { error: 'unavailable' });
    }
  });
}
