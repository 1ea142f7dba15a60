// SPDX-License-Identifier: MIT
using System.Buffers;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Mqtt;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace Fleet.Gateway.Ingest;

/// <summary>
/// The gateway's subscriber: a plain MQTT client on <c>fleet/v1/+/up/#</c> (QoS 1, persistent session, manual
/// acknowledgement), so the same code reads an external broker. It rejects what it can judge alone (size,
/// topic, decoding) and queues everything for the writer, which acknowledges in arrival order.
/// </summary>
public sealed class IngestClient(
    GatewayClientOptions clientOptions,
    IngestQueue queue,
    IngestStats stats,
    TimeProvider time,
    ILogger<IngestClient> logger) : BackgroundService
{
    /// <summary>Pause between reconnect attempts.</summary>
    public static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    private readonly TaskCompletionSource _firstSubscription = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the client has subscribed for the first time (tests and the demo wait on it).</summary>
    public Task Subscribed => _firstSubscription.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += e => OnMessageAsync(e, stoppingToken);
        client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected)
            {
                IngestLog.IngestDisconnected(logger, e.Reason.ToString());
            }

            disconnected.TrySetResult();
            return Task.CompletedTask;
        };

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (await TryConnectAsync(client, stoppingToken).ConfigureAwait(false))
                {
                    await disconnected.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
                }

                await Task.Delay(ReconnectDelay, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: fall through to the clean disconnect.
        }
        finally
        {
            queue.Writer.TryComplete();
            if (client.IsConnected)
            {
                // A normal DISCONNECT keeps the session (and every unacknowledged message) at the broker.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try
                {
                    await client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    IngestLog.IngestConnectError(logger, ex);
                }
            }
        }
    }

    private async Task<bool> TryConnectAsync(IMqttClient client, CancellationToken stoppingToken)
    {
        try
        {
            var result = await client.ConnectAsync(clientOptions.Build(InternalCredentials.IngestClientId),
                stoppingToken).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                IngestLog.IngestConnectFailed(logger, clientOptions.Host, clientOptions.Port, result.ResultCode.ToString());
                return false;
            }

            IngestLog.IngestConnected(logger, clientOptions.Host, clientOptions.Port, result.IsSessionPresent);

            // Subscribing again on every connect is harmless, and "retained only for a new subscription" keeps a
            // reconnect from replaying every retained status and config as duplicates.
            var subscribe = new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(f => f
                    .WithTopic(Topics.UplinkFilter)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithRetainHandling(MqttRetainHandling.SendAtSubscribeIfNewSubscriptionOnly))
                .Build();
            await client.SubscribeAsync(subscribe, stoppingToken).ConfigureAwait(false);
            _firstSubscription.TrySetResult();
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            IngestLog.IngestConnectError(logger, ex);
            return false;
        }
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e, CancellationToken stoppingToken)
    {
        // Acknowledged by the writer once stored or definitively rejected, never here.
        e.AutoAcknowledge = false;

        var message = e.ApplicationMessage;
        var topic = message.Topic;
        var payload = message.Payload;
        PendingUplink pending;
        if (payload.Length > ProtocolLimits.MaxPayloadBytes)
        {
            // Judged on the length alone: the bytes are never copied or parsed.
            stats.RecordRejected(DecodeError.Oversized, topic, $"{payload.Length} bytes");
            pending = new PendingUplink(null, DecodeError.Oversized, e);
        }
        else
        {
            ReadOnlySpan<byte> bytes = payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();
            var result = FleetCodec.DecodeUplink(topic, bytes);
            if (result.IsSuccess)
            {
                pending = new PendingUplink(result.Message, DecodeError.None, e);
            }
            else
            {
                stats.RecordRejected(result.Error, topic, result.Detail);
                pending = new PendingUplink(null, result.Error, e);
            }
        }

        await queue.Writer.WriteAsync(pending, stoppingToken).ConfigureAwait(false);
    }
}
