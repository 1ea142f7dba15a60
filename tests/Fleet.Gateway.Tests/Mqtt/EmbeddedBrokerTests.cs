// SPDX-License-Identifier: MIT
using System.Buffers;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Mqtt;
using Fleet.Gateway.Tests.Infrastructure;
using Fleet.Gateway.Tests.Postgres;
using MQTTnet;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet.Protocol;

namespace Fleet.Gateway.Tests.Mqtt;

/// <summary>
/// Embedded-broker specifics. What every broker mode must do (unknown devices, secret rotation, topic ACL) is in
/// <see cref="BrokerContractTests"/>, run for this broker by <see cref="EmbeddedBrokerContractTests"/>.
/// </summary>
public sealed class EmbeddedBrokerTests(PostgresServer postgres) : IClassFixture<PostgresServer>
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
    public async Task RotateCredentials_ConnectionOpenedWithTheOldSecret_IsClosedAndTheSessionResumesWithTheNewOne()
    {
        using var dir = new TempDirectory();
        await using var gateway = await TestGateway.StartAsync(dir.Path, "--Api:OperatorKey=rotation-key");
        gateway.Http.DefaultRequestHeaders.Add("X-Fleet-Key", "rotation-key");
        var old = (await gateway.ProvisionAsync("cam-1"))["cam-1"];
        await using var leaked = await gateway.ConnectDeviceAsync("cam-1", old);
        var closed = new TaskCompletionSource<MqttClientDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        leaked.Client.DisconnectedAsync += e =>
        {
            closed.TrySetResult(e);
            return Task.CompletedTask;
        };

        using var rotated = await gateway.Http.PostAsync("/api/devices/cam-1/credentials", null);
        rotated.EnsureSuccessStatusCode();
        var fresh = System.Text.Json.JsonDocument.Parse(await rotated.Content.ReadAsStringAsync())
            .RootElement.GetProperty("secret").GetString()!;

        // The broker closed it before the API answered; the client learns it from the DISCONNECT it was sent.
        var reason = await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(MqttClientDisconnectReason.NotAuthorized, reason.Reason);
        Assert.False(leaked.Client.IsConnected, "the connection opened with the old secret survived the rotation");
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword,
            await TestDevice.TryConnectAsync(gateway.MqttPort, "cam-1", "cam-1", old));
        // The session stays: the device resumes it with the new secret.
        using var device = new MqttClientFactory().CreateMqttClient();
        var result = await device.ConnectAsync(TestDevice.Options(gateway.MqttPort, "cam-1", "cam-1", fresh));
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        Assert.True(result.IsSessionPresent, "rotation must not drop the device's session");
        await device.DisconnectAsync();
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

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task RetainedDesiredConfig_AfterGatewayRestart_IsDeliveredToTheDevice(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider, postgres);
        var desired = new DesiredConfig("cam-1",
            new DeviceConfig(7, 60, 1, 5000, DetectorKind.Smile, "", 0, ReportEmpty: false));
        string secret;
        await using (var first = await TestGateway.StartAsync(store))
        {
            secret = (await first.ProvisionAsync("cam-1"))["cam-1"];
            await first.Services.GetRequiredService<DownlinkPublisher>().PublishAsync(
                Topics.For("cam-1", MessageType.DesiredConfig), FleetCodec.Encode(desired), retain: true,
                CancellationToken.None);
        }

        await using var second = await TestGateway.StartAsync(store);
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
