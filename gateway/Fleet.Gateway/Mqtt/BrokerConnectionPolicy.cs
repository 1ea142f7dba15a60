// SPDX-License-Identifier: MIT
using System.Diagnostics.Metrics;
using System.IO;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Exceptions;
using Polly;
using Polly.Retry;

namespace Fleet.Gateway.Mqtt;

/// <summary>
/// How the gateway's MQTT clients (ingest, downlink) get back to the broker: a Polly retry pipeline with
/// exponential back-off and jitter, unbounded while the caller's token is live, every attempt logged and counted
/// in <see cref="ReconnectsName"/>. Thread-safe; one pipeline per client.
/// </summary>
public sealed partial class BrokerConnectionPolicy
{
    /// <summary>Counter of connect attempts after the first one of a client, tagged <see cref="ClientTag"/>.</summary>
    public const string ReconnectsName = "fleet.gateway.broker.reconnects";
    public const string ClientTag = "client";

    private readonly BrokerReconnectOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BrokerConnectionPolicy> _logger;
    private readonly Counter<long> _reconnects;

    public BrokerConnectionPolicy(
        IOptions<BrokerOptions> options,
        GatewayTelemetry telemetry,
        TimeProvider time,
        ILogger<BrokerConnectionPolicy> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(telemetry);
        _options = options.Value.Reconnect;
        _time = time;
        _logger = logger;
        _reconnects = telemetry.Meter.CreateCounter<long>(ReconnectsName, unit: "{attempt}",
            description: "Connect attempts of the gateway's MQTT clients after a failure or a dropped connection");
    }

    /// <summary>
    /// A pipeline that retries <c>ExecuteAsync</c> on connection failures only (socket, TLS, MQTT transport and a
    /// refused CONNACK); anything else, and cancellation, goes straight to the caller.
    /// </summary>
    /// <param name="clientName">Short client name for logs and the metric tag (<c>ingest</c>, <c>downlink</c>).</param>
    public ResiliencePipeline Create(string clientName)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientName);
        return new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<MqttCommunicationException>()
                    .Handle<BrokerConnectException>()
                    .Handle<SocketException>()
                    .Handle<IOException>()
                    .Handle<AuthenticationException>()
                    .Handle<TimeoutException>(),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.BaseDelay,
                MaxDelay = _options.MaxDelay,
                // "Unbounded while running": the caller's token (host shutdown, or a request) ends the retries.
                MaxRetryAttempts = int.MaxValue,
                OnRetry = args =>
                {
                    LogRetrying(_logger, clientName, args.AttemptNumber + 1, args.RetryDelay,
                        args.Outcome.Exception?.Message ?? "no exception");
                    RecordReconnect(clientName);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Counts one reconnect attempt of <paramref name="clientName"/> and logs it.</summary>
    public void RecordReconnect(string clientName)
    {
        _reconnects.Add(1, new KeyValuePair<string, object?>(ClientTag, clientName));
    }

    /// <summary>Logs that a connected client lost its broker and is about to reconnect (then counts it).</summary>
    public void ReconnectingAfterDrop(string clientName, string reason)
    {
        LogReconnectingAfterDrop(_logger, clientName, reason);
        RecordReconnect(clientName);
    }

    [LoggerMessage(EventId = 4200, Level = LogLevel.Warning,
        Message = "MQTT {Client} client: connect attempt {Attempt} failed ({Reason}); next attempt in {Delay}")]
    private static partial void LogRetrying(ILogger logger, string client, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning,
        Message = "MQTT {Client} client lost the broker ({Reason}); reconnecting")]
    private static partial void LogReconnectingAfterDrop(ILogger logger, string client, string reason);
}
