// Key Vault for the bot's two secrets: the key that derives receipt codes (RECEIPT_CODE_SECRET) and
// the keys that seal the link to an anonymous reporter (REPORTER_LINK_KEYS). The app reads them
// through App Service Key Vault references with its user-assigned identity; the bot has no Key
// Vault code. Access policies rather than Azure RBAC, so that Contributor on the resource group is
// still enough to deploy (the template creates no Microsoft.Authorization role assignment).
// The secret values are set once by an administrator (docs/deployment.md, step 3), never here:
// a template parameter would be overwritten, and the codes and links with it, on a redeploy.

param location string
param tags object
param vaultName string

@description('Object id of the identity that reads the secrets (the bot).')
param readerPrincipalId string

@description('Object id of the administrator who sets the secrets once; empty: add a policy by hand.')
param secretsAdminObjectId string = ''

var readerPolicy = [
  {
    tenantId: subscription().tenantId
    objectId: readerPrincipalId
    permissions: {
      secrets: [
        'get'
      ]
    }
  }
]
var adminPolicy = empty(secretsAdminObjectId)
  ? []
  : [
      {
        tenantId: subscription().tenantId
        objectId: secretsAdminObjectId
        permissions: {
          secrets: [
            'get'
            'list'
            'set'
          ]
        }
      }
    ]

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: false
    accessPolicies: concat(readerPolicy, adminPolicy)
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

output name string = vault.name
