import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES, loadConfig, PRODUCTION_REQUIRED } from '../bot/config';
import { appSettings, params } from './helpers/bicep-text';
import { BotProcess } from './helpers/bot-process';
import { claimsOf, ManagedIdentityEndpoint } from './helpers/managed-identity-endpoint';
import { PRODUCTION_SECRETS } from './helpers/production-secrets';
import { sharedCosmosServer } from './helpers/shared-cosmos';
import { StoreGate } from './helpers/store-gate';

/**
 * The deployment's app settings, built from infra/modules/web-app.bicep the way ARM would build
 * them, and the production start-up run with exactly those: config and infrastructure cannot drift.
 */
const read = (path: string) => readFileSync(join(__dirname, '..', path), 'utf8');
const webApp = read('infra/modules/web-app.bicep');
const main = read('infra/main.bicep');

/** Settings App Service or an SDK reads, not bot/config.ts. */
const PLATFORM_SETTINGS = new Set([
  'WEBSITE_RUN_FROM_PACKAGE',
  'SCM_DO_BUILD_DURING_DEPLOYMENT',
  'AZURE_CLIENT_ID', // DefaultAzureCredential: which user-assigned identity
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
]);

const IDENTITY_CLIENT_ID = '5e1f0c3a-7d2b-4c6e-9a8f-0b1c2d3e4f50';
const IDENTITY_TENANT_ID = 'aaaaaaaa-0000-4000-8000-000000000001';

/** The value of a main.bicep parameter's default, when it is a plain literal. */
function mainDefault(name: string): string {
  const value = params(main).find((param) => param.name === name)?.defaultValue;
  assert.ok(value !== undefined, `main.bicep has no default for ${name}`);
  return value.replace(/^'(.*)'$/, '$1');
}

/** What main.bicep passes to the web-app module, as a deployment in one tenant would resolve it. */
function webAppParameters(
  cosmosEndpoint: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    identityClientId: IDENTITY_CLIENT_ID,
    identityTenantId: IDENTITY_TENANT_ID,
    cosmosEndpoint,
    databaseName: mainDefault('databaseName'),
    appInsightsConnectionString: 'InstrumentationKey=00000000-0000-0000-0000-000000000000',
    allowedTenantIds: IDENTITY_TENANT_ID, // the default: tenant().tenantId
    botRegistrations: mainDefault('botRegistrations'),
    coordinatorAadIds: mainDefault('coordinatorAadIds'),
    adminAadIds: mainDefault('adminAadIds'),
    defaultLanguage: mainDefault('defaultLanguage'),
    logLevel: mainDefault('logLevel'),
    outboxPollMs: mainDefault('outboxPollMs'),
    webAppName: 'daadkracht-abc123',
    keyVaultName: 'daadkracht-kv-abc123',
    tabClientId: mainDefault('tabClientId'),
    ...overrides,
  };
}

/** Evaluates the few Bicep expressions app settings use: 'literal', param, string(param), '${param}'. */
function evaluate(expression: string, parameters: Record<string, string>): string {
  const lookup = (name: string) => {
    const value = parameters[name];
    assert.ok(value !== undefined, `app setting uses ${name}: give it a value in webAppParameters`);
    return value;
  };
  const literal = /^'(.*)'$/.exec(expression);
  if (literal) return (literal[1] as string).replace(/\$\{(\w+)\}/g, (_, name: string) => lookup(name));
  const asString = /^string\((\w+)\)$/.exec(expression);
  if (asString) return lookup(asString[1] as string);
  if (/^\w+$/.test(expression)) return lookup(expression);
  throw new Error(`cannot evaluate app setting expression ${expression}`);
}

/** The secrets an administrator puts in the vault (docs/deployment.md, step 3), by secret name. */
const VAULT_SECRETS: Record<string, string> = {
  'receipt-code-secret': PRODUCTION_SECRETS.RECEIPT_CODE_SECRET,
  'reporter-link-keys': PRODUCTION_SECRETS.REPORTER_LINK_KEYS,
};

