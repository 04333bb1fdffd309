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
      loadConfig({ MICROSOFT_APP_ID: 'abc', MICROSOFT_APP_TYPE: 'UserAssignedMSI' }).host,
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
    assert.equal(
      loadConfig({ MICROSOFT_APP_ID: 'abc', MICROSOFT_APP_TYPE: 'UserAssignedMSI' }).bot.appType,
      'UserAssignedMSI',
    );
  });
});
