// Daadkracht in Azure: one resource group with
//   - a user-assigned managed identity: the bot's identity towards Teams (no client secret) and
//     towards Cosmos DB (data-plane RBAC, no account keys);
//   - Cosmos DB for NoSQL with the database and containers the code defines (containers.json);
//   - a Linux App Service plan and web app running the bot on Node 22 LTS;
//   - an Azure Bot registration (UserAssignedMSI) with the Teams channel;
//   - Log Analytics + Application Insights.
// Walkthrough: docs/deployment.md. Shapes follow Microsoft's Teams bot templates
// (Microsoft 365 Agents Toolkit: infra/azure.bicep and botRegistration/azurebot.bicep).

targetScope = 'resourceGroup'

@description('Short lower-case name every resource name starts with.')
@minLength(3)
@maxLength(16)
param baseName string = 'daadkracht'

@description('Region for every regional resource. West Europe keeps the data in the EU.')
param location string = 'westeurope'

@description('Region of the Cosmos DB account. Defaults to location; set another EU region (e.g. northeurope, swedencentral) when Cosmos DB refuses new accounts in a busy region ("high demand").')
param cosmosLocation string = location

@description('Serverless Cosmos DB (pay per request) or provisioned autoscale throughput on the database.')
@allowed([
  'Serverless'
  'ProvisionedAutoscale'
])
param cosmosCapacityMode string = 'Serverless'

@description('Maximum RU/s when cosmosCapacityMode is ProvisionedAutoscale (scales between 10% and 100%).')
@minValue(1000)
param cosmosAutoscaleMaxThroughput int = 1000

@description('Cosmos DB database name (the app setting COSMOS_DATABASE).')
param databaseName string = 'daadkracht'

@description('App Service plan size. B1 is enough for a municipality; Basic and up support Always On.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'P0v3'
  'P1v3'
])
param appServiceSku string = 'B1'

@description('Location of the Azure Bot registration: global, or westeurope for the regional (EU) Bot Service.')
@allowed([
  'global'
  'westeurope'
])
param botLocation string = 'global'

@description('Display name of the bot registration.')
@maxLength(42)
param botDisplayName string = 'Daadkracht'

@description('Comma-separated Entra tenant ids whose users may use the bot. Defaults to this tenant.')
param allowedTenantIds string = tenant().tenantId

@description('BOT_REGISTRATIONS: JSON list of the bot registrations of other municipalities served by this deployment, one per tenant (docs/deployment.md, "Several municipalities"). Empty: one registration, this one.')
@secure()
param botRegistrations string = ''

@description('Comma-separated Entra object ids that always hold the coordinator role.')
param coordinatorAadIds string = ''

@description('Comma-separated Entra object ids that always hold the admin role (the first administrator).')
param adminAadIds string = ''

@description('Language for users who have not chosen one.')
@allowed([
  'nl'
  'en'
])
param defaultLanguage string = 'nl'

@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
  'silent'
])
param logLevel string = 'info'

@description('Safety poll of the outbox dispatcher (ms); writes that create messages wake it at once. Every poll is a Cosmos query.')
@minValue(50)
@maxValue(60000)
param outboxPollMs int = 60000

@description('Object id of the administrator who sets the two Key Vault secrets once (az ad signed-in-user show --query id -o tsv); empty: add an access policy by hand.')
param secretsAdminObjectId string = ''

@description('Client id of the dashboard tab\'s app registration (TAB_CLIENT_ID; docs/deployment.md, "Dashboard tab: sign-in"); empty until it exists.')
param tabClientId string = ''

@description('Days Log Analytics keeps logs (30 is included in the ingestion price).')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

param tags object = {
  app: 'daadkracht'
}

// Globally unique names (web app, Cosmos account, bot) get a short suffix derived from the resource group.
var suffix = take(uniqueString(subscription().id, resourceGroup().id), 6)

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${baseName}-id'
  location: location
  tags: tags
}

module monitoring './modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    workspaceName: '${baseName}-logs'
    appInsightsName: '${baseName}-insights'
    retentionInDays: logRetentionDays
  }
}

module cosmos './modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    location: cosmosLocation
    tags: tags
    accountName: '${baseName}-db-${suffix}'
    databaseName: databaseName
    capacityMode: cosmosCapacityMode
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    dataContributorPrincipalId: identity.properties.principalId
  }
}

module keyVault './modules/key-vault.bicep' = {
  name: 'key-vault'
  params: {
    location: location
    tags: tags
    vaultName: '${baseName}-kv-${suffix}'
    readerPrincipalId: identity.properties.principalId
    secretsAdminObjectId: secretsAdminObjectId
  }
}

module webApp './modules/web-app.bicep' = {
  name: 'web-app'
  params: {
    location: location
    tags: tags
    planName: '${baseName}-plan'
    webAppName: '${baseName}-${suffix}'
    sku: appServiceSku
    identityId: identity.id
    identityClientId: identity.properties.clientId
    identityTenantId: identity.properties.tenantId
    cosmosEndpoint: cosmos.outputs.endpoint
    databaseName: databaseName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    allowedTenantIds: allowedTenantIds
    botRegistrations: botRegistrations
    coordinatorAadIds: coordinatorAadIds
    adminAadIds: adminAadIds
    defaultLanguage: defaultLanguage
    logLevel: logLevel
    outboxPollMs: outboxPollMs
    keyVaultName: keyVault.outputs.name
    tabClientId: tabClientId
  }
}

module bot './modules/bot.bicep' = {
  name: 'bot'
  params: {
    botName: '${baseName}-bot-${suffix}'
    location: botLocation
    tags: tags
    displayName: botDisplayName
    messagingEndpoint: 'https://${webApp.outputs.hostName}/api/messages'
    identityId: identity.id
    identityClientId: identity.properties.clientId
    identityTenantId: identity.properties.tenantId
  }
}

@description('MICROSOFT_APP_ID for `npm run package`: the bot identity\'s client id.')
output botId string = identity.properties.clientId
@description('BOT_DOMAIN for `npm run package`.')
output botDomain string = webApp.outputs.hostName
output webAppName string = webApp.outputs.name
output botName string = bot.outputs.name
output cosmosAccountName string = cosmos.outputs.accountName
output cosmosEndpoint string = cosmos.outputs.endpoint
@description('Where the two secrets go (docs/deployment.md, step 3).')
output keyVaultName string = keyVault.outputs.name
output tenantId string = identity.properties.tenantId
