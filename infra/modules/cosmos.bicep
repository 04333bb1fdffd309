// Cosmos DB for NoSQL: account, database and the containers from ../containers.json, which is
// the code's own definition (bot/storage/containers.ts; test/infra.test.ts keeps them equal).
// Keys are switched off: the bot reaches the data with its managed identity only. Because
// data-plane RBAC cannot create databases or containers, they must exist here before the bot starts.

param location string
param tags object
param accountName string
param databaseName string

@allowed([
  'Serverless'
  'ProvisionedAutoscale'
])
param capacityMode string

param autoscaleMaxThroughput int

@description('Principal (object) id that gets the built-in Cosmos DB Data Contributor role.')
param dataContributorPrincipalId string

var serverless = capacityMode == 'Serverless'
var serverlessCapabilities = [
  {
    name: 'EnableServerless'
  }
]
// Provisioned mode shares one autoscale budget between all containers; serverless has none.
var autoscaleOptions = {
  autoscaleSettings: {
    maxThroughput: autoscaleMaxThroughput
  }
}
// Every container in containers.json has the same properties (defaultTtl is null where the code sets
// none; test/infra.test.ts keeps the shape uniform), so reading one never meets a missing property
// (BCP053). A null defaultTtl is left out of the request rather than sent as null.
var containers = items(loadJsonContent('../containers.json'))
var containerResources = [
  for container in containers: union(
    {
      id: container.value.id
      partitionKey: container.value.partitionKey
      indexingPolicy: container.value.indexingPolicy
    },
    container.value.defaultTtl == null ? {} : { defaultTtl: container.value.defaultTtl }
  )
]
// Built-in "Cosmos DB Built-in Data Contributor": read and write items, read metadata.
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    // Session consistency: a writer reads its own writes; ETag checks guard concurrent updates.
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    capabilities: serverless ? serverlessCapabilities : []
    disableLocalAuth: true
    // TLS 1.2 is the default for new accounts; stated so an auditor need not know that.
    minimalTlsVersion: 'Tls12'
    disableKeyBasedMetadataWriteAccess: true
    enableAutomaticFailover: false
    enableMultipleWriteLocations: false
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
    options: serverless ? {} : autoscaleOptions
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [
  for container in containerResources: {
    parent: database
    name: container.id
    properties: {
      resource: container
    }
  }
]

// After the containers: one control-plane change to the account at a time.
resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, dataContributorPrincipalId, dataContributorRoleId)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    principalId: dataContributorPrincipalId
    scope: account.id
  }
  dependsOn: [
    sqlContainers
  ]
}

output accountName string = account.name
output endpoint string = account.properties.documentEndpoint
