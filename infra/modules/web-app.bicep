// Linux App Service plan and the web app that runs the bot (Node 22 LTS, `node dist/bot/index.js`).
// The app runs as the user-assigned identity: towards Teams (MICROSOFT_APP_TYPE UserAssignedMSI)
// and towards Cosmos DB (DefaultAzureCredential picks the identity from AZURE_CLIENT_ID).
// No secret, password or account key is among the app settings: the two secrets the bot needs are
// Key Vault references, resolved by App Service with the same identity (keyVaultReferenceIdentity).

param location string
param tags object
param planName string
param webAppName string
param sku string
param identityId string
param identityClientId string
param identityTenantId string
param cosmosEndpoint string
param databaseName string
param appInsightsConnectionString string
param allowedTenantIds string
@secure()
param botRegistrations string
param coordinatorAadIds string
param adminAadIds string
param defaultLanguage string
param logLevel string
param outboxPollMs int
@description('The vault holding receipt-code-secret and reporter-link-keys.')
param keyVaultName string
@description('The dashboard tab\'s app registration: the one audience its API accepts.')
param tabClientId string

resource plan 'Microsoft.Web/serverfarms@2022-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: sku
  }
  properties: {
    reserved: true // Linux
  }
}

resource webApp 'Microsoft.Web/sites@2022-03-01' = {
  name: webAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    // Key Vault references are resolved with the bot's identity, not a system-assigned one.
    keyVaultReferenceIdentity: identityId
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'node dist/bot/index.js'
      alwaysOn: true // the outbox dispatcher and reminders run in the process
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        // Deployment: a zip built elsewhere (docs/deployment.md), run as it is, no build on the server.
        {
          name: 'WEBSITE_RUN_FROM_PACKAGE'
          value: '1'
        }
        {
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'false'
        }
        {
          name: 'NODE_ENV'
          value: 'production'
        }
        // Bot identity (PORT is set by App Service itself).
        {
          name: 'MICROSOFT_APP_ID'
          value: identityClientId
        }
        {
          name: 'MICROSOFT_APP_TYPE'
          value: 'UserAssignedMSI'
        }
        {
          name: 'MICROSOFT_APP_TENANT_ID'
          value: identityTenantId
        }
        {
          name: 'AZURE_CLIENT_ID'
          value: identityClientId
        }
        {
          name: 'ALLOWED_TENANT_IDS'
          value: allowedTenantIds
        }
        // Other municipalities' bot registrations, one per tenant; empty for one municipality.
        {
          name: 'BOT_REGISTRATIONS'
          value: botRegistrations
        }
        // Storage: Entra ID only.
        {
          name: 'COSMOS_ENDPOINT'
          value: cosmosEndpoint
        }
        {
          name: 'COSMOS_DATABASE'
          value: databaseName
        }
        // People who always hold a role.
        {
          name: 'COORDINATOR_AAD_IDS'
          value: coordinatorAadIds
        }
        {
          name: 'ADMIN_AAD_IDS'
          value: adminAadIds
        }
        {
          name: 'DEFAULT_LANGUAGE'
          value: defaultLanguage
        }
        {
          name: 'LOG_LEVEL'
          value: logLevel
        }
        {
          name: 'OUTBOX_POLL_MS'
          value: string(outboxPollMs)
        }
        // The meeting calendar (.ics) link points here.
        {
          name: 'PUBLIC_BASE_URL'
          value: 'https://${webAppName}.azurewebsites.net'
        }
        // The dashboard tab's sign-in (empty until its app registration exists).
        {
          name: 'TAB_CLIENT_ID'
          value: tabClientId
        }
        // Secrets: references to Key Vault, resolved by App Service; the values never pass through here.
        {
          name: 'RECEIPT_CODE_SECRET'
          value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=receipt-code-secret)'
        }
        {
          name: 'REPORTER_LINK_KEYS'
          value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=reporter-link-keys)'
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsightsConnectionString
        }
      ]
    }
  }
}

// No basic-auth (user name and password) publishing over SCM (Kudu, zip deploy) or FTP: deployments
// authenticate with Entra ID (`az webapp deploy` uses the signed-in account's token).
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2022-03-01' = {
  parent: webApp
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2022-03-01' = {
  parent: webApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

output name string = webApp.name
output hostName string = webApp.properties.defaultHostName
