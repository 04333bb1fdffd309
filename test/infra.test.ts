import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadConfig } from '../bot/config';
import { CONTAINERS } from '../bot/storage/containers';
import { appSettings, block, params } from './helpers/bicep-text';

/**
 * No Bicep compiler runs here, so these checks read the templates as text: the containers must be
 * the code's own definition, the security settings must be there, and modules, parameters and
 * outputs must fit together the way `az deployment` will need them to.
 */
const ROOT = join(__dirname, '..');
const INFRA = join(ROOT, 'infra');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

const main = read('infra/main.bicep');
const cosmos = read('infra/modules/cosmos.bicep');
const webApp = read('infra/modules/web-app.bicep');
const bot = read('infra/modules/bot.bicep');

function allBicep(dir = INFRA): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? allBicep(join(dir, entry.name))
      : entry.name.endsWith('.bicep')
        ? [readFileSync(join(dir, entry.name), 'utf8')]
        : [],
  );
}

interface ModuleUse {
  symbol: string;
  path: string;
  passed: string[];
}

function modules(bicep: string): ModuleUse[] {
  return [...bicep.matchAll(/^module (\w+) '([^']+)' = \{$/gm)].map(([declaration, symbol, path]) => {
    const body = block(bicep.slice(bicep.indexOf(declaration as string)), `module ${symbol} '${path}' = {`);
    const passed = [...block(body, 'params: {').matchAll(/^ {4}(\w+):/gm)].map(([, name]) => name as string);
    return { symbol: symbol as string, path: path as string, passed };
  });
}

function moduleProblems(bicep: string, baseDir: string): string[] {
  const problems: string[] = [];
  for (const use of modules(bicep)) {
    const file = resolve(baseDir, use.path);
    if (!existsSync(file)) {
      problems.push(`module ${use.symbol}: ${use.path} does not exist`);
      continue;
    }
    const declared = params(readFileSync(file, 'utf8'));
    for (const name of use.passed) {
      if (!declared.some((param) => param.name === name)) {
        problems.push(`module ${use.symbol} passes ${name}, which ${use.path} does not declare`);
      }
    }
    for (const param of declared.filter((candidate) => !candidate.hasDefault)) {
      if (!use.passed.includes(param.name)) problems.push(`module ${use.symbol} does not pass ${param.name}`);
    }
    const outputs = readFileSync(file, 'utf8');
    for (const [, output] of bicep.matchAll(new RegExp(`\\b${use.symbol}\\.outputs\\.(\\w+)`, 'g'))) {
      if (!new RegExp(`^output ${output} `, 'm').test(outputs)) {
        problems.push(`${use.symbol}.outputs.${output} is not an output of ${use.path}`);
      }
    }
  }
  return problems;
}

/** Every property any container has, on every container (null where the code sets none). */
function uniformContainers(containers: Record<string, Record<string, unknown>>) {
  const keys = new Set(Object.values(containers).flatMap((container) => Object.keys(container)));
  return Object.fromEntries(
    Object.entries(containers).map(([name, container]) => [
      name,
      Object.fromEntries([...keys].map((key) => [key, container[key] ?? null])),
    ]),
  );
}

function shapeProblems(containersJson: string): string[] {
  const containers = JSON.parse(containersJson) as Record<string, Record<string, unknown>>;
  const keys = new Set(Object.values(containers).flatMap((container) => Object.keys(container)));
  return Object.entries(containers).flatMap(([name, container]) =>
    [...keys].filter((key) => !(key in container)).map((key) => `${name} lacks ${key}`),
  );
}

function cosmosHardeningProblems(bicep: string): string[] {
  return /^ {4}minimalTlsVersion: 'Tls12'$/m.test(block(bicep, 'properties: {'))
    ? []
    : ['Cosmos DB minimalTlsVersion is not Tls12'];
}

function cosmosLocationProblems(bicep: string): string[] {
  const problems: string[] = [];
  if (!/^param cosmosLocation string = location$/m.test(bicep)) {
    problems.push('cosmosLocation does not default to location');
  }
  const cosmosParams = block(bicep, "module cosmos './modules/cosmos.bicep' = {");
  if (!/^ {4}location: cosmosLocation$/m.test(cosmosParams)) {
    problems.push('the cosmos module does not get cosmosLocation');
  }
  return problems;
}

function publishingProblems(bicep: string): string[] {
  return ['scm', 'ftp'].flatMap((name) => {
    const policy = new RegExp(
      `resource \\w+ 'Microsoft\\.Web/sites/basicPublishingCredentialsPolicies@[\\d-]+' = \\{\\s*parent: webApp\\s*name: '${name}'\\s*properties: \\{\\s*allow: false\\s*\\}`,
    );
    return policy.test(bicep) ? [] : [`basic auth is not switched off for ${name}`];
  });
}

