// Azure IoT Hub for the gateway's optional bridge (docs/iot-hub-bridge.md; IotHub:Enabled=true).
// The bridge connects each device over MQTT with SAS tokens signed by the 'device' policy (or per-device keys) and
// writes twin tags over REST with the 'service' policy. Keys never leave Azure through this template: they are put
// into the Key Vault named by keyVaultName, from where the gateway's deployment reads them into
// IotHub__DevicePolicyKey and IotHub__ServicePolicyKey. Checked structurally by infra/check_infra.py (the bicep
// CLI cannot be installed here).
//   az deployment group create -g fleet-rg -f infra/azure/iot-hub.bicep -p hubName=fleet-site-1 keyVaultName=fleet-kv

@description('Name of the IoT hub (globally unique; becomes {hubName}.azure-devices.net, IotHub:HostName).')
@minLength(3)
@maxLength(50)
param hubName string

@description('Region of the hub.')
param location string = resourceGroup().location

@description('S1 allows 400,000 device-to-cloud messages a day per unit; see docs/capacity.md before choosing.')
@allowed([
  'S1'
  'S2'
  'S3'
])
param skuName string = 'S1'

@description('Units of the SKU.')
@minValue(1)
@maxValue(200)
param skuUnits int = 1

@description('Existing Key Vault (same resource group) that receives the two policy keys.')
param keyVaultName string

@description('Days the hub keeps device-to-cloud messages for downstream readers.')
@minValue(1)
@maxValue(7)
param retentionDays int = 1

resource hub 'Microsoft.Devices/IotHubs@2023-06-30' = {
  name: hubName
  location: location
  sku: {
    name: skuName
    capacity: skuUnits
  }
  properties: {
    minTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    disableLocalAuth: false // SAS tokens are how the bridge authenticates
    eventHubEndpoints: {
      events: {
        retentionTimeInDays: retentionDays
        partitionCount: 4
      }
    }
    authorizationPolicies: [
      {
        // IotHub:DevicePolicyName: signs device-scoped SAS tokens for the bridge's per-device MQTT connections.
        keyName: 'device'
        rights: 'DeviceConnect'
      }
      {
        // IotHub:ServicePolicyName: REST twin PATCH (tags.fleetReported) and twin reads.
        keyName: 'service'
        rights: 'ServiceConnect, RegistryRead'
      }
      {
        // Creating the device identities (one per Fleet device id) from your provisioning pipeline.
        keyName: 'registryReadWrite'
        rights: 'RegistryRead, RegistryWrite'
      }
    ]
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource devicePolicyKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'fleet-iothub-device-policy-key'
  properties: {
    value: filter(hub.listKeys().value, k => k.keyName == 'device')[0].primaryKey
  }
}

resource servicePolicyKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'fleet-iothub-service-policy-key'
  properties: {
    value: filter(hub.listKeys().value, k => k.keyName == 'service')[0].primaryKey
  }
}

@description('IotHub:HostName for the gateway.')
output hostName string = hub.properties.hostName

@description('Key Vault secret names holding IotHub__DevicePolicyKey and IotHub__ServicePolicyKey.')
output keySecretNames array = [
  devicePolicyKey.name
  servicePolicyKey.name
]