/** What App Service does with `@Microsoft.KeyVault(VaultName=…;SecretName=…)`: the secret's value. */
function resolveKeyVaultReference(value: string, vaultName: string): string {
  const reference = /^@Microsoft\.KeyVault\(VaultName=([^;]+);SecretName=([^)]+)\)$/.exec(value);
  if (!reference) return value;
  assert.equal(reference[1], vaultName, "the reference names the deployment's own vault");
  const secret = VAULT_SECRETS[reference[2] as string];
  assert.ok(secret !== undefined, `no secret ${reference[2]} is set in the guide's step 3`);
  return secret;
}

function deploymentSettings(
  cosmosEndpoint: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const parameters = webAppParameters(cosmosEndpoint, overrides);
  return Object.fromEntries(
    [...appSettings(webApp)].map(([name, expression]) => [
      name,
      resolveKeyVaultReference(evaluate(expression, parameters), parameters.keyVaultName as string),
    ]),
  );
}

describe('deployment: the app settings infra/ writes are the configuration the app reads', () => {
  it('writes only variables bot/config.ts reads, besides the platform ones', () => {
    const unknown = Object.keys(deploymentSettings('https://x.documents.azure.com:443/')).filter(
      (name) => !CONFIG_VARIABLES.includes(name) && !PLATFORM_SETTINGS.has(name),
    );
    assert.deepEqual(unknown, []);
  });

  it('writes every variable a production start needs', () => {
    const written = Object.keys(deploymentSettings('https://x.documents.azure.com:443/'));
    assert.deepEqual(
      PRODUCTION_REQUIRED.filter((name) => !written.includes(name)),
      [],
    );
    assert.equal(deploymentSettings('https://x').NODE_ENV, 'production');
  });

  it('serves a second municipality with the registrations and tenants passed as parameters', () => {
    const ommen = 'bbbbbbbb-0000-4000-8000-00000000000b';
    const config = loadConfig(
      deploymentSettings('https://x.documents.azure.com:443/', {
        allowedTenantIds: `${IDENTITY_TENANT_ID},${ommen}`,
        botRegistrations: JSON.stringify([
          {
            tenantId: ommen,
            appId: 'b0b0b0b0-0000-4000-8000-0000000000b1',
            appType: 'SingleTenant',
            appPassword: 'x',
          },
        ]),
      }),
    );
    assert.deepEqual(
      config.bot.registrations.map((registration) => [registration.tenantId, registration.appId]),
      [
        [IDENTITY_TENANT_ID, IDENTITY_CLIENT_ID],
        [ommen, 'b0b0b0b0-0000-4000-8000-0000000000b1'],
      ],
    );
  });

  describe('the production start-up with exactly those settings', function () {
    this.timeout(60_000);
    let gate: StoreGate;
    let identity: ManagedIdentityEndpoint;
    let bot: BotProcess | undefined;

    before(async () => {
      gate = await StoreGate.start(await sharedCosmosServer());
      identity = await ManagedIdentityEndpoint.start();
    });

    after(async () => {
      await bot?.stop();
      await identity.close();
      await gate.close();
    });

    it('reaches Cosmos DB with the managed identity named by AZURE_CLIENT_ID, without a key', async () => {
      const settings = deploymentSettings(gate.endpoint);
      bot = await BotProcess.start({
        ...settings,
        // What App Service adds: the port, and the managed identity endpoint (here a local stand-in).
        PORT: '0',
        ...identity.env(),
        // Trust for the local stand-in of the Cosmos DB account's certificate.
        NODE_EXTRA_CA_CERTS: gate.caFile,
      });
      const health = await fetch(`${bot.url}/healthz`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok', store: 'reachable' });

      assert.ok(identity.requests.length > 0, 'a token was asked from the managed identity endpoint');
      assert.deepEqual(
        new Set(identity.requests.map((request) => request.clientId)),
        new Set([IDENTITY_CLIENT_ID]),
      );
      const aad = gate.authorizations.filter((header) => header.startsWith('type=aad'));
      assert.ok(aad.length > 0, 'Cosmos DB requests carry an Entra ID token');
      assert.ok(
        gate.authorizations.every((header) => !header.startsWith('type=master')),
        'no request is signed with an account key',
      );
      const token = /sig=(.+)$/.exec(aad[0] as string)?.[1] ?? '';
      assert.equal(claimsOf(token).appid, IDENTITY_CLIENT_ID);
    });
  });
});