describe('infra: Cosmos DB containers', () => {
  it('loads the containers from infra/containers.json', () => {
    const loads = [...cosmos.matchAll(/loadJsonContent\('([^']+)'\)/g)].map(([, path]) => path as string);
    assert.equal(loads.length, 1);
    assert.equal(resolve(INFRA, 'modules', loads[0]!), join(INFRA, 'containers.json'));
  });

  it('defines in containers.json exactly the containers the code defines', () => {
    const infra = JSON.parse(read('infra/containers.json'));
    assert.deepEqual(infra, uniformContainers(JSON.parse(JSON.stringify(CONTAINERS))));
  });

  it('gives every container in containers.json the same properties, so Bicep never reads a missing one (BCP053)', () => {
    assert.deepEqual(shapeProblems(read('infra/containers.json')), []);
    assert.doesNotMatch(cosmos, /container\.value\.\?/, 'no safe-dereference needed on a uniform shape');
    // Take the audit container's defaultTtl away (the last one in the file): the check must notice.
    const text = read('infra/containers.json');
    const last = text.lastIndexOf('"defaultTtl":');
    const withoutTtl = text.slice(0, last) + text.slice(text.indexOf('\n', last) + 1);
    assert.deepEqual(shapeProblems(withoutTtl), ['audit lacks defaultTtl']);
  });

  it("sends a container's defaultTtl only when it has one", () => {
    assert.match(
      cosmos,
      /container\.value\.defaultTtl == null \? \{\} : \{ defaultTtl: container\.value\.defaultTtl \}/,
    );
  });

  it('creates every container from that file, with its id, partition key and indexing policy', () => {
    assert.equal(cosmos.match(/sqlDatabases\/containers@/g)?.length, 1, 'one container resource, a loop');
    const definitions = block(cosmos, 'var containerResources = [');
    assert.match(definitions, /id:\s*container\.value\.id\b/);
    assert.match(definitions, /partitionKey:\s*container\.value\.partitionKey\n/);
    assert.match(definitions, /indexingPolicy:\s*container\.value\.indexingPolicy\b/);
    const loop = block(cosmos, 'for container in containerResources: {');
    assert.match(loop, /name:\s*container\.id\b/);
    assert.match(loop, /resource:\s*container\n/);
  });

  it('names the database the code uses by default', () => {
    const databaseName = params(main).find((param) => param.name === 'databaseName');
    assert.equal(databaseName?.defaultValue, `'${loadConfig({}).cosmos.database}'`);
  });

  it('reaches Cosmos DB with the managed identity only: no keys, the built-in data contributor role', () => {
    assert.match(cosmos, /disableLocalAuth:\s*true/);
    assert.match(cosmos, /Microsoft\.DocumentDB\/databaseAccounts\/sqlRoleAssignments@/);
    assert.match(cosmos, /dataContributorRoleId = '00000000-0000-0000-0000-000000000002'/);
    assert.match(main, /dataContributorPrincipalId:\s*identity\.properties\.principalId/);
    for (const text of allBicep()) assert.doesNotMatch(text, /listKeys\(|listConnectionStrings\(|MasterKey/);
  });

  it('accepts TLS 1.2 and up only, stated explicitly', () => {
    assert.deepEqual(cosmosHardeningProblems(cosmos), []);
    assert.deepEqual(
      cosmosHardeningProblems(cosmos.replace("minimalTlsVersion: 'Tls12'", "minimalTlsVersion: 'Tls'")),
      ['Cosmos DB minimalTlsVersion is not Tls12'],
    );
  });

  it('has its own location, so a region short of Cosmos DB capacity can be avoided', () => {
    assert.deepEqual(cosmosLocationProblems(main), []);
    const shared = main.replace('location: cosmosLocation', 'location: location');
    assert.deepEqual(cosmosLocationProblems(shared), ['the cosmos module does not get cosmosLocation']);
    const noDefault = main.replace('param cosmosLocation string = location', 'param cosmosLocation string');
    assert.deepEqual(cosmosLocationProblems(noDefault), ['cosmosLocation does not default to location']);
  });

  it('is serverless by default, with provisioned autoscale as a parameter', () => {
    assert.match(main, /^param cosmosCapacityMode string = 'Serverless'$/m);
    assert.match(cosmos, /capabilities: serverless \? serverlessCapabilities : \[\]/);
    assert.match(block(cosmos, 'var serverlessCapabilities = ['), /name: 'EnableServerless'/);
    assert.match(cosmos, /options: serverless \? \{\} : autoscaleOptions/);
    assert.match(block(cosmos, 'var autoscaleOptions = {'), /maxThroughput: autoscaleMaxThroughput/);
  });
});

describe('infra: web app and bot', () => {
  const settings = appSettings(webApp);

  it('runs Node 22 LTS over HTTPS only, always on, with a health check the server answers', () => {
    assert.match(webApp, /linuxFxVersion:\s*'NODE\|22-lts'/);
    assert.match(webApp, /httpsOnly:\s*true/);
    assert.match(webApp, /alwaysOn:\s*true/);
    assert.match(webApp, /healthCheckPath:\s*'\/healthz'/);
    assert.match(read('bot/http/create-server.ts'), /server\.get\('\/healthz'/);
  });

  it('switches off basic-auth publishing credentials for SCM and FTP', () => {
    assert.deepEqual(publishingProblems(webApp), []);
    const scmOn = webApp.replace(/(name: 'scm'\s*properties: \{\s*allow: )false/, '$1true');
    assert.deepEqual(publishingProblems(scmOn), ['basic auth is not switched off for scm']);
    const noFtp = webApp.replace("name: 'ftp'", "name: 'ftp-gone'");
    assert.deepEqual(publishingProblems(noFtp), ['basic auth is not switched off for ftp']);
  });

  it('starts the built app the way `npm run serve` does', () => {
    const command = /appCommandLine:\s*'([^']+)'/.exec(webApp)?.[1];
    assert.equal(command, JSON.parse(read('package.json')).scripts.serve);
  });

  it('registers the bot with the managed identity and the Teams channel, without a secret', () => {
    assert.match(bot, /msaAppType:\s*'UserAssignedMSI'/);
    assert.match(bot, /msaAppMSIResourceId:\s*identityId/);
    assert.match(bot, /name:\s*'MsTeamsChannel'/);
    assert.match(bot, /channelName:\s*'MsTeamsChannel'/);
    assert.match(main, /messagingEndpoint:\s*'https:\/\/\$\{webApp\.outputs\.hostName\}\/api\/messages'/);
  });

  it('gives the app its identity and every setting it needs, and no secret', () => {
    for (const name of [
      'MICROSOFT_APP_ID',
      'MICROSOFT_APP_TYPE',
      'MICROSOFT_APP_TENANT_ID',
      'AZURE_CLIENT_ID',
      'ALLOWED_TENANT_IDS',
      'COSMOS_ENDPOINT',
      'COSMOS_DATABASE',
      'COORDINATOR_AAD_IDS',
      'ADMIN_AAD_IDS',
      'DEFAULT_LANGUAGE',
      'LOG_LEVEL',
      'APPLICATIONINSIGHTS_CONNECTION_STRING',
      'PUBLIC_BASE_URL',
    ]) {
      assert.ok(settings.has(name), `app setting ${name} is missing`);
    }
    for (const secret of ['COSMOS_KEY', 'MICROSOFT_APP_PASSWORD']) {
      assert.ok(!settings.has(secret), `app setting ${secret} must not exist`);
      for (const text of allBicep()) assert.doesNotMatch(text, new RegExp(`\\b${secret}\\b`));
    }
    assert.equal(settings.get('MICROSOFT_APP_TYPE'), "'UserAssignedMSI'");
    assert.equal(settings.get('MICROSOFT_APP_ID'), 'identityClientId');
    assert.equal(settings.get('AZURE_CLIENT_ID'), 'identityClientId', 'DefaultAzureCredential needs it');
    assert.match(webApp, /type:\s*'UserAssigned'/);
  });

  it('reads its two secrets from Key Vault with its own identity, and the vault lets it only read them', () => {
    const keyVault = read('infra/modules/key-vault.bicep');
    for (const [setting, secret] of [
      ['RECEIPT_CODE_SECRET', 'receipt-code-secret'],
      ['REPORTER_LINK_KEYS', 'reporter-link-keys'],
    ]) {
      assert.equal(
        settings.get(setting as string),
        `'@Microsoft.KeyVault(VaultName=\${keyVaultName};SecretName=${secret})'`,
        `${setting} is a Key Vault reference, never a value`,
      );
      assert.match(
        read('docs/deployment.md'),
        new RegExp(`secret set --vault-name "\\$VAULT" --name ${secret}`),
      );
    }
    assert.match(
      webApp,
      /keyVaultReferenceIdentity:\s*identityId/,
      'resolved with the user-assigned identity',
    );
    assert.match(main, /readerPrincipalId:\s*identity\.properties\.principalId/);
    const reader = keyVault.slice(keyVault.indexOf('var readerPolicy'), keyVault.indexOf('var adminPolicy'));
    assert.match(reader, /secrets:\s*\[\s*'get'\s*\]/, 'the bot may only read secrets');
    assert.match(keyVault, /enablePurgeProtection:\s*true/);
    assert.doesNotMatch(keyVault, /Microsoft\.Authorization\/roleAssignments/, 'Contributor stays enough');
  });

  it('sets only settings the app reads, besides the platform ones', () => {
    const known = new Set(
      [...read('bot/config.ts').matchAll(/^ {4}([A-Z][A-Z0-9_]+):/gm)].map(([, name]) => name),
    );
    const platform = /^(WEBSITE_|SCM_|NODE_ENV$|AZURE_CLIENT_ID$|APPLICATIONINSIGHTS_)/;
    for (const name of settings.keys()) {
      if (!platform.test(name)) assert.ok(known.has(name), `${name} is not read by bot/config.ts`);
    }
  });

  it('reads app settings well enough to notice a key', () => {
    const withKey = "appSettings: [\n  {\n    name: 'COSMOS_KEY'\n    value: key\n  }\n]";
    assert.deepEqual([...appSettings(withKey).keys()], ['COSMOS_KEY']);
  });
});

describe('infra: the guide', () => {
  const guide = read('docs/deployment.md');

  /** The namespaces the guide's step 1 registers, from its `for namespace in ...; do` loop. */
  function registered(text: string): string[] {
    const loop = /for namespace in ([^;]+); do/.exec(text.replace(/\\\n\s*/g, ' '))?.[1] ?? '';
    return loop.split(/\s+/).filter((name) => name.length > 0);
  }

  function providerProblems(bicepFiles: string[], text: string): string[] {
    const used = new Set(
      bicepFiles.flatMap((bicep) =>
        [...bicep.matchAll(/'(Microsoft\.\w+)\//g)].map(([, namespace]) => namespace),
      ),
    );
    return [...used].filter((namespace) => !registered(text).includes(namespace as string)).map(String);
  }

  it('registers the resource provider of every resource type the templates use', () => {
    assert.deepEqual(providerProblems(allBicep(), guide), []);
    assert.deepEqual(providerProblems(allBicep(), guide.replace(' Microsoft.BotService ', ' ')), [
      'Microsoft.BotService',
    ]);
    const withNetwork = [...allBicep(), "resource vnet 'Microsoft.Network/virtualNetworks@2023-11-01' = {}"];
    assert.deepEqual(providerProblems(withNetwork, guide), ['Microsoft.Network']);
  });

  it('installs the development dependencies before `npm run package`', () => {
    const step4 = guide.slice(guide.indexOf('## 4. Teams app package'), guide.indexOf('## 5.'));
    assert.ok(step4.indexOf('npm ci') >= 0 && step4.indexOf('npm ci') < step4.indexOf('npm run package'));
  });
});

describe('infra: template structure', () => {
  it('passes each module exactly the parameters it declares and uses only outputs it has', () => {
    assert.deepEqual(moduleProblems(main, INFRA), []);
  });

  it('notices a parameter a module does not declare', () => {
    const wrong = main.replace(
      'databaseName: databaseName\n',
      'databaseName: databaseName\n    nonsense: 1\n',
    );
    assert.ok(moduleProblems(wrong, INFRA).some((problem) => problem.includes('nonsense')));
  });

  it('has a parameters file with West Europe defaults that main.bicep declares', () => {
    const file = JSON.parse(read('infra/main.parameters.json')) as {
      parameters: Record<string, { value: unknown }>;
    };
    const declared = params(main).map((param) => param.name);
    for (const name of Object.keys(file.parameters)) {
      assert.ok(declared.includes(name), `main.parameters.json sets ${name}, which main.bicep lacks`);
    }
    assert.equal(file.parameters.location?.value, 'westeurope');
    assert.equal(file.parameters.cosmosCapacityMode?.value, 'Serverless');
    assert.equal(file.parameters.appServiceSku?.value, 'B1');
    assert.match(main, /^param location string = 'westeurope'$/m);
  });

  it('outputs what `npm run package` needs', () => {
    assert.match(main, /^output botId string = identity\.properties\.clientId$/m);
    assert.match(main, /^output botDomain string = webApp\.outputs\.hostName$/m);
    assert.ok(existsSync(join(dirname(INFRA), 'scripts', 'package-app.ts')));
  });
});
