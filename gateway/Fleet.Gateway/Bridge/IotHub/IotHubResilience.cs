// SPDX-License-Identifier: MIT
using System.Net.Sockets;
using MQTTnet.Exceptions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Fleet.Gateway.Bridge.IotHub;

/// <summary>
/// The bridge's Polly pipelines (retry with exponential back-off and jitter, circuit breaker, per-attempt
/// timeout), one per transport so a failing REST endpoint does not open the MQTT circuit. Every strategy
/// reports into <see cref="IotHubTelemetry"/>.
/// </summary>
public static class IotHubResilience
{
    public const string MqttPipeline = "mqtt";
    public const string RestPipeline = "rest";

    /// <summary>Only failures that a later attempt can cure; configuration errors fail at once.</summary>
    public static PredicateBuilder Transient()
    {
        var predicate = new PredicateBuilder();
        predicate.Handle<IotHubBridgeException>()
            .Handle<MqttCommunicationException>()
            .Handle<HttpRequestException>()
            .Handle<SocketException>()
            .Handle<TimeoutRejectedException>();
        return predicate;
    }

    public static ResiliencePipeline Create(string name, IotHubOptions options, IotHubTelemetry telemetry, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(telemetry);
        var builder = new ResiliencePipelineBuilder { Name = $"iothub-{name}", TimeProvider = time };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = Transient(),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                OnRetry = _ =>
                {
                    telemetry.RecordRetry(name);
                    return default;
                },
            });
        }

        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = Transient(),
                FailureRatio = 0.5,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = options.BreakDuration,
                OnOpened = _ =>
                {
                    telemetry.RecordCircuitOpened(name);
                    return default;
                },
            })
            // Innermost, so each attempt gets the full timeout rather than all attempts sharing one.
            .AddTimeout(new TimeoutStrategyOptions
            {
                Timeout = options.OperationTimeout,
                OnTimeout = _ =>
                {
                    telemetry.RecordTimeout(name);
                    return default;
                },
            })
            .Build();
    }
}
