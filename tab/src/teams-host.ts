import { app } from '@microsoft/teams-js';

export type Theme = 'default' | 'dark' | 'contrast';

export interface HostContext {
  /** False when the page is opened in a plain browser (local mode only). */
  inTeams: boolean;
  theme: Theme;
  locale?: string;
  tenantId?: string;
}

function asTheme(value: string | null | undefined): Theme {
  return value === 'dark' || value === 'contrast' ? value : 'default';
}

/**
 * Starts teams-js and reads the context. Outside Teams (a plain browser, local mode) there is no
 * host to talk to; the theme then comes from `?theme=` so each theme can be looked at.
 */
export async function connectToHost(onThemeChange: (theme: Theme) => void): Promise<HostContext> {
  if (window.parent === window) {
    return { inTeams: false, theme: asTheme(new URLSearchParams(location.search).get('theme')) };
  }
  await app.initialize();
  const context = await app.getContext();
  app.registerOnThemeChangeHandler((theme) => onThemeChange(asTheme(theme)));
  app.notifySuccess();
  return {
    inTeams: true,
    theme: asTheme(context.app.theme),
    locale: context.app.locale,
    tenantId: context.user?.tenant?.id,
  };
}
