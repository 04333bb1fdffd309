import type restify from 'restify';
import { type ReportLinkDeps, reportForLink } from '../domain/reports/report-links';
import type { Logger } from '../logger';
import { REPORT_FORMATS } from './tab-api-routes';

export function reportLinkUrl(
  base: string,
  tenantId: string,
  token: string,
  quarter: string,
  format: 'html' | 'csv',
): string {
  return `${base}/api/report/${encodeURIComponent(tenantId)}/${encodeURIComponent(token)}/raadsrapportage-${quarter}.${format}`;
}

/**
 * GET /api/report/<tenant>/<token>/raadsrapportage-<quarter>.<html|csv>: the report behind a
 * `rapport` card's link. An unknown, expired or wrong link is a plain 404.
 */
export function registerReportLinkRoute(
  server: restify.Server,
  deps: ReportLinkDeps,
  isTenantAllowed: (tenantId: string) => boolean,
  logger: Logger,
): void {
  server.get('/api/report/:tenantId/:token/:file', async (req, res) => {
    const { tenantId, token, file } = req.params as { tenantId?: string; token?: string; file?: string };
    const format = /^raadsrapportage-\d{4}-Q[1-4]\.(html|csv)$/.exec(file ?? '')?.[1] as
      | 'html'
      | 'csv'
      | undefined;
    try {
      const report =
        tenantId && token && format && isTenantAllowed(tenantId)
          ? await reportForLink(deps, tenantId, token)
          : undefined;
      if (!report || !tenantId || !format) {
        res.send(404, { error: 'not found' });
        return;
      }
      const language = (await deps.tenantSettings.get(tenantId)).defaultLanguage;
      const rendering = REPORT_FORMATS[format];
      res.writeHead(200, {
        'content-type': rendering.type,
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      });
      res.end(await rendering.render(report, language));
    } catch (error) {
      logger.error({ err: error }, 'serving a council report link failed');
      res.send(404, { error: 'not found' });
    }
  });
}
