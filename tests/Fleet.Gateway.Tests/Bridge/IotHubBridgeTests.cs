// SPDX-License-Identifier: MIT
using System.Text.Json;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Bridge.IotHub;
using Fleet.Gateway.Devices;
using Fleet.Gateway.Storage;
using Fleet.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;

namespace Fleet.Gateway.Tests.Bridge;

/// <summary>The bridge inside a real gateway, against a local MQTT stand-in for the hub and a Kestrel REST stub.</summary>
public sealed class IotHubBridgeTests
{
    private const string Device = "sensor-1";

    [Fact]
    public async Task Forward_TelemetryAndDetection_ReachHubTopicsWithProperties()
    {
        await using var hub = await IotHubStandIn.StartAsync();
        using var dir = new TempDirectory();
        await using var gateway = await TestGateway.StartAsync(dir.Path, hub.GatewayArgs());
        var secrets = await gateway.ProvisionAsync(Device);
        await using var device = await gateway.ConnectDeviceAsync(Device, secrets[Device]);

        await device.PublishAsync(Topics.For(Device, MessageType.Telemetry), Payloads.Encode(Payloads.Telemetry(Device, 1)));
        await device.PublishAsync(Topics.For(Device, MessageType.Detection),
            Payloads.Encode(Payloads.Detection(Device, 2, new DetectionBox(1, 2, 3, 4, 9000, "face"))));

        const string prefix = "devices/sensor-1/messages/events/$.ct=application%2Fjson&$.ce=utf-8&kind=";
        await Eventually.UntilAsync(() => hub.Published.Count(p => p.Topic.StartsWith(prefix, StringComparison.Ordinal)) == 2,
            "two events at the hub");
        Assert.Empty(hub.Refusals);
        Assert.All(hub.Connects, c => Assert.Equal(Device, c.ClientId));
        var telemetry = hub.Published.Single(p => p.Topic == prefix + "telemetry");
        var detection = hub.Published.Single(p => p.Topic == prefix + "detection");
        Assert.Equal(Device, telemetry.ClientId);
        using var t = JsonDocument.Parse(telemetry.Payload);
        Assert.Equal(3900, t.RootElement.GetProperty("batteryMv").GetInt32());
        using var d = JsonDocument.Parse(detection.Payload);
        Assert.Equal("face", d.RootElement.GetProperty("boxes")[0].GetProperty("label").GetString());
        // The stand-in records a publish before its PUBACK; the bridge counts it forwarded after the PUBACK.
        await Eventually.UntilAsync(() => gateway.Services.GetRequiredService<IotHubTelemetry>().Forwarded == 2,
            "both events counted as forwarded");
        Assert.Contains(hub.Published, p => p.Topic.StartsWith("$iothub/twin/GET/?$rid=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DesiredPatch_FromHub_BecomesDesiredConfigRetainedOnDownConfig()
    {
        await using var hub = await IotHubStandIn.StartAsync();
        using var dir = new TempDirectory();
        await using var gateway = await TestGateway.StartAsync(dir.Path, hub.GatewayArgs());
        var secrets = await gateway.ProvisionAsync(Device);
        await using var device = await gateway.ConnectDeviceAsync(Device, secrets[Device]);
        // The bridge opens a device's hub connection with its first uplink.
        await device.PublishAsync(Topics.For(Device, MessageType.Telemetry), Payloads.Encode(Payloads.Telemetry(Device, 1)));
        await Eventually.UntilAsync(() => hub.Subscribed.ContainsKey(Device), "desired-patch subscription");

        await hub.PushDesiredAsync(Device, 7, """
            {"wakeIntervalS":600,"telemetryEvery":6,"scoreThresholdPmy":7000,"detector":"smile",
             "modelId":"smile-v2","modelVersion":4,"reportEmpty":true,"$version":7}
            """);

        var configs = gateway.Services.GetRequiredService<DeviceConfigStore>();
        StoredDesiredConfig? stored = null;
        await Eventually.UntilAsync(async () => (stored = await configs.GetDesiredAsync(Device, CancellationToken.None)) is not null,
            "desired config stored");
        Assert.Equal(new DeviceConfig(stored!.Config.ConfigVersion, 600, 6, 7000, DetectorKind.Smile, "smile-v2", 4, true),
            stored.Config);

        // The store commit comes before the broker publish, so a subscription made now may see the publish live
        // (retain flag cleared, as MQTT forwards it) rather than as a retained message. Wait for either, then
        // subscribe again: only a retained message is delivered on a fresh subscription.
        var delivered = new TaskCompletionSource<DesiredConfig>(TaskCreationOptions.RunContinuationsAsynchronously);
        var retained = new TaskCompletionSource<DesiredConfig>(TaskCreationOptions.RunContinuationsAsynchronously);
        device.Client.ApplicationMessageReceivedAsync += e =>
        {
            if (FleetCodec.Decode(System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload))
                    is { Message: DesiredConfig desired })
            {
                delivered.TrySetResult(desired);
                if (e.ApplicationMessage.Retain)
                {
                    retained.TrySetResult(desired);
                }
            }

            return Task.CompletedTask;
        };
        string desiredTopic = Topics.For(Device, MessageType.DesiredConfig);
        await device.Client.SubscribeAsync(desiredTopic, MqttQualityOfServiceLevel.AtLeastOnce);
        Assert.Equal(stored.Config, (await delivered.Task.WaitAsync(TimeSpan.FromSeconds(30))).Config);
        await device.Client.UnsubscribeAsync(desiredTopic);
        await device.Client.SubscribeAsync(desiredTopic, MqttQualityOfServiceLevel.AtLeastOnce);
        Assert.Equal(stored.Config, (await retained.Task.WaitAsync(TimeSpan.FromSeconds(30))).Config);

        // An invalid patch is refused, logged and reported back as a reported property.
        await hub.PushDesiredAsync(Device, 8, """{"wakeIntervalS":0,"$version":8}""");
        await Eventually.UntilAsync(() => hub.Published.Any(p =>
                p.Topic.StartsWith("$iothub/twin/PATCH/properties/reported/?$rid=", StringComparison.Ordinal)
                && p.Payload.Contains("\"fleetConfigError\":{\"errors\":{\"wakeIntervalS\"", StringComparison.Ordinal)),
            "config error reported");
        Assert.Equal(stored.Config, (await configs.GetDesiredAsync(Device, CancellationToken.None))!.Config);
        Assert.Equal(1, gateway.Services.GetRequiredService<IotHubTelemetry>().DesiredRejected);

        // A retired device takes no new config from the hub either: refused and reported back, nothing stored.
        await gateway.Services.GetRequiredService<DeviceRetirement>().RetireAsync(Device, CancellationToken.None);
        await hub.PushDesiredAsync(Device, 9, """{"wakeIntervalS":900,"$version":9}""");
        await Eventually.UntilAsync(() => hub.Published.Any(p =>
                p.Topic.StartsWith("$iothub/twin/PATCH/properties/reported/?$rid=", StringComparison.Ordinal)
                && p.Payload.Contains("\"fleetConfigError\":{\"errors\":{\"deviceId\"", StringComparison.Ordinal)),
            "retired device's config error reported");
        Assert.Equal(stored.Config, (await configs.GetDesiredAsync(Device, CancellationToken.None))!.Config);
        Assert.Equal(2, gateway.Services.GetRequiredService<IotHubTelemetry>().DesiredRejected);
    }

    [Fact]
    public async Task ReportedConfig_FromDevice_ReachesTwinRestWithServiceSas()
    {
        await using var hub = await IotHubStandIn.StartAsync();
        await using var rest = await IotHubRestStub.StartAsync();
        using var dir = new TempDirectory();
        await using var gateway = await TestGateway.StartAsync(dir.Path, hub.GatewayArgs(rest.BaseAddress, IotHubStandIn.PolicyKey));
        var secrets = await gateway.ProvisionAsync(Device);
        await using var device = await gateway.ConnectDeviceAsync(Device, secrets[Device]);

        var config = new DeviceConfig(3, 600, 6, 7000, DetectorKind.Face, "face-v1", 2, false);
        await device.PublishAsync(Topics.For(Device, MessageType.ReportedConfig),
            Payloads.Encode(new ReportedConfig(Device, config, ConfigApplyResult.Applied)));

        await Eventually.UntilAsync(() => !rest.Requests.IsEmpty, "twin PATCH at the REST stub");
        var request = Assert.Single(rest.Requests);
        Assert.Equal("PATCH", request.Method);
        Assert.Equal("/twins/sensor-1?api-version=2021-04-12", request.PathAndQuery);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        Assert.Matches(
            "^SharedAccessSignature sr=testhub\\.azure-devices\\.net&sig=[A-Za-z0-9%]+&se=[0-9]+&skn=service$",
            request.Authorization);
        var se = long.Parse(request.Authorization!.Split("&se=")[1].Split('&')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(SasToken.Create(IotHubStandIn.HostName, IotHubStandIn.PolicyKey,
            DateTimeOffset.FromUnixTimeSeconds(se), "service").Value, request.Authorization);
        using var body = JsonDocument.Parse(request.Body);
        var reported = body.RootElement.GetProperty("tags").GetProperty(IotHubBridge.ReportedTag);
        Assert.Equal(600, reported.GetProperty("wakeIntervalS").GetInt32());
        Assert.Equal(3, reported.GetProperty("configVersion").GetInt32());
        Assert.Equal("applied", reported.GetProperty("applyResult").GetString());
    }

    [Fact]
    public async Task HubDown_IngestStoresEverythingAndEveryMessageIsCountedAsDroppedOrFailed()
    {
        using var dir = new TempDirectory();
        var deadPort = FreePort.Next(); // nothing listens here
        await using var gateway = await TestGateway.StartAsync(dir.Path,
            "--IotHub:Enabled=true", $"--IotHub:HostName={IotHubStandIn.HostName}", "--IotHub:MqttHost=127.0.0.1",
            $"--IotHub:MqttPort={deadPort}", "--IotHub:UseTls=false", "--IotHub:DevicePolicyName=device",
            $"--IotHub:DevicePolicyKey={IotHubStandIn.PolicyKey}", "--IotHub:QueueCapacity=2",
            "--IotHub:RetryBaseDelay=00:00:00.2", "--IotHub:MaxRetryAttempts=2");
        var secrets = await gateway.ProvisionAsync(Device);
        await using var device = await gateway.ConnectDeviceAsync(Device, secrets[Device]);

        for (uint seq = 1; seq <= 20; seq++)
        {
            var ack = await device.PublishAsync(Topics.For(Device, MessageType.Telemetry), Payloads.Encode(Payloads.Telemetry(Device, seq)));
            Assert.True(ack.IsSuccess);
        }

        await Eventually.UntilAsync(async () => await gateway.CountRowsAsync("telemetry") == 20, "all 20 stored");
        var bridge = gateway.Services.GetRequiredService<IotHubTelemetry>();
        await Eventually.UntilAsync(() => bridge.Dropped + bridge.Failed == 20, "every message dropped or failed");
        Assert.True(bridge.Dropped > 0, "the queue of 2 should have overflowed while the bridge retried");
        Assert.Equal(0, bridge.Forwarded);
    }
}
