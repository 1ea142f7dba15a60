// SPDX-License-Identifier: MIT
using System.Buffers;
using System.Diagnostics;
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
    BrokerConnectionPolicy connectionPolicy,
    IngestQueue queue,
    IngestStats stats,
    GatewayTelemetry telemetry,
    TimeProvider time,
    ILogger<IngestClient> logger) : BackgroundService
{
    private const string ClientName = "ingest";

    /// <summary>
    /// Ends a resumed session: the broker drops it one second after this DISCONNECT. Not 0, which MQTT 5 means
    /// "now": MQTTnet 5 leaves a zero Session Expiry Interval out of the packet (dotnet/MQTTnet#1879), and an absent
    /// one keeps the CONNECT's day. A dead instance that comes back within the second resumes it as usual.
    /// </summary>
    private static MqttClientDisconnectOptions EndSession() => new() { SessionExpiryInterval = 1 };

    private readonly TaskCompletionSource _firstSubscription = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private long _subscriptions;
    private int _receiving;

    /// <summary>Completes once the client has subscribed for the first time (tests and the demo wait on it).</summary>
    public Task Subscribed => _firstSubscription.Task;

    /// <summary>How many times the client has connected and subscribed since start (1 + reconnects).</summary>
    public long SubscriptionCount => Interlocked.Read(ref _subscriptions);

    /// <summary>Connected and subscribed now: uplinks reach the gateway (false before the first subscription and
    /// from a dropped connection until the next subscription).</summary>
    public bool IsReceiving => Volatile.Read(ref _receiving) == 1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var reconnect = connectionPolicy.Create(ClientName);
        client.ApplicationMessageReceivedAsync += e => OnMessageAsync(e, null, stoppingToken);
        client.DisconnectedAsync += e =>
        {
            Volatile.Write(ref _receiving, 0);
            if (e.ClientWasConnected)
            {
                IngestLog.IngestDisconnected(logger, e.Reason.ToString());
            }

            Volatile.Read(ref _disconnected).TrySetResult();
            return Task.CompletedTask;
        };

        try
        {
            var first = true;
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (!first)
                    {
                        connectionPolicy.ReconnectingAfterDrop(ClientName, "connection closed");
                    }

                    first = false;
                    // Retries with back-off until connected and subscribed, for as long as the host runs.
                    await reconnect.ExecuteAsync(token => ConnectAndSubscribeAsync(client, token), stoppingToken)
                        .ConfigureAwait(false);
                    await Volatile.Read(ref _disconnected).Task.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Not a connection failure the pipeline knows (a bug, or a broker breaking the protocol): log,
                    // pause the longest back-off so it cannot spin, and try again.
                    IngestLog.IngestConnectError(logger, ex);
                    await Task.Delay(clientOptions.MaxReconnectDelay, time, stoppingToken).ConfigureAwait(false);
                }
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

    /// <summary>One attempt; throws (for the pipeline to retry) unless connected and subscribed.</summary>
    private async ValueTask ConnectAndSubscribeAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        if (client.IsConnected)
        {
            // A previous attempt connected but failed to subscribe: start over with a clean connection.
            await client.DisconnectAsync(new MqttClientDisconnectOptions(), cancellationToken).ConfigureAwait(false);
        }

        // Fresh before every CONNECT, because a failed CONNECT raises DisconnectedAsync too.
        Volatile.Write(ref _disconnected, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var result = await client.ConnectAsync(clientOptions.Build(clientOptions.IngestClientId),
            cancellationToken).ConfigureAwait(false);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            IngestLog.IngestConnectFailed(logger, clientOptions.Host, clientOptions.Port, result.ResultCode.ToString());
            throw new BrokerConnectException(clientOptions.IngestClientId, result.ResultCode);
        }

        IngestLog.IngestConnected(logger, clientOptions.Host, clientOptions.Port, result.IsSessionPresent);

        // Subscribing again on every connect is harmless, and "retained only for a new subscription" keeps a
        // reconnect from replaying every retained status and config as duplicates (an MQTT 3.1.1 broker ignores
        // it and replays them; the (device, type, seq) dedup absorbs that). In scale-out the filter is the shared
        // $share/{group}/... form, which gets no retained messages at all (docs/scale-out.md).
        var subscribe = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(f => f
                .WithTopic(clientOptions.UplinkFilter)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainHandling(MqttRetainHandling.SendAtSubscribeIfNewSubscriptionOnly))
            .Build();
        var granted = await client.SubscribeAsync(subscribe, cancellationToken).ConfigureAwait(false);
        var code = granted.Items.First().ResultCode;
        if (code is not (MqttClientSubscribeResultCode.GrantedQoS0 or MqttClientSubscribeResultCode.GrantedQoS1
            or MqttClientSubscribeResultCode.GrantedQoS2))
        {
            // An external broker whose ACL does not (yet) let the gateway read uplinks: treat as transient, the
            // operator or the next reload of the gateway-written ACL fixes it.
            throw new BrokerConnectException($"The broker refused the ingest subscription: {code}.");
        }

        Interlocked.Increment(ref _subscriptions);
        Volatile.Write(ref _receiving, 1);
        _firstSubscription.TrySetResult();
    }

    /// <summary>
    /// Scale-out: resumes the persistent session of the dead instance whose ingest client id is
    /// <paramref name="clientId"/>, lets the writer store and acknowledge everything the broker queued for it, stops
    /// new uplinks going there (unsubscribe), and ends the session. Mosquitto hands a shared subscription's messages
    /// round-robin to every member session, connected or not, so without this a dead instance's share would wait
    /// for it to come back. Returns how many messages were drained; false in <c>Completed</c> if the instance came
    /// back meanwhile (the broker gave it its session) or the drain did not finish.
    /// </summary>
    public async Task<(bool Completed, int Messages)> DrainSessionAsync(string clientId, TimeSpan idle,
        CancellationToken cancellationToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var acknowledged = new List<Task>();
        var received = 0;
        var lastMessage = time.GetTimestamp();
        var takenOver = false;
        client.ApplicationMessageReceivedAsync += e =>
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (acknowledged)
            {
                acknowledged.Add(done.Task);
            }

            Interlocked.Increment(ref received);
            Interlocked.Exchange(ref lastMessage, time.GetTimestamp());
            return OnMessageAsync(e, done, cancellationToken);
        };
        client.DisconnectedAsync += e =>
        {
            takenOver = e.ClientWasConnected;
            return Task.CompletedTask;
        };

        // Clean start false: the broker resumes the session, with its queue and its unacknowledged messages.
        var result = await client.ConnectAsync(clientOptions.Build(clientId), cancellationToken).ConfigureAwait(false);
        if (result.ResultCode != MqttClientConnectResultCode.Success || !result.IsSessionPresent)
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(EndSession(), cancellationToken).ConfigureAwait(false);
            }

            return (result.ResultCode == MqttClientConnectResultCode.Success, 0);
        }

        // No new uplinks for this session from here on; what it holds keeps coming.
        await client.UnsubscribeAsync(new MqttClientUnsubscribeOptionsBuilder().WithTopicFilter(clientOptions.UplinkFilter)
            .Build(), cancellationToken).ConfigureAwait(false);
        while (client.IsConnected)
        {
            bool storing;
            lock (acknowledged)
            {
                storing = acknowledged.Exists(t => !t.IsCompleted);
            }

            if (storing)
            {
                // The broker sends the rest of the queue only as these are acknowledged (its in-flight window), so
                // quiet while our own writes are pending is not an empty queue: ending the session now would lose
                // what it still holds. Idle counts from when the last one was acknowledged.
                Interlocked.Exchange(ref lastMessage, time.GetTimestamp());
            }
            else if (time.GetElapsedTime(Interlocked.Read(ref lastMessage)) >= idle)
            {
                break;
            }

            await Task.Delay(idle / 4, time, cancellationToken).ConfigureAwait(false);
        }

        Task[] pending;
        lock (acknowledged)
        {
            pending = [.. acknowledged];
        }

        // Every drained message committed and acknowledged before the session is ended, or it would be lost with it.
        await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!client.IsConnected || takenOver)
        {
            return (false, received);
        }

        await client.DisconnectAsync(EndSession(), cancellationToken).ConfigureAwait(false);
        return (true, received);
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e, TaskCompletionSource? acknowledged,
        CancellationToken stoppingToken)
    {
        // Acknowledged by the writer once stored or definitively rejected, never here.
        e.AutoAcknowledge = false;

        var message = e.ApplicationMessage;
        var topic = message.Topic;
        var payload = message.Payload;
        var activity = StartMessageActivity(message);
        PendingUplink pending;
        if (payload.Length > ProtocolLimits.MaxPayloadBytes)
        {
            // Judged on the length alone: the bytes are never copied or parsed.
            stats.RecordRejected(DecodeError.Oversized, topic, $"{payload.Length} bytes");
            pending = new PendingUplink(null, DecodeError.Oversized, e, activity, acknowledged);
        }
        else
        {
            ReadOnlySpan<byte> bytes = payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();
            var result = FleetCodec.DecodeUplink(topic, bytes);
            if (result.IsSuccess)
            {
                pending = new PendingUplink(result.Message, DecodeError.None, e, activity, acknowledged);
            }
            else
            {
                stats.RecordRejected(result.Error, topic, result.Detail);
                pending = new PendingUplink(null, result.Error, e, activity, acknowledged);
            }
        }

        await queue.Writer.WriteAsync(pending, stoppingToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the message's span as a child of the device's <c>traceparent</c> (a new trace without one). The writer
    /// stops it after the commit and acknowledgement, so its duration is the gateway's share of the latency.
    /// </summary>
    private Activity? StartMessageActivity(MqttApplicationMessage message)
    {
        var source = telemetry.ActivitySource;
        if (!source.HasListeners())
        {
            // The common case without an exporter: no parsing, no allocation per message.
            return null;
        }

        MqttTraceContext.TryGetParent(message.UserProperties, out var parent);
        // The span outlives this callback (it ends in the writer), so it must not stay current here: whatever MQTTnet
        // does next on this flow would otherwise become part of this message's trace.
        var previous = Activity.Current;
        var activity = source.StartActivity(GatewayTelemetry.IngestMessageActivityName, ActivityKind.Consumer, parent);
        Activity.Current = previous;
        activity?.SetTag(GatewayTelemetry.TopicTag, message.Topic);
        return activity;
    }
}
