import type restify from 'restify';
import type { TabConfig } from '../config';
import type { Actor } from '../domain/actor';
import { InvalidInputError, NotAllowedError } from '../domain/errors';
import { type DashboardDeps, loadDashboard } from '../domain/figures/dashboard';
import { buildQuarterlyReport } from '../domain/reports/quarterly-report';
import type { ReportLinkDeps } from '../domain/reports/report-links';
import { isLanguage, type Language, stringsFor, t } from '../i18n/translate';
import type { Logger } from '../logger';
import { renderReportCsv } from '../reports/render-report-csv';
import { renderReportDocx } from '../reports/render-report-docx';
import { renderReportHtml } from '../reports/render-report-html';
import { renderReportPdf } from '../reports/render-report-pdf';
import type { TabIdentity } from './tab-auth/entra-token-verifier';
import { TokenRejected } from './tab-auth/entra-token-verifier';
import type { TabAuthenticator } from './tab-auth/tab-authenticator';

export interface TabApiDeps {
  tab: TabConfig;
  defaultLanguage: Language;
  publicBaseUrl?: string;
  authenticate: TabAuthenticator;
  dashboard: DashboardDeps;
  report: ReportLinkDeps;
  isTenantAllowed(tenantId: string): boolean;
  /** The person's chosen language, else the tenant's. */
  languageOf(identity: TabIdentity): Promise<Language>;
  logger: Logger;
}

/** The parts of the string tables the page shows: its own texts and the labels of the figures. */
export function pageStrings(language: Language) {
  const strings = stringsFor(language);
  return {
    tab: strings.tab,
    status: strings.status,
    category: strings.category,
    partner: strings.partner,
    cases: { outcomeLabel: strings.cases.outcomeLabel },
    herijking: { status: strings.herijking.status },
    // The playbook page's own texts; its seeded texts come with the playbook itself.
    playbook: { ...strings.playbook, seed: undefined },
    lineOfWork: strings.lineOfWork,
    monthlyCase: strings.monthlyCase,
  };
}

/** The exposed scope as the page asks for it: api://<host>/<client id>/<scope>. */
function scopeUri(tab: TabConfig, publicBaseUrl: string | undefined): string | undefined {
  if (!tab.clientId || !publicBaseUrl) return undefined;
  return `api://${new URL(publicBaseUrl).host}/${tab.clientId}/${tab.scope}`;
}

/** Runs an API handler for a signed-in person; maps bad input and refusals to 400/401/403 in their language. */
export function withTabIdentity(
  deps: TabApiDeps,
  handler: (req: restify.Request, res: restify.Response, actor: Actor, language: Language) => Promise<void>,
) {
  return async (req: restify.Request, res: restify.Response) => {
    let identity: TabIdentity;
    try {
      identity = await deps.authenticate(req.header('authorization'));
    } catch (error) {
      if (error instanceof TokenRejected) {
        deps.logger.info({ reason: error.reason }, 'tab token rejected');
        res.send(401, { error: 'unauthorized', message: t(deps.defaultLanguage, 'tab.signInFailed') });
        return;
      }
      deps.logger.error({ err: error }, 'verifying a tab token failed');
      res.send(503, { error: 'unavailable', message: t(deps.defaultLanguage, 'tab.loadFailed') });
      return;
    }
    const language = await deps.languageOf(identity).catch(() => deps.defaultLanguage);
    try {
      await handler(req, res, { ...identity }, language);
    } catch (error) {
      if (error instanceof InvalidInputError) {
        // Each field's own message: the first one heads the answer, all of them go per field.
        const fieldErrors = Object.fromEntries(
          Object.entries(error.fieldErrors).map(([field, key]) => [field, t(language, key)]),
        );
        res.send(400, { error: 'invalid', message: Object.values(fieldErrors)[0], fieldErrors });
        return;
      }
      if (error instanceof NotAllowedError) {
        res.send(403, { error: 'forbidden', message: t(language, 'tab.noAccess') });
        return;
      }
      deps.logger.error({ err: error }, 'a tab API request failed');
      if (!res.headersSent) res.send(503, { error: 'unavailable', message: t(language, 'tab.loadFailed') });
    }
  };
}

/** GET /api/tab/config (no data, no sign-in) and GET /api/tab/dashboard (signed in). */
export function registerTabApiRoutes(server: restify.Server, deps: TabApiDeps): void {
  server.get('/api/tab/config', async (_req, res) => {
    const uri = scopeUri(deps.tab, deps.publicBaseUrl);
    res.header('cache-control', 'no-store');
    res.send(200, {
      localMode: deps.tab.localMode,
      language: deps.defaultLanguage,
      strings: pageStrings(deps.defaultLanguage),
      auth: deps.tab.clientId && uri ? { clientId: deps.tab.clientId, scopeUri: uri } : undefined,
    });
  });

  server.get(
    '/api/tab/dashboard',
    withTabIdentity(deps, async (_req, res, actor, language) => {
      const figures = await loadDashboard(deps.dashboard, actor);
      res.header('cache-control', 'no-store');
      res.send(200, { language, strings: pageStrings(language), figures });
    }),
  );
}

export const REPORT_FORMATS = {
  html: { type: 'text/html; charset=utf-8', render: renderReportHtml },
  csv: { type: 'text/csv; charset=utf-8', render: renderReportCsv },
  pdf: { type: 'application/pdf', render: renderReportPdf },
  docx: {
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    render: renderReportDocx,
  },
} as const;

/** GET /api/tab/report/<yyyy-Qn>.<html|csv|pdf|docx>: the council's report, for coordinators and admins. */
export function registerReportRoute(server: restify.Server, deps: TabApiDeps): void {
  server.get(
    '/api/tab/report/:file',
    withTabIdentity(deps, async (req, res, actor, language) => {
      const match = /^(.+)\.(html|csv|pdf|docx)$/.exec(String(req.params?.file ?? ''));
      if (!match) throw new InvalidInputError({ quarter: 'report.error.quarter' });
      const format = REPORT_FORMATS[match[2] as keyof typeof REPORT_FORMATS];
      const report = await buildQuarterlyReport(deps.report, actor, match[1] as string);
      res.writeHead(200, {
        'content-type': format.type,
        'content-disposition': `attachment; filename="raadsrapportage-ondermijning-${report.quarter}.${match[2]}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      res.end(await format.render(report, language));
    }),
  );
}

export function languageResolver(
  deps: Pick<DashboardDeps, 'users' | 'tenantSettings'>,
): (identity: TabIdentity) => Promise<Language> {
  return async (identity) => {
    const chosen = (await deps.users.find(identity.tenantId, identity.aadObjectId))?.language;
    if (isLanguage(chosen)) return chosen;
    return (await deps.tenantSettings.get(identity.tenantId)).defaultLanguage;
  };
}
