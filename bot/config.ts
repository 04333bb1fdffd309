import { z } from 'zod';
import { type BotRegistration, botRegistrationsSetting } from './bot-registrations';

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

/**
 * What a production deployment (NODE_ENV=production, as infra/ sets it) must configure: without
 * them the bot would fall back to the embedded store or accept any tenant. test/deployment-settings
 * checks that infra/ writes every one of them.
 */
export const PRODUCTION_REQUIRED = [
  'MICROSOFT_APP_ID',
  'MICROSOFT_APP_TYPE',
  'MICROSOFT_APP_TENANT_ID',
  'ALLOWED_TENANT_IDS',
  'COSMOS_ENDPOINT',
  'PUBLIC_BASE_URL',
] as const;

const schema = z
  .object({
    NODE_ENV: optionalText,
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
    BOT_REGISTRATIONS: botRegistrationsSetting,
    // Where botbuilder fetches the Bot Framework's token signing keys; tests point it at a local stand-in.
    BOT_OPENID_METADATA_URL: optionalText.pipe(z.string().url('must be a URL').optional()),
    ALLOWED_TENANT_IDS: uuidList,
    COSMOS_ENDPOINT: optionalText.pipe(z.string().url('must be an https URL').optional()),
    COSMOS_KEY: optionalText,
    COSMOS_DATABASE: z.string().trim().min(1).default('daadkracht'),
    LOCAL_DATA_DIR: z.string().trim().min(1).default('.data'),
    // Keys for the sealed reporter links, `id:base64,…` (current first); in Azure a Key Vault reference.
    REPORTER_LINK_KEYS: optionalText.pipe(
      z
        .string()
        .regex(
          /^[A-Za-z0-9_-]{1,40}:[A-Za-z0-9+/]{43}=(\s*,\s*[A-Za-z0-9_-]{1,40}:[A-Za-z0-9+/]{43}=)*$/,
          'must be id:base64-of-32-bytes[,id:base64…], the current key first',
        )
        .optional(),
    ),
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
    RECEIPT_CODE_SECRET: optionalText.pipe(
      z.string().min(32, 'must be at least 32 characters (a random secret, e.g. from Key Vault)').optional(),
    ),
    LOG_FORMAT: z.enum(['json', 'pretty'], { error: 'must be json or pretty' }).default('json'),
    OUTBOX_POLL_MS: z.coerce
      .number({ error: 'must be milliseconds between 50 and 60000' })
      .int('must be milliseconds between 50 and 60000')
      .min(50, 'must be milliseconds between 50 and 60000')
      .max(60_000, 'must be milliseconds between 50 and 60000')
      .default(60_000),
    // How long an instance holds an outbox entry it is sending before another may take it over.
    OUTBOX_LEASE_MS: z.coerce
      .number({ error: 'must be milliseconds between 5000 and 600000' })
      .int('must be milliseconds between 5000 and 600000')
      .min(5_000, 'must be milliseconds between 5000 and 600000')
      .max(600_000, 'must be milliseconds between 5000 and 600000')
      .default(120_000),
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
    if (env.COSMOS_ENDPOINT && !env.RECEIPT_CODE_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['RECEIPT_CODE_SECRET'],
        message: 'is required with COSMOS_ENDPOINT: every instance must derive the same receipt codes',
      });
    }
    if (env.NODE_ENV === 'production' && env.BOT_OPENID_METADATA_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['BOT_OPENID_METADATA_URL'],
        message: "must not be set in production: tokens are checked against the Bot Framework's own keys",
      });
    }
    if (env.BOT_REGISTRATIONS.length > 0) registrationProblems(env, ctx);
    if (env.NODE_ENV === 'production') {
      for (const name of PRODUCTION_REQUIRED) {
        const value = env[name];
        if (value === undefined || (Array.isArray(value) && value.length === 0)) {
          ctx.addIssue({ code: 'custom', path: [name], message: 'is required when NODE_ENV is production' });
        }
      }
    }
    // botbuilder asserts these at start-up; say it here, once, in words.
    if (env.MICROSOFT_APP_TYPE === 'UserAssignedMSI' && env.MICROSOFT_APP_ID) {
      if (!env.MICROSOFT_APP_TENANT_ID) {
        ctx.addIssue({
          code: 'custom',
          path: ['MICROSOFT_APP_TENANT_ID'],
          message: 'is required when MICROSOFT_APP_TYPE is UserAssignedMSI',
        });
      }
      if (env.MICROSOFT_APP_PASSWORD) {
        ctx.addIssue({
          code: 'custom',
          path: ['MICROSOFT_APP_PASSWORD'],
          message: 'must not be set when MICROSOFT_APP_TYPE is UserAssignedMSI',
        });
      }
    }
    if (env.MICROSOFT_APP_TYPE === 'SingleTenant' && env.MICROSOFT_APP_ID && !env.MICROSOFT_APP_PASSWORD) {
      ctx.addIssue({
        code: 'custom',
        path: ['MICROSOFT_APP_PASSWORD'],
        message: 'is required when MICROSOFT_APP_TYPE is SingleTenant',
      });
    }
    if (env.COSMOS_ENDPOINT && !env.REPORTER_LINK_KEYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['REPORTER_LINK_KEYS'],
        message:
          'is required with COSMOS_ENDPOINT: the key that seals links to anonymous reporters, from Key Vault (docs/privacy.md)',
      });
    }
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

