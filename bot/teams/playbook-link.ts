/**
 * Where a card sends someone for the whole playbook. In Teams: a deep link to the app's personal
 * Playbook tab (entity `playbook` in the manifest; the app id is the bot's, as `npm run package`
 * makes it unless TEAMS_APP_ID says otherwise). Without an app id (local mode): the tab page on
 * the bot's own address. Undefined when neither is known; the card then names the tab.
 */
export function playbookLink(
  botAppId: string | undefined,
  publicBaseUrl: string | undefined,
): string | undefined {
  if (botAppId) return `https://teams.microsoft.com/l/entity/${encodeURIComponent(botAppId)}/playbook`;
  if (publicBaseUrl) return `${publicBaseUrl.replace(/\/$/, '')}/tab/?view=playbook`;
  return undefined;
}
