import { z } from 'zod';

/** The only reader of process.env. Every value is validated once, at start. */
const uuidList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim().toLowerCase())
      .filter((item) => item.length > 0),
  )
  .pipe(
    z.array(
      // Loose on purpose: the Agents Playground's ids are GUID-like but one digit too long.
      z
        .string()
        .regex(
          /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12,13}$/,
          'must be a comma-separated list of Entra object ids (GUIDs)',
        ),
    ),
  );

/** The local tab user: the Agents Playground's user in its tenant, so `npm start` shows their data. */
const LOCAL_TAB_TENANT_ID = '00000000-0000-0000-0000-0000000000001';
const LOCAL_TAB_USER_ID = '00000000-0000-0000-0000-0000000000020';

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

const schema = z
  .object({
    PORT: z.coerce
      .number({ error: 'must be a port number (0-65535)' })
      .int('must be a port number (0-65535)')
      .min(0, 'must be a port number (0-65535)')
      .max(65535, 'must be a port number (0-65535)')
      .default(3978),
    HOST: optionalText,
    MICROSOFT_APP_ID: optionalText,
    MICROSOFT_APP_PASSWORD: optionalText,
    MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    MICROSOFT_APP_TENANT_ID: optionalText,
    ALLOWED_TENANT_IDS: uuidList,
    COSMOS_ENDPOINT: optionalText.pipe(z.string().url('must be an https URL').optional()),
    COSMOS_KEY: optionalText,
    COSMOS_DATABASE: z.string().trim().min(1).default('daadkracht'),
    LOCAL_DATA_DIR: z.string().trim().min(1).default('.data'),
    PUBLIC_BASE_URL: optionalText.pipe(
      z
        .string()
        .url("must be the bot's public address, e.g. https://daadkracht.azurewebsites.net")
        .optional(),
    ),
    COORDINATOR_AAD_IDS: uuidList,
    ADMIN_AAD_IDS: uuidList,
    DEFAULT_LANGUAGE: z.enum(['nl', 'en']).default('nl'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    OUTBOX_POLL_MS: z.coerce
      .number({ error: 'must be milliseconds between 50 and 60000' })
      .int('must be milliseconds between 50 and 60000')
      .min(50, 'must be milliseconds between 50 and 60000')
      .max(60_000, 'must be milliseconds between 50 and 60000')
      .default(1000),
    TAB_LOCAL_MODE: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
    TAB_LOCAL_TENANT_ID: z.string().trim().default(LOCAL_TAB_TENANT_ID),
    TAB_LOCAL_USER_ID: z.string().trim().default(LOCAL_TAB_USER_ID),
    TAB_CLIENT_ID: optionalText.pipe(
      z
        .string()
        .regex(/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i, 'must be an app registration client id (GUID)')
        .optional(),
    ),
    TAB_SSO_SCOPE: z.string().trim().min(1).default('access_as_user'),
    ENTRA_OPENID_CONFIGURATION_URL: z
      .string()
      .trim()
      .url('must be the URL of an OpenID configuration document')
      .default('https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration'),
  })
  .superRefine((env, ctx) => {
    if (env.TAB_LOCAL_MODE === 'true' && env.MICROSOFT_APP_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['TAB_LOCAL_MODE'],
        message:
          'cannot be true while MICROSOFT_APP_ID is set: the tab never runs without sign-in in production',
      });
    }
    if (env.MICROSOFT_APP_TYPE === 'SingleTenant' && env.MICROSOFT_APP_ID && !env.MICROSOFT_APP_TENANT_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['MICROSOFT_APP_TENANT_ID'],
        message: 'is required when MICROSOFT_APP_TYPE is SingleTenant',
      });
    }
    if (env.MICROSOFT_APP_TYPE === 'MultiTenant' && env.MICROSOFT_APP_ID && !env.MICROSOFT_APP_PASSWORD) {
      ctx.addIssue({
        code: 'custom',
        path: ['MICROSOFT_APP_PASSWORD'],
        message: 'is required for a MultiTenant app registration (or use UserAssignedMSI)',
      });
    }
  });

type Env = z.infer<typeof schema>;

export interface Config {
  port: number;
  /** Loopback unless an app id makes requests authenticated: local mode is never open to the network. */
  host: string;
  bot: {
    appId?: string;
    appPassword?: string;
    appType: Env['MICROSOFT_APP_TYPE'];
    appTenantId?: string;
  };
  allowedTenantIds: string[];
  cosmos: { endpoint?: string; key?: string; database: string };
  localDataDir: string;
  /** Where people reach the bot's own web routes (the meeting calendar); without it, no link is shown. */
  publicBaseUrl?: string;
  seedCoordinatorIds: string[];
  seedAdminIds: string[];
  defaultLanguage: 'nl' | 'en';
  logLevel: Env['LOG_LEVEL'];
  outboxPollMs: number;
  tab: TabConfig;
}

/** The dashboard tab: how its API recognises people (Entra ID SSO), or the explicit local mode. */
export interface TabConfig {
  /** No sign-in: everyone is the local user. Refused while MICROSOFT_APP_ID is set. */
  localMode: boolean;
  localTenantId: string;
  localUserId: string;
  /** The SSO app registration's client id: the one audience accepted in tab tokens. */
  clientId?: string;
  /** The delegated scope the registration exposes; tokens must carry it in `scp`. */
  scope: string;
  openIdConfigurationUrl: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${String(issue.path[0] ?? 'configuration')} ${issue.message}`,
    );
    throw new ConfigError([...new Set(problems)]);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST ?? (e.MICROSOFT_APP_ID ? '0.0.0.0' : '127.0.0.1'),
    bot: {
      appId: e.MICROSOFT_APP_ID,
      appPassword: e.MICROSOFT_APP_PASSWORD,
      appType: e.MICROSOFT_APP_TYPE,
      appTenantId: e.MICROSOFT_APP_TENANT_ID,
    },
    allowedTenantIds: e.ALLOWED_TENANT_IDS,
    cosmos: { endpoint: e.COSMOS_ENDPOINT, key: e.COSMOS_KEY, database: e.COSMOS_DATABASE },
    localDataDir: e.LOCAL_DATA_DIR,
    // Local mode: the calendar is served by this process on this machine.
    publicBaseUrl:
      e.PUBLIC_BASE_URL?.replace(/\/+$/, '') ??
      (e.MICROSOFT_APP_ID ? undefined : `http://localhost:${e.PORT}`),
    seedCoordinatorIds: e.COORDINATOR_AAD_IDS,
    seedAdminIds: e.ADMIN_AAD_IDS,
    defaultLanguage: e.DEFAULT_LANGUAGE,
    logLevel: e.LOG_LEVEL,
    outboxPollMs: e.OUTBOX_POLL_MS,
    tab: {
      localMode: e.TAB_LOCAL_MODE === 'true',
      localTenantId: e.TAB_LOCAL_TENANT_ID.toLowerCase(),
      localUserId: e.TAB_LOCAL_USER_ID.toLowerCase(),
      clientId: e.TAB_CLIENT_ID?.toLowerCase(),
      scope: e.TAB_SSO_SCOPE,
      openIdConfigurationUrl: e.ENTRA_OPENID_CONFIGURATION_URL,
    },
  };
}