/**
 * With BOT_REGISTRATIONS the registration of MICROSOFT_APP_ID serves its own tenant
 * (MICROSOFT_APP_TENANT_ID) and each listed one its tenant: every allowed tenant needs exactly one.
 */
function registrationProblems(env: Env, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (!env.MICROSOFT_APP_ID || !env.MICROSOFT_APP_TENANT_ID) {
    issue(
      'BOT_REGISTRATIONS',
      'needs MICROSOFT_APP_ID and MICROSOFT_APP_TENANT_ID for the home registration',
    );
    return;
  }
  if (env.MICROSOFT_APP_TYPE === 'MultiTenant') {
    issue('MICROSOFT_APP_TYPE', 'must be SingleTenant or UserAssignedMSI when BOT_REGISTRATIONS is set');
  }
  const home = env.MICROSOFT_APP_TENANT_ID.toLowerCase();
  const served = [home, ...env.BOT_REGISTRATIONS.map((entry) => entry.tenantId)];
  if (env.BOT_REGISTRATIONS.some((entry) => entry.tenantId === home)) {
    issue('BOT_REGISTRATIONS', `names tenant ${home}, which MICROSOFT_APP_ID already serves`);
  }
  if (env.BOT_REGISTRATIONS.some((entry) => entry.appId === env.MICROSOFT_APP_ID)) {
    issue('BOT_REGISTRATIONS', `repeats MICROSOFT_APP_ID ${env.MICROSOFT_APP_ID}`);
  }
  for (const tenant of env.ALLOWED_TENANT_IDS.filter((allowed) => !served.includes(allowed))) {
    issue('ALLOWED_TENANT_IDS', `names ${tenant}, which has no bot registration in BOT_REGISTRATIONS`);
  }
  if (env.ALLOWED_TENANT_IDS.length > 0) {
    for (const tenant of served.filter((tenantId) => !env.ALLOWED_TENANT_IDS.includes(tenantId))) {
      issue('ALLOWED_TENANT_IDS', `must include ${tenant}, which has a bot registration`);
    }
  }
}

