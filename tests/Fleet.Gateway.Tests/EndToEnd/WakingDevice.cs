// SPDX-License-Identifier: MIT
using System.Buffers;
using System.Threading.Channels;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Protocol;

namespace Fleet.Gateway.Tests.EndToEnd;

/// <summary>
/// One wake of a sleepy device as docs/protocol.md §1.2 describes it: CONNECT with a persistent session, SUBSCRIBE
/// to its downlink only when the broker has no session for it, publish, then DISCONNECT normally (sleep).
/// Downlinks the broker delivers (queued or retained) are collected from the moment of the CONNECT.
/// </summary>
public sealed class WakingDevice : IAsyncDisposable
{
    private readonly Channel<MqttApplicationMessage> _downlinks;

    private WakingDevice(IMqttClient client, string deviceId, bool sessionPresent,
        Channel<MqttApplicationMessage> downlinks)
    {
        _downlinks = downlinks;
        Client = client;
        DeviceId = deviceId;
        SessionPresent = sessionPresent;
    }

    public IMqttClient Client { get; }

    public string DeviceId { get; }

    /// <summary>Whether the broker still had this device's session (and so its subscription) at CONNECT.</summary>
    public bool SessionPresent { get; }

    public static async Task<WakingDevice> WakeAsync(int port, string deviceId, string secret)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var downlinks = Channel.CreateUnbounded<MqttApplicationMessage>();
        // Attached before CONNECT: a resumed session delivers its queued messages right after CONNACK.
        client.ApplicationMessageReceivedAsync += e =>
        {
            downlinks.Writer.TryWrite(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        var result = await client.ConnectAsync(TestDevice.Options(port, deviceId, deviceId, secret));
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        var device = new WakingDevice(client, deviceId, result.IsSessionPresent, downlinks);
        if (!result.IsSessionPresent)
        {
            var granted = await client.SubscribeAsync(Topics.DownlinkFilter(deviceId), MqttQualityOfServiceLevel.AtLeastOnce);
            Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, granted.Items.Single().ResultCode);
        }

        return device;
    }

    /// <summary>Publishes a message at QoS 1 on its own topic and asserts the broker acknowledged it.</summary>
    public async Task PublishAsync(FleetMessage message, bool retain = false)
    {
        var result = await PublishRawAsync(Topics.For(message.DeviceId, message.Type), FleetCodec.Encode(message), retain);
        Assert.True(result.IsSuccess, $"{message.Type}: {result.ReasonCode}");
    }

    /// <summary>Publishes any bytes on any topic at QoS 1 and returns the broker's PUBACK.</summary>
    public Task<MqttClientPublishResult> PublishRawAsync(string topic, byte[] payload, bool retain = false) =>
        Client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build());

    /// <summary>The next downlink on <paramref name="topic"/> (others are skipped), within 30 s.</summary>
    public async Task<MqttApplicationMessage> ReceiveAsync(string topic)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                var message = await _downlinks.Reader.ReadAsync(timeout.Token);
                if (message.Topic == topic)
                {
                    return message;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{DeviceId} received nothing on {topic} within 30 s (session present: {SessionPresent}).");
            throw;
        }
    }

    /// <summary>The decoded payload of the next downlink on <paramref name="topic"/>.</summary>
    public async Task<T> ReceiveAsync<T>(string topic) where T : FleetMessage
    {
        var message = await ReceiveAsync(topic);
        var decoded = FleetCodec.Decode(message.Payload.ToArray());
        return Assert.IsType<T>(decoded.Message);
    }

    /// <summary>DISCONNECT normally, keeping the session (the device goes to sleep).</summary>
    public async Task SleepAsync()
    {
        if (Client.IsConnected)
        {
            await Client.DisconnectAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await SleepAsync();
        Client.Dispose();
    }
}
