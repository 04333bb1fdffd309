import assert from 'node:assert/strict';
import { type ConfigError, loadConfig } from '../bot/config';

describe('configuration', () => {
  it('has sensible defaults for local use', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3978);
    assert.equal(config.defaultLanguage, 'nl');
    assert.equal(config.cosmos.database, 'daadkracht');
    assert.equal(config.cosmos.endpoint, undefined);
    assert.deepEqual(config.seedCoordinatorIds, []);
    assert.equal(config.logFormat, 'json', 'logs stay JSON for the log pipeline unless asked otherwise');
    assert.equal(config.host, '127.0.0.1', 'unauthenticated local mode listens on loopback only');
    assert.equal(
      loadConfig({
        MICROSOFT_APP_ID: 'abc',
        MICROSOFT_APP_TYPE: 'UserAssignedMSI',
        MICROSOFT_APP_TENANT_ID: 't',
      }).host,
      '0.0.0.0',
    );
  });

  it('reads lists of Entra ids, trimmed and lower-cased', () => {
    const config = loadConfig({
      COORDINATOR_AAD_IDS: ' 00000000-0000-0000-0000-0000000000020 , AAAAAAAA-0000-4000-8000-000000000001',
    });
    assert.deepEqual(config.seedCoordinatorIds, [
      '00000000-0000-0000-0000-0000000000020',
      'aaaaaaaa-0000-4000-8000-000000000001',
    ]);
  });

  it('names every invalid value at once', () => {
    assert.throws(
      () =>
        loadConfig({
          PORT: '-1',
          DEFAULT_LANGUAGE: 'fr',
          COSMOS_ENDPOINT: 'not a url',
          ALLOWED_TENANT_IDS: 'x',
        }),
      (error: ConfigError) => {
        const joined = error.problems.join('\n');
        return ['PORT', 'DEFAULT_LANGUAGE', 'COSMOS_ENDPOINT', 'ALLOWED_TENANT_IDS'].every((name) =>
          joined.includes(name),
        );
      },
    );
  });

  it('requires a password for a MultiTenant app id and a tenant for SingleTenant', () => {
    assert.throws(() => loadConfig({ MICROSOFT_APP_ID: 'abc' }), /MICROSOFT_APP_PASSWORD/);
    assert.throws(
      () =>
        loadConfig({
          MICROSOFT_APP_ID: 'abc',
          MICROSOFT_APP_TYPE: 'SingleTenant',
          MICROSOFT_APP_PASSWORD: 'x',
        }),
      /MICROSOFT_APP_TENANT_ID/,
    );
    assert.throws(
      () =>
        loadConfig({
          MICROSOFT_APP_ID: 'abc',
          MICROSOFT_APP_TYPE: 'SingleTenant',
          MICROSOFT_APP_TENANT_ID: 't',
        }),
      /MICROSOFT_APP_PASSWORD is required when MICROSOFT_APP_TYPE is SingleTenant/,
    );
    assert.equal(
      loadConfig({
        MICROSOFT_APP_ID: 'abc',
        MICROSOFT_APP_TYPE: 'UserAssignedMSI',
        MICROSOFT_APP_TENANT_ID: 't',
      }).bot.appType,
      'UserAssignedMSI',
    );
  });

  it('says what botbuilder would otherwise assert at start-up for a managed identity', () => {
    assert.throws(
      () =>
        loadConfig({
          MICROSOFT_APP_ID: 'abc',
          MICROSOFT_APP_TYPE: 'UserAssignedMSI',
          MICROSOFT_APP_PASSWORD: 'x',
        }),
      (error: ConfigError) =>
        error.problems.includes(
          'MICROSOFT_APP_TENANT_ID is required when MICROSOFT_APP_TYPE is UserAssignedMSI',
        ) &&
        error.problems.includes(
          'MICROSOFT_APP_PASSWORD must not be set when MICROSOFT_APP_TYPE is UserAssignedMSI',
        ),
    );
  });

  it('refuses a production start without the store, the bot identity, the tenants or the public address', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production' }),
      (error: ConfigError) =>
        [
          'MICROSOFT_APP_ID',
          'MICROSOFT_APP_TENANT_ID',
          'ALLOWED_TENANT_IDS',
          'COSMOS_ENDPOINT',
          'PUBLIC_BASE_URL',
        ].every((name) => error.problems.includes(`${name} is required when NODE_ENV is production`)),
    );
  });

  describe('several bot registrations (BOT_REGISTRATIONS)', () => {
    const A = 'aaaaaaaa-0000-4000-8000-000000000001';
    const B = 'bbbbbbbb-0000-4000-8000-000000000002';
    const home = {
      MICROSOFT_APP_ID: 'app-a',
      MICROSOFT_APP_TYPE: 'UserAssignedMSI',
      MICROSOFT_APP_TENANT_ID: A,
    };
    const registrations = (entries: unknown) => ({ ...home, BOT_REGISTRATIONS: JSON.stringify(entries) });

    it('serves the home tenant with MICROSOFT_APP_ID and each listed tenant with its own registration', () => {
      const config = loadConfig(registrations([{ tenantId: B, appId: 'app-b', appType: 'UserAssignedMSI' }]));
      assert.deepEqual(
        config.bot.registrations.map(({ tenantId, appId, appTenantId }) => ({
          tenantId,
          appId,
          appTenantId,
        })),
        [
          { tenantId: A, appId: 'app-a', appTenantId: A },
          { tenantId: B, appId: 'app-b', appTenantId: B },
        ],
      );
      assert.deepEqual(config.allowedTenantIds, [A, B], 'only tenants with a registration are served');
    });

    it('keeps the single form: one registration for every allowed tenant', () => {
      const [only] = loadConfig(home).bot.registrations;
      assert.equal(only?.tenantId, undefined);
      assert.equal(only?.appId, 'app-a');
    });

    it('names each mistake once, with the entry it is in', () => {
      const problemsOf = (env: Record<string, string>) => {
        try {
          loadConfig(env);
        } catch (error) {
          return (error as ConfigError).problems;
        }
        return [];
      };
      assert.deepEqual(problemsOf({ ...home, BOT_REGISTRATIONS: '[{tenantId:' }), [
        'BOT_REGISTRATIONS must be JSON: [{"tenantId", "appId", "appType", ...}]',
      ]);
      assert.deepEqual(
        problemsOf(
          registrations([
            { tenantId: B, appId: '', appType: 'MultiTenant' },
            { tenantId: 'nope', appId: 'app-c', appType: 'SingleTenant' },
          ]),
        ),
        [
          "BOT_REGISTRATIONS[0].appId must be the bot identity's client id",
          'BOT_REGISTRATIONS[0].appType must be SingleTenant or UserAssignedMSI (Azure no longer creates MultiTenant bots)',
          'BOT_REGISTRATIONS[1].tenantId must be an Entra tenant id (GUID)',
          'BOT_REGISTRATIONS[1].appPassword is required for a SingleTenant registration',
        ],
      );
      assert.deepEqual(
        problemsOf({
          ...registrations([{ tenantId: A, appId: 'app-a', appType: 'UserAssignedMSI' }]),
          ALLOWED_TENANT_IDS: `${A},cccccccc-0000-4000-8000-000000000003`,
        }),
        [
          `BOT_REGISTRATIONS names tenant ${A}, which MICROSOFT_APP_ID already serves`,
          'BOT_REGISTRATIONS repeats MICROSOFT_APP_ID app-a',
          'ALLOWED_TENANT_IDS names cccccccc-0000-4000-8000-000000000003, which has no bot registration in BOT_REGISTRATIONS',
        ],
      );
    });
  });
});
