import type restify from 'restify';
import { playbookSeed } from '../i18n/playbook-seed';
import { registerReportLinkRoute } from './report-link-route';
import { registerReportRoute, registerTabApiRoutes } from './tab-api-routes';
import { registerTabMonthlyCaseRoutes, type TabMonthlyCaseDeps } from './tab-monthly-case-routes';
import { registerTabPageRoutes } from './tab-page-routes';
import { registerTabPlaybookRoutes, type TabPlaybookDeps } from './tab-playbook-routes';

export type TabRoutesDeps = TabPlaybookDeps & TabMonthlyCaseDeps;

/** The dashboard tab: its page and its JSON API, on the bot's own server. */
export function registerTabRoutes(server: restify.Server, deps: TabRoutesDeps): void {
  registerTabPageRoutes(server, deps.tab.localMode, deps.logger);
  registerTabApiRoutes(server, deps);
  registerReportRoute(server, deps);
  registerTabPlaybookRoutes(server, deps);
  registerTabMonthlyCaseRoutes(server, deps, playbookSeed);
  registerReportLinkRoute(server, deps.report, deps.isTenantAllowed, deps.logger);
}
