// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace Fleet.Gateway.Mqtt;

/// <summary>
/// Publishes downlinks (desired config, OTA) through a real MQTT client, like ingest, so it works against an
/// external broker too. Connects on first use and again after a drop. Thread-safe (one publish at a time).
/// </summary>
public sealed partial class DownlinkPublisher(GatewayClientOptions clientOptions, ILogger<DownlinkPublisher> logger)
    : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IMqttClient? _client;

    /// <summary>Publishes <paramref name="payload"/> at QoS 1; throws if the broker refuses it.</summary>
    /// <exception cref="InvalidOperationException">The connect or the publish was refused.</exception>
    public async Task PublishAsync(string topic, byte[] payload, bool retain, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(payload);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var client = await ConnectedClientAsync(cancellationToken).ConfigureAwait(false);
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag(retain)
                .Build();
            var result = await client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            // NoMatchingSubscribers is success for a retained message: it waits on the topic for the device.
            if (!result.IsSuccess && result.ReasonCode != MqttClientPublishReasonCode.NoMatchingSubscribers)
            {
                throw new InvalidOperationException($"Publishing to '{topic}' was refused: {result.ReasonCode}.");
            }

            LogPublished(logger, topic, payload.Length, retain);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is { } client)
        {
            _client = null;
            if (client.IsConnected)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try
                {
                    await client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    LogDisconnectFailed(logger, ex);
                }
            }

            client.Dispose();
        }

        _gate.Dispose();
    }

    private async Task<IMqttClient> ConnectedClientAsync(CancellationToken cancellationToken)
    {
        _client ??= new MqttClientFactory().CreateMqttClient();
        if (!_client.IsConnected)
        {
            var result = await _client.ConnectAsync(clientOptions.Build(InternalCredentials.DownlinkClientId),
                cancellationToken).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                throw new InvalidOperationException($"The downlink client could not connect: {result.ResultCode}.");
            }
        }

        return _client;
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Debug,
        Message = "Published {Bytes} bytes to {Topic} (retained: {Retained})")]
    private static partial void LogPublished(ILogger logger, string topic, int bytes, bool retained);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "Disconnecting the downlink client failed")]
    private static partial void LogDisconnectFailed(ILogger logger, Exception exception);
}
