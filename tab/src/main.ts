import type { Dashboard } from '../../bot/domain/figures/dashboard';
import { ApiRefusal, getJson, loadPageConfig, type PageConfig } from './api';
import { destroyCharts } from './charts';
import { renderDashboard } from './render-dashboard';
import { reportForm } from './report-form';
import { tokenForApi } from './sign-in';
import { type StringTable, translator } from './strings';
import { connectToHost, type HostContext, type Theme } from './teams-host';

interface DashboardResponse {
  language: string;
  strings: StringTable;
  figures: Dashboard;
}

const byId = (id: string) => document.getElementById(id) as HTMLElement;

function applyTheme(theme: Theme): void {
  document.body.className = `theme-${theme}`;
}

function currentQuarter(today: string): string {
  const [year, month] = today.split('-').map(Number) as [number, number];
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** The page: connect to Teams, sign in, fetch the figures, draw them; redraw on a theme change. */
async function start(): Promise<void> {
  const config: PageConfig = await loadPageConfig();
  let t = translator(config.strings);
  document.documentElement.lang = config.language;
  byId('title').textContent = t('tab.title');
  byId('status').textContent = t('tab.loading');
  if (config.localMode) {
    const banner = byId('banner');
    banner.textContent = t('tab.localBanner');
    banner.hidden = false;
  }

  let redraw = () => {};
  const host: HostContext = await connectToHost((theme) => {
    applyTheme(theme);
    redraw();
  });
  applyTheme(host.theme);

  const token = async () =>
    config.localMode || !config.auth ? undefined : tokenForApi(config.auth, host.tenantId);
  let response: DashboardResponse;
  try {
    response = await getJson<DashboardResponse>('/api/tab/dashboard', await token());
  } catch (error) {
    byId('status').textContent =
      error instanceof ApiRefusal
        ? error.message || t(error.status === 403 ? 'tab.noAccess' : 'tab.signInFailed')
        : t('tab.loadFailed');
    byId('main').setAttribute('aria-busy', 'false');
    return;
  }
  t = translator(response.strings);
  document.documentElement.lang = response.language;
  byId('title').textContent = t('tab.title');
  redraw = () => {
    destroyCharts();
    const content = byId('content');
    content.replaceChildren(...renderDashboard(response.figures, t, response.language));
    if (response.figures.access === 'full')
      content.append(reportForm(t, currentQuarter(response.figures.today), token));
  };
  // The signal figures are a snapshot of at most a few minutes old: say when they were counted.
  const countedAt = new Intl.DateTimeFormat(response.language, {
    timeZone: 'Europe/Amsterdam',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(response.figures.computedAt));
  byId('status').textContent = t('tab.asOf', { date: response.figures.today, time: countedAt });
  redraw();
  byId('main').setAttribute('aria-busy', 'false');
}

void start();
