import type { Dashboard } from '../../bot/domain/figures/dashboard';
import { ApiRefusal, getJson, loadPageConfig, type PageConfig } from './api';
import { destroyCharts } from './charts';
import { el } from './dom';
import { startPlaybook } from './playbook-page';
import { renderDashboard } from './render-dashboard';
import { reportForm } from './report-form';
import { tokenForApi } from './sign-in';
import { type StringTable, type Translate, translator } from './strings';
import { connectToHost, type HostContext, type Theme } from './teams-host';

interface DashboardResponse {
  language: string;
  strings: StringTable;
  figures: Dashboard;
}

export type View = 'dashboard' | 'playbook';

const byId = (id: string) => document.getElementById(id) as HTMLElement;

function applyTheme(theme: Theme): void {
  document.body.className = `theme-${theme}`;
}

function currentQuarter(today: string): string {
  const [year, month] = today.split('-').map(Number) as [number, number];
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** Which view: `?view=playbook` (the Playbook tab's address, and the link in chat), else the dashboard. */
function currentView(): View {
  return new URLSearchParams(location.search).get('view') === 'playbook' ? 'playbook' : 'dashboard';
}

/** Links between the two views; the theme of a plain browser (local mode) goes along. */
function renderNav(t: Translate, view: View): void {
  const link = (target: View, label: string) => {
    const params = new URLSearchParams(location.search);
    params.set('view', target);
    const attributes: Record<string, string> = { href: `?${params.toString()}` };
    if (target === view) attributes['aria-current'] = 'page';
    return el('li', {}, [el('a', attributes, [label])]);
  };
  byId('nav').replaceChildren(
    el('ul', {}, [link('dashboard', t('tab.title')), link('playbook', t('playbook.title'))]),
  );
  byId('nav').setAttribute('aria-label', t('playbook.navLabel'));
}

export interface PageContext {
  config: PageConfig;
  host: HostContext;
  token(): Promise<string | undefined>;
  /** Texts in the tenant's language, before the API says the person's. */
  configT: Translate;
  byId(id: string): HTMLElement;
  /** Renders the navigation and title in the language the API answered in. */
  setLanguage(strings: StringTable, language: string): Translate;
}

/** The page: connect to Teams, sign in, then the view asked for; redraw on a theme change. */
async function start(): Promise<void> {
  const config: PageConfig = await loadPageConfig();
  const view = currentView();
  let t = translator(config.strings);
  const titleKey = view === 'playbook' ? 'playbook.title' : 'tab.title';
  document.documentElement.lang = config.language;
  byId('title').textContent = t(titleKey);
  renderNav(t, view);
  byId('status').textContent = t(view === 'playbook' ? 'playbook.loading' : 'tab.loading');
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
  const setLanguage = (strings: StringTable, language: string) => {
    t = translator(strings);
    document.documentElement.lang = language;
    byId('title').textContent = t(titleKey);
    renderNav(t, view);
    return t;
  };
  if (view === 'playbook') {
    await startPlaybook({ config, host, token, configT: t, byId, setLanguage });
    return;
  }
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
  setLanguage(response.strings, response.language);
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
