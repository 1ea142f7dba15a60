// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Devices;
using Fleet.Gateway.Mqtt;
using Fleet.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;

namespace Fleet.Gateway.Tests.Mqtt;

/// <summary>
/// What every broker mode must do for the fleet (docs/protocol.md §1.1): authenticate provisioned devices only and
/// hold each device to its own topics. Run once per mode by the derived classes (embedded MQTTnet, external
/// Mosquitto). Uplinks reaching the store and publishing under another device's id are part of the end-to-end
/// suite (EndToEnd/EndToEndTests.cs), which runs in every broker and store configuration.
/// </summary>
public abstract class BrokerContractTests
{
    /// <summary>Starts a gateway (and, for an external broker, points it at that broker).</summary>
    protected abstract Task<TestGateway> StartGatewayAsync(TempDirectory dir);

    /// <summary>
    /// Checks the gateway counted a refusal under <paramref name="reason"/>. Only the embedded broker can: an
    /// external broker refuses on its own and the gateway never hears of it.
    /// </summary>
    protected virtual Task AssertRefusalsCountedAsync(TestGateway gateway, string reason, long expected) =>
        Task.CompletedTask;

    /// <summary>
    /// Whether the broker refuses a SUBSCRIBE outside the device's own downlink. Mosquitto 2.0's acl_file grants
    /// every SUBSCRIBE and instead checks each delivery against the reader's ACL; the outcome for the device (it
    /// never receives another device's messages) is the same, and both are tested.
    /// </summary>
    protected virtual bool RefusesForeignSubscriptions => true;

    [Fact]
    public async Task Connect_UnknownDevice_IsRefused()
    {
        using var dir = new TempDirectory();
        await using var gateway = await StartGatewayAsync(dir);

        var code = await TestDevice.TryConnectAsync(gateway.MqttPort, "nobody", "nobody", "secret");

        Assert.NotEqual(MqttClientConnectResultCode.Success, code);
        await AssertRefusalsCountedAsync(gateway, "unknown_device", 1);
    }

    [Fact]
    public async Task Connect_AfterReprovisioning_NewSecretAcceptedAndOldOneRefused()
    {
        using var dir = new TempDirectory();
        await using var gateway = await StartGatewayAsync(dir);
        var first = (await gateway.ProvisionAsync("cam-1"))["cam-1"];
        var second = (await gateway.ProvisionAsync("cam-1"))["cam-1"];

        // Once the new secret works the broker has the new credentials (an external one reloads asynchronously).
        await using (await ConnectWhenAcceptedAsync(gateway, "cam-1", second))
        {
        }

        Assert.NotEqual(MqttClientConnectResultCode.Success,
            await TestDevice.TryConnectAsync(gateway.MqttPort, "cam-1", "cam-1", first));
    }

    [Fact]
    public async Task Subscribe_OtherDevicesTopics_DeniedOrNeverDelivered()
    {
        using var dir = new TempDirectory();
        await using var gateway = await StartGatewayAsync(dir);
        var secrets = await gateway.ProvisionAsync("cam-1", "cam-2");
        await using var spy = await ConnectWhenAcceptedAsync(gateway, "cam-1", secrets["cam-1"]);
        await using var other = await ConnectWhenAcceptedAsync(gateway, "cam-2", secrets["cam-2"]);
        var received = new List<string>();
        var ownDownlink = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        spy.Client.ApplicationMessageReceivedAsync += e =>
        {
            lock (received)
            {
                received.Add(e.ApplicationMessage.Topic);
            }

            if (e.ApplicationMessage.Topic.StartsWith("fleet/v1/cam-1/down/", StringComparison.Ordinal))
            {
                ownDownlink.TrySetResult();
            }

            return Task.CompletedTask;
        };

        var result = await spy.Client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(Topics.DownlinkFilter("cam-1"), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(Topics.DownlinkFilter("cam-2"), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(Topics.UplinkFilter, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        await other.PublishAsync(Topics.For("cam-2", MessageType.Telemetry), Payloads.Encode(Payloads.Telemetry("cam-2", 1)));
        await gateway.Services.GetRequiredService<DownlinkPublisher>().PublishAsync(
            "fleet/v1/cam-2/down/config", [0xA0], retain: false, CancellationToken.None);
        // Sent after both of the above: once it arrives, anything they could have delivered to the spy has too.
        await gateway.Services.GetRequiredService<DownlinkPublisher>().PublishAsync(
            "fleet/v1/cam-1/down/config", [0xA0], retain: false, CancellationToken.None);
        await ownDownlink.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var codes = result.Items.Select(i => i.ResultCode).ToArray();
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, codes[0]);
        if (RefusesForeignSubscriptions)
        {
            Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, codes[1]);
            Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, codes[2]);
        }

        lock (received)
        {
            Assert.Equal(["fleet/v1/cam-1/down/config"], received);
        }

        await AssertRefusalsCountedAsync(gateway, "acl_denied", 2);
    }

