/** The values that turn manifest.template.json into a manifest for one deployment. */
export interface ManifestValues {
  BOT_ID: string;
  TEAMS_APP_ID: string;
  BOT_DOMAIN: string;
  /** The SSO app registration of the dashboard tab (webApplicationInfo). */
  TAB_CLIENT_ID: string;
  APP_VERSION: string;
  PUBLISHER_NAME: string;
  PUBLISHER_WEBSITE_URL: string;
  PRIVACY_URL: string;
  TERMS_URL: string;
}

export class PackageError extends Error {
  constructor(
    readonly problems: string[],
    heading = 'Cannot build the Teams app package',
  ) {
    super(`${heading}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** The manifest schema's semver: three numbers, no pre-release tag. */
const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

function text(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function httpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Reads the package's settings from the environment, with one clear message per missing or
 * invalid value. MICROSOFT_APP_ID, BOT_DOMAIN and TAB_CLIENT_ID are required.
 */
export function readManifestValues(env: NodeJS.ProcessEnv, packageVersion: string): ManifestValues {
  const problems: string[] = [];

  const botId = text(env, 'MICROSOFT_APP_ID')?.toLowerCase();
  if (!botId) {
    problems.push('MICROSOFT_APP_ID is required: the bot identity\'s client id (deployment output "botId")');
  } else if (!GUID.test(botId)) {
    problems.push(`MICROSOFT_APP_ID must be a GUID (got "${botId}")`);
  }

  const teamsAppId = text(env, 'TEAMS_APP_ID')?.toLowerCase() ?? botId;
  if (teamsAppId && teamsAppId !== botId && !GUID.test(teamsAppId)) {
    problems.push(`TEAMS_APP_ID must be a GUID (got "${teamsAppId}")`);
  }

  const rawDomain = text(env, 'BOT_DOMAIN');
  const domain = rawDomain?.toLowerCase();
  if (!domain) {
    problems.push('BOT_DOMAIN is required: the web app\'s host name (deployment output "botDomain")');
  } else if (!HOST_NAME.test(domain)) {
    const hint = /[:/]/.test(domain) ? ', without https:// or a path' : '';
    problems.push(
      `BOT_DOMAIN must be a host name only${hint}, e.g. daadkracht-abc123.azurewebsites.net (got "${rawDomain}")`,
    );
  }

  const tabClientId = text(env, 'TAB_CLIENT_ID')?.toLowerCase();
  if (!tabClientId) {
    problems.push(
      'TAB_CLIENT_ID is required: the dashboard tab\'s app registration (see "Dashboard tab: sign-in")',
    );
  } else if (!GUID.test(tabClientId)) {
    problems.push(`TAB_CLIENT_ID must be a GUID (got "${tabClientId}")`);
  }

  const version = text(env, 'APP_VERSION') ?? packageVersion;
  if (!VERSION.test(version)) {
    problems.push(`APP_VERSION must be three numbers like 1.4.0 (got "${version}")`);
  }

  const publisherName = text(env, 'PUBLISHER_NAME') ?? 'Daadkracht';
  if (publisherName.length > 32) {
    problems.push(`PUBLISHER_NAME may have at most 32 characters (got ${publisherName.length})`);
  }

  const site = text(env, 'PUBLISHER_WEBSITE_URL') ?? (domain ? `https://${domain}/` : '');
  const urls = {
    PUBLISHER_WEBSITE_URL: site,
    PRIVACY_URL: text(env, 'PRIVACY_URL') ?? site,
    TERMS_URL: text(env, 'TERMS_URL') ?? site,
  };
  for (const [name, value] of Object.entries(urls)) {
    if (value && !httpsUrl(value)) problems.push(`${name} must be an https URL (got "${value}")`);
  }

  if (problems.length > 0) throw new PackageError(problems);
  return {
    BOT_ID: botId as string,
    TEAMS_APP_ID: teamsAppId as string,
    BOT_DOMAIN: domain as string,
    TAB_CLIENT_ID: tabClientId as string,
    APP_VERSION: version,
    PUBLISHER_NAME: publisherName,
    ...urls,
  };
}