function registrationsOf(env: Env): BotRegistration[] {
  if (!env.MICROSOFT_APP_ID) return [];
  const home: BotRegistration = {
    tenantId: env.BOT_REGISTRATIONS.length > 0 ? env.MICROSOFT_APP_TENANT_ID?.toLowerCase() : undefined,
    appId: env.MICROSOFT_APP_ID,
    appType: env.MICROSOFT_APP_TYPE,
    appTenantId: env.MICROSOFT_APP_TENANT_ID,
    appPassword: env.MICROSOFT_APP_PASSWORD,
  };
  return [
    home,
    ...env.BOT_REGISTRATIONS.map((entry) => ({ ...entry, appTenantId: entry.appTenantId ?? entry.tenantId })),
  ];
}

/** Every environment variable this file reads. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

export interface Config {
  port: number;
  /** Loopback unless an app id makes requests authenticated: local mode is never open to the network. */
  host: string;
  bot: {
    appId?: string;
    appPassword?: string;
    appType: Env['MICROSOFT_APP_TYPE'];
    appTenantId?: string;
    /** Every registration this deployment answers for; empty in local mode (unauthenticated). */
    registrations: BotRegistration[];
    openIdMetadataUrl?: string;
  };
  allowedTenantIds: string[];
  cosmos: { endpoint?: string; key?: string; database: string };
  localDataDir: string;
  /** The sealed-link keys (REPORTER_LINK_KEYS); without it in local mode, a key file in localDataDir. */
  reporterLinkKeys?: string;
  /** Where people reach the bot's own web routes (the meeting calendar); without it, no link is shown. */
  publicBaseUrl?: string;
  seedCoordinatorIds: string[];
  seedAdminIds: string[];
  defaultLanguage: 'nl' | 'en';
  logLevel: Env['LOG_LEVEL'];
  /** JSON for production's log pipeline; `pretty` (set by `npm start`) for a person reading a terminal. */
  logFormat: Env['LOG_FORMAT'];
  outboxPollMs: number;
  /** An instance that died mid-send leaves its lease; others take the entry over after this long. */
  outboxLeaseMs: number;
  /** Key for deriving receipt codes; local mode keeps a generated one in the data dir when unset. */
  receiptCodeSecret?: string;
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
    const problems = parsed.error.issues.map((issue) => `${pathOf(issue.path)} ${issue.message}`);
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
      registrations: registrationsOf(e),
      openIdMetadataUrl: e.BOT_OPENID_METADATA_URL,
    },
    // With several registrations, only their tenants can be served.
    allowedTenantIds:
      e.ALLOWED_TENANT_IDS.length === 0 && e.BOT_REGISTRATIONS.length > 0
        ? registrationsOf(e).map((registration) => registration.tenantId as string)
        : e.ALLOWED_TENANT_IDS,
    cosmos: { endpoint: e.COSMOS_ENDPOINT, key: e.COSMOS_KEY, database: e.COSMOS_DATABASE },
    localDataDir: e.LOCAL_DATA_DIR,
    reporterLinkKeys: e.REPORTER_LINK_KEYS,
    // Local mode: the calendar is served by this process on this machine.
    publicBaseUrl:
      e.PUBLIC_BASE_URL?.replace(/\/+$/, '') ??
      (e.MICROSOFT_APP_ID ? undefined : `http://localhost:${e.PORT}`),
    seedCoordinatorIds: e.COORDINATOR_AAD_IDS,
    seedAdminIds: e.ADMIN_AAD_IDS,
    defaultLanguage: e.DEFAULT_LANGUAGE,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    outboxPollMs: e.OUTBOX_POLL_MS,
    outboxLeaseMs: e.OUTBOX_LEASE_MS,
    receiptCodeSecret: e.RECEIPT_CODE_SECRET,
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

/** BOT_REGISTRATIONS[1].appId for an issue inside the JSON list; the variable's name otherwise. */
function pathOf(path: readonly PropertyKey[]): string {
  const [name, ...rest] = path;
  // Inside a list setting (ALLOWED_TENANT_IDS) the variable is what people set; name only that.
  if (name !== 'BOT_REGISTRATIONS') return String(name ?? 'configuration');
  return `${String(name ?? 'configuration')}${rest.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('')}`;
}
