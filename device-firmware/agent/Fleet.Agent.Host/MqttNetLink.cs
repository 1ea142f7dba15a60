using System.Buffers;
using System.Collections.Concurrent;
using Fleet.Agent.Ports;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Fleet.Agent.Host;

/// <summary>
/// <see cref="IMqttLink"/> over MQTTnet 5 (MQTT 5), blocking as nanoFramework.M2Mqtt does. Delivered messages
/// wait in an inbox until the agent asks for them, across a sleep too: the client acknowledged them on arrival, so
/// the broker will not send them again, and one that came in just before DISCONNECT (an offer published while the
/// device said goodnight) must still reach the agent on its next wake. Only a power cut empties the inbox
/// (<see cref="ForgetInbox"/>), as it empties the RAM the inbox lives in on a device.
/// </summary>
public sealed class MqttNetLink : IMqttLink, IDisposable
{
    private readonly string _host;
    private readonly int _port;
    private readonly BlockingCollection<InboundMessage> _inbox = new();
    private IMqttClient? _client;

    public MqttNetLink(string host, int port)
    {
        _host = host;
        _port = port;
    }

    public ConnectOutcome Connect(ConnectRequest request)
    {
        DropClient();
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            _inbox.Add(new InboundMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
        MqttClientOptions options = new MqttClientOptionsBuilder()
            .WithTcpServer(_host, _port)
            .WithClientId(request.ClientId)
            .WithCredentials(request.UserName, request.Password)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(request.CleanStart)
            .WithSessionExpiryInterval(request.SessionExpiryS)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(request.KeepAliveS))
            .WithTimeout(TimeSpan.FromMilliseconds(request.TimeoutMs))
            .WithWillTopic(request.WillTopic)
            .WithWillPayload(request.WillPayload)
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        try
        {
            using var timeout = new CancellationTokenSource(request.TimeoutMs);
            MqttClientConnectResult result = client.ConnectAsync(options, timeout.Token).GetAwaiter().GetResult();
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                client.Dispose();
                return ConnectOutcome.Refused;
            }
            _client = client;
            return result.IsSessionPresent ? ConnectOutcome.SessionPresent : ConnectOutcome.NewSession;
        }
        catch (MqttConnectingFailedException)
        {
            // The broker answered CONNACK with a refusal (credentials, ban, bad client id).
            client.Dispose();
            return ConnectOutcome.Refused;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Socket refused, DNS, timeout: all mean "no broker reachable now".
            client.Dispose();
            return ConnectOutcome.Unreachable;
        }
    }

    public bool Subscribe(string topicFilter)
    {
        if (_client is not { IsConnected: true } client)
        {
            return false;
        }
        try
        {
            MqttClientSubscribeOptions options = new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(topicFilter, MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            MqttClientSubscribeResult result = client.SubscribeAsync(options).GetAwaiter().GetResult();
            return result.Items.All(i => i.ResultCode == MqttClientSubscribeResultCode.GrantedQoS1);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    public bool Publish(string topic, byte[] payload, bool retain)
    {
        if (_client is not { IsConnected: true } client)
        {
            return false;
        }
        try
        {
            MqttApplicationMessage message = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(payload)
                .WithRetainFlag(retain)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            return client.PublishAsync(message).GetAwaiter().GetResult().IsSuccess;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    public InboundMessage? Receive(int timeoutMs) => _inbox.TryTake(out InboundMessage? message, timeoutMs) ? message : null;

    public void Disconnect()
    {
        if (_client is { IsConnected: true } client)
        {
            try
            {
                client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build())
                    .GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Already gone: the will fires, which is what a lost link should do.
            }
        }
        DropClient();
    }

    /// <summary>Drops the connection without DISCONNECT, as a lost link or a power cut would (the broker fires the will).</summary>
    public void Abort() => DropClient();

    /// <summary>Messages delivered and not yet taken.</summary>
    public int InboxCount => _inbox.Count;

    /// <summary>Power lost: what was delivered but not yet taken is gone with the RAM that held it.</summary>
    public void ForgetInbox()
    {
        while (_inbox.TryTake(out _))
        {
        }
    }

    public void Dispose()
    {
        DropClient();
        _inbox.Dispose();
    }

    private void DropClient()
    {
        _client?.Dispose();
        _client = null;
    }
}
