// SPDX-License-Identifier: MIT
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Fleet.Gateway.Tests.Infrastructure;

/// <summary>A device-side MQTT 5 client (QoS 1, persistent session) for tests.</summary>
public sealed class TestDevice : IAsyncDisposable
{
    private TestDevice(IMqttClient client, string deviceId)
    {
        Client = client;
        DeviceId = deviceId;
    }

    public IMqttClient Client { get; }

    public string DeviceId { get; }

    public static MqttClientOptions Options(int port, string clientId, string userName, string password) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(clientId)
            .WithCredentials(userName, password)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(3600)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();

    /// <summary>Connects as <paramref name="deviceId"/> and asserts the broker accepted it.</summary>
    public static async Task<TestDevice> ConnectAsync(int port, string deviceId, string secret)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(Options(port, deviceId, deviceId, secret));
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return new TestDevice(client, deviceId);
    }

    /// <summary>Tries a connect and returns the broker's answer (the client is disposed).</summary>
    public static async Task<MqttClientConnectResultCode> TryConnectAsync(int port, string clientId, string userName,
        string password)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(Options(port, clientId, userName, password));
        if (client.IsConnected)
        {
            await client.DisconnectAsync();
        }

        return result.ResultCode;
    }

    /// <summary>Publishes at QoS 1 and returns the PUBACK outcome.</summary>
    public Task<MqttClientPublishResult> PublishAsync(string topic, byte[] payload, bool retain = false) =>
        Client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build());

    public async ValueTask DisposeAsync()
    {
        if (Client.IsConnected)
        {
            await Client.DisconnectAsync();
        }

        Client.Dispose();
    }
}
