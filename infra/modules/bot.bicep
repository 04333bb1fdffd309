// The Azure Bot registration: the bot's identity is the user-assigned managed identity
// (msaAppType UserAssignedMSI), so there is no app registration and no client secret.
// Teams is a standard channel: free on the F0 tier.

param botName string
param location string
param tags object
param displayName string
param messagingEndpoint string
param identityId string
param identityClientId string
param identityTenantId string

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: location
  tags: tags
  kind: 'azurebot'
  sku: {
    name: 'F0'
  }
  properties: {
    displayName: displayName
    endpoint: messagingEndpoint
    msaAppType: 'UserAssignedMSI'
    msaAppId: identityClientId
    msaAppMSIResourceId: identityId
    msaAppTenantId: identityTenantId
    publicNetworkAccess: 'Enabled'
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  name: 'MsTeamsChannel'
  location: location
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
    }
  }
}

output name string = botService.name
