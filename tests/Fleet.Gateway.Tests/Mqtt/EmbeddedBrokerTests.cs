// SPDX-License-Identifier: MIT
using System.Buffers;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Mqtt;
using Fleet.Gateway.Tests.Infrastructure;
using MQTTnet;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet.Protocol;

namespace Fleet.Gateway.Tests.Mqtt;

public sealed class EmbeddedBrokerTests
{
    [Fact]
    public async Task Connect_WrongPassword_IsRefusedAndNotCountedAsUnknownDevice()
    {
        using var dir = new TempDirectory();
        await using var gateway = await TestGateway.StartAsync(dir.Path);
        await gateway.ProvisionAsync("cam-1");

        var code = await TestDevice.TryConnectAsync(gateway.MqttPort, "cam-1", "cam-1", "not-the-secret");

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, code);
        Assert.Equal(0, (await gateway.GetStatsAsync()).Rejected["unknown_device"]);
    }

    [Fact]
    public async Task Connect_UnprovisionedDevice_IsRefusedAndCountedAsUnknownDevice()
    {
        using var dir = new TempDirectory();
        await using var gateway = await TestGateway.StartAsync(dir.Path);

        var code = await TestDevice.TryConnectAsync(gateway.MqttPort, "nobody", "nobody", "secret");

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, code);
        Assert.Equal(1, (await gateway.GetStatsAsync()).Rejected["unknown_device"]);
    }

    [Fact]
    public async Task Connect_ClientIdDiffersFromUserName_IsRefused()
    {
        using var dir = new TempDirectory();
        await using var gateway = await TestGateway.StartAsync(dir.Path);
        var secrets = await gateway.ProvisionAsync("cam-1", "cam-2");

        var code = await TestDevice.TryConnectAsync(gateway.MqttPort, "cam-2", "cam-1", secrets["cam-1"]);

        Assert.NotEqual(MqttClientConnectResultCode.Success, code);
    }

    [Fact]
    public async Task Connect_AfterReprovisioning_OldSecretIsRefusedAndNewOneAccepted()
    {
        using var dir = new TempDirectory();
        await using var gateway = await TestGateway.StartAsync(dir.Path);
        var first = (await gateway.ProvisionAsync("cam-1"))["cam-1"];
        var second = (await gateway.ProvisionAsync("cam-1"))["cam-1"];

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword,
            await TestDevice.TryConnectAsync(gateway.MqttPort, "cam-1", "cam-1", first));
        Assert.Equal(MqttClientConnectResultCode.Success,
            await TestDevice.TryConnectAsync(gateway.MqttPort, "cam-1", "cam-1", second));
    }

    [Fact]
    public async Task Subscribe_OwnDownlinkAllowed_OtherDevicesDownlinkDeniedAndCounted()
    {
        using var dir = new TempDirectory();
        await using var gateway = await TestGateway.StartAsync(dir.Path);
        var secrets = await gateway.ProvisionAsync("cam-1");
        await using var device = await gateway.ConnectDeviceAsync("cam-1", secrets["cam-1"]);

        var result = await device.Client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(Topics.DownlinkFilter("cam-1"), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter("fleet/v1/+/down/#", MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(Topics.UplinkFilter, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());

        var codes = result.Items.Select(i => i.ResultCode).ToArray();
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, codes[0]);
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, codes[1]);
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, codes[2]);
        Assert.Equal(2, (await gateway.GetStatsAsync()).Rejected["acl_denied"]);
    }

    [Fact]
    public async Task Publish_ToOwnDownlink_IsDeniedAndCounted()
    {
        using var dir = new TempDirectory();
        await using var gateway = await TestGateway.StartAsync(dir.Path);
        var secrets = await gateway.ProvisionAsync("cam-1");
        await using var device = await gateway.ConnectDeviceAsync("cam-1", secrets["cam-1"]);

        var result = await device.PublishAsync("fleet/v1/cam-1/down/config", [0xA0]);

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, result.ReasonCode);
        Assert.Equal(1, (await gateway.GetStatsAsync()).Rejected["acl_denied"]);
    }

    [Fact]
    public async Task RetainedDesiredConfig_AfterGatewayRestart_IsDeliveredToTheDevice()
    {
        using var dir = new TempDirectory();
        var desired = new DesiredConfig("cam-1",
            new DeviceConfig(7, 60, 1, 5000, DetectorKind.Smile, "", 0, ReportEmpty: false));
        string secret;
        await using (var first = await TestGateway.StartAsync(dir.Path))
        {
            secret = (await first.ProvisionAsync("cam-1"))["cam-1"];
            await first.Services.GetRequiredService<DownlinkPublisher>().PublishAsync(
                Topics.For("cam-1", MessageType.DesiredConfig), FleetCodec.Encode(desired), retain: true,
                CancellationToken.None);
        }

        await using var second = await TestGateway.StartAsync(dir.Path);
        await using var device = await second.ConnectDeviceAsync("cam-1", secret);
        var received = new TaskCompletionSource<MqttApplicationMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        device.Client.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        await device.Client.SubscribeAsync(Topics.DownlinkFilter("cam-1"), MqttQualityOfServiceLevel.AtLeastOnce);

        var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Topics.For("cam-1", MessageType.DesiredConfig), message.Topic);
        Assert.Equal(desired, FleetCodec.Decode(message.Payload.ToArray()).Message);
    }
}
