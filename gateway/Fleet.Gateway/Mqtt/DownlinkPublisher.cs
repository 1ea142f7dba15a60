// SPDX-License-Identifier: MIT
using System.Diagnostics;
using Fleet.Gateway.Ingest;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using Polly;

namespace Fleet.Gateway.Mqtt;

/// <summary>
/// Publishes downlinks (desired config, OTA) through a real MQTT client, like ingest, so it works against an
/// external broker too. Connects on first use and again after a drop, through the reconnect pipeline of
/// <see cref="BrokerConnectionPolicy"/>. Thread-safe (one publish at a time). Each publish is a span, a child of
/// the caller's current activity (an operator's request), and carries its <c>traceparent</c> to the device.
/// </summary>
public sealed partial class DownlinkPublisher(
    GatewayClientOptions clientOptions,
    BrokerConnectionPolicy connectionPolicy,
    GatewayTelemetry telemetry,
    ILogger<DownlinkPublisher> logger) : IAsyncDisposable
{
    private const string ClientName = "downlink";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ResiliencePipeline _reconnect = connectionPolicy.Create(ClientName);
    private IMqttClient? _client;
    private bool _wasConnected;

    /// <summary>
    /// Publishes <paramref name="payload"/> at QoS 1; throws if the broker refuses it. While the broker is
    /// unreachable it keeps retrying (with back-off) until <paramref name="cancellationToken"/> fires.
    /// </summary>
    /// <exception cref="InvalidOperationException">The broker refused the publish.</exception>
    public async Task PublishAsync(string topic, byte[] payload, bool retain, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(payload);
        using var activity = telemetry.ActivitySource.StartActivity(GatewayTelemetry.DownlinkPublishActivityName,
            ActivityKind.Producer);
        activity?.SetTag(GatewayTelemetry.TopicTag, topic);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Unsampled (nobody listens to the gateway's source), the caller's own activity still carries the trace.
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag(retain)
                .WithTraceContext(Activity.Current)
                .Build();
            // Connect and publish retry together: a connection that drops mid-publish is re-established and the
            // QoS 1 message sent again (a retained config or offer is idempotent, the device dedups the rest).
            var result = await _reconnect.ExecuteAsync(async token =>
            {
                var client = await ConnectedClientAsync(token).ConfigureAwait(false);
                return await client.PublishAsync(message, token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
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
            if (_wasConnected)
            {
                _wasConnected = false;
                connectionPolicy.ReconnectingAfterDrop(ClientName, "connection found closed at the next publish");
            }

            var result = await _client.ConnectAsync(clientOptions.Build(clientOptions.DownlinkClientId),
                cancellationToken).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                throw new BrokerConnectException(clientOptions.DownlinkClientId, result.ResultCode);
            }

            _wasConnected = true;
        }

        return _client;
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Debug,
        Message = "Published {Bytes} bytes to {Topic} (retained: {Retained})")]
    private static partial void LogPublished(ILogger logger, string topic, int bytes, bool retained);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "Disconnecting the downlink client failed")]
    private static partial void LogDisconnectFailed(ILogger logger, Exception exception);
}