    [Fact]
    public async Task Publish_ToOwnDownlink_IsDenied()
    {
        using var dir = new TempDirectory();
        await using var gateway = await StartGatewayAsync(dir);
        var secrets = await gateway.ProvisionAsync("cam-1");
        await using var device = await ConnectWhenAcceptedAsync(gateway, "cam-1", secrets["cam-1"]);

        var result = await device.PublishAsync("fleet/v1/cam-1/down/config", [0xA0]);

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, result.ReasonCode);
        await AssertRefusalsCountedAsync(gateway, "acl_denied", 1);
    }

    /// <summary>
    /// Devices that disconnect and reconnect at once, several at a time, keep every new connection and can use it
    /// (for the embedded broker, <see cref="ClientIdHandover"/> and its own tests).
    /// </summary>
    [Fact]
    public async Task Reconnect_RightAfterDisconnect_NewConnectionStaysUsable()
    {
        using var dir = new TempDirectory();
        await using var gateway = await StartGatewayAsync(dir);
        string[] ids = ["cam-1", "cam-2", "cam-3", "cam-4"];
        var secrets = await gateway.ProvisionAsync(ids);
        await using (await ConnectWhenAcceptedAsync(gateway, ids[^1], secrets[ids[^1]]))
        {
        }

        const int cycles = 60;
        var failures = await ReconnectLoop.RunAsync(ids.Select(id => new ReconnectingClient(
            TestDevice.Options(gateway.MqttPort, id, id, secrets[id]), Topics.DownlinkFilter(id),
            i => new MqttApplicationMessageBuilder()
                .WithTopic(Topics.For(id, MessageType.Status))
                .WithPayload(Payloads.Encode(Payloads.Status(id, (uint)i + 1)))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build())).ToList(), cycles);

        Assert.True(failures.Count == 0, $"{failures.Count} of {ids.Length * cycles} reconnects failed, first: {failures.FirstOrDefault()}");
    }

    /// <summary>
    /// A second connection with a device's id takes the session over: the first is closed, the second works. A
    /// CONNECT with a wrong secret never disturbs the live connection.
    /// </summary>
    [Fact]
    public async Task Connect_SameIdTwice_SecondTakesOverAndWrongSecretDisturbsNothing()
    {
        using var dir = new TempDirectory();
        await using var gateway = await StartGatewayAsync(dir);
        var secret = (await gateway.ProvisionAsync("cam-1"))["cam-1"];
        await using var first = await ConnectWhenAcceptedAsync(gateway, "cam-1", secret);
        var firstClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        first.Client.DisconnectedAsync += _ =>
        {
            firstClosed.TrySetResult();
            return Task.CompletedTask;
        };

        Assert.NotEqual(MqttClientConnectResultCode.Success,
            await TestDevice.TryConnectAsync(gateway.MqttPort, "cam-1", "cam-1", secret + "x"));
        Assert.True(first.Client.IsConnected);
        Assert.True((await first.PublishAsync(Topics.For("cam-1", MessageType.Status),
            Payloads.Encode(Payloads.Status("cam-1", 1)))).IsSuccess);

        await using var second = await gateway.ConnectDeviceAsync("cam-1", secret);
        await firstClosed.Task.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.False(first.Client.IsConnected);
        Assert.True((await second.PublishAsync(Topics.For("cam-1", MessageType.Status),
            Payloads.Encode(Payloads.Status("cam-1", 2)))).IsSuccess);
        Assert.True(second.Client.IsConnected);
    }

    /// <summary>
    /// Whether retiring a device closes its live connection at once, and deletes its session, under the gateway's
    /// control. The embedded broker does. With Mosquitto the gateway only removes the password line and asks for a
    /// reload; what Mosquitto does with a connection open at that moment is its own business (2.0 on Debian was
    /// seen to close it), so only the refused CONNECT is part of the contract there.
    /// </summary>
    protected virtual bool ClosesRetiredConnections => true;

    /// <summary>
    /// Retiring a connected device: on the embedded broker its connection closes at once and its session is gone;
    /// in every mode its next CONNECT is refused (counted as <c>unknown_device</c> where the gateway can count it),
    /// until rotating its secret returns it to service, after which the new secret connects and the old one does not.
    /// </summary>
    [Fact]
    public async Task Retire_ConnectedDevice_RefusedUntilRotated()
    {
        using var dir = new TempDirectory();
        await using var gateway = await StartGatewayAsync(dir);
        var secret = (await gateway.ProvisionAsync("cam-1"))["cam-1"];
        await using var device = await ConnectWhenAcceptedAsync(gateway, "cam-1", secret);
        await device.Client.SubscribeAsync(Topics.DownlinkFilter("cam-1"), MqttQualityOfServiceLevel.AtLeastOnce);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        device.Client.DisconnectedAsync += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        Assert.NotNull(await gateway.Services.GetRequiredService<DeviceRetirement>()
            .RetireAsync("cam-1", CancellationToken.None));

        if (ClosesRetiredConnections)
        {
            await closed.Task.WaitAsync(TimeSpan.FromSeconds(15));
            Assert.False(device.Client.IsConnected);
        }

        // An external broker drops the password line at its asynchronous reload: refused within a deadline.
        await Eventually.UntilAsync(
            async () => await TestDevice.TryConnectAsync(gateway.MqttPort, "cam-1", "cam-1", secret)
                != MqttClientConnectResultCode.Success,
            "broker refuses the retired device", TimeSpan.FromSeconds(15));
        await AssertRefusalsCountedAsync(gateway, "unknown_device", 1);

        var rotated = await gateway.Registry.RotateSecretAsync("cam-1", CancellationToken.None);
        Assert.True(rotated.IsSuccess);
        if (ClosesRetiredConnections)
        {
            // The registry is the embedded broker's authority: the new secret connects at once. The session of
            // before the retirement (and whatever was queued in it) was deleted, so the device starts afresh.
            using var client = new MqttClientFactory().CreateMqttClient();
            var result = await client.ConnectAsync(
                TestDevice.Options(gateway.MqttPort, "cam-1", "cam-1", rotated.Secret!));
            Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
            Assert.False(result.IsSessionPresent);
            await client.DisconnectAsync();
        }
        else
        {
            await using (await ConnectWhenAcceptedAsync(gateway, "cam-1", rotated.Secret!))
            {
            }
        }

        Assert.NotEqual(MqttClientConnectResultCode.Success,
            await TestDevice.TryConnectAsync(gateway.MqttPort, "cam-1", "cam-1", secret));
    }

    /// <summary>
    /// Connects once the broker accepts the secret: an external broker picks up a new password line only after
    /// its asynchronous reload, so "accepted within a deadline" is the condition, not "accepted at once".
    /// </summary>
    protected static async Task<TestDevice> ConnectWhenAcceptedAsync(TestGateway gateway, string deviceId, string secret)
    {
        await Eventually.UntilAsync(
            async () => await TestDevice.TryConnectAsync(gateway.MqttPort, deviceId, deviceId, secret)
                == MqttClientConnectResultCode.Success,
            $"broker accepts {deviceId}'s secret", TimeSpan.FromSeconds(15));
        return await gateway.ConnectDeviceAsync(deviceId, secret);
    }
}
