// SPDX-License-Identifier: MIT
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Fleet.Gateway.Observability;

/// <summary>Wires OpenTelemetry traces and metrics to the exporter named by <c>Telemetry:Exporter</c>.</summary>
public static class ObservabilityExtensions
{
    /// <summary>The service name reported to every exporter.</summary>
    public const string ServiceName = "fleet-gateway";

    /// <summary>
    /// Adds traces (the gateway source and ASP.NET Core) and metrics (the gateway meter and ASP.NET Core). An
    /// unknown exporter name registers none here; options validation then stops the start with a clear message.
    /// </summary>
    public static IServiceCollection AddGatewayObservability(this IServiceCollection services, string? exporter)
    {
        var name = exporter?.Trim().ToLowerInvariant() ?? TelemetryOptions.Prometheus;
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(tracing =>
            {
                // With --demo the virtual sensors run in this process: listening to their wake spans makes them send
                // a traceparent, so a trace runs from the (virtual) device's publish to the commit.
                tracing.AddSource(GatewayTelemetry.SourceName, Fleet.Sim.VirtualSensors.VirtualSensor.ActivitySourceName)
                    .AddAspNetCoreInstrumentation();
                if (name == TelemetryOptions.Otlp)
                {
                    tracing.AddOtlpExporter();
                }
                else if (name == TelemetryOptions.Console)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(GatewayTelemetry.MeterName).AddAspNetCoreInstrumentation();
                switch (name)
                {
                    case TelemetryOptions.Prometheus:
                        // No scrape cache: a scrape right after a burst must show it (tests, dashboards).
                        metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                        break;
                    case TelemetryOptions.Otlp:
                        metrics.AddOtlpExporter();
                        break;
                    case TelemetryOptions.Console:
                        metrics.AddConsoleExporter();
                        break;
                }
            });
        return services;
    }

    /// <summary>Maps <c>GET /metrics</c> when the Prometheus exporter is selected.</summary>
    public static IEndpointRouteBuilder MapGatewayObservability(this IEndpointRouteBuilder app, string? exporter)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (string.Equals(exporter?.Trim(), TelemetryOptions.Prometheus, StringComparison.OrdinalIgnoreCase)
            || exporter is null)
        {
            app.MapPrometheusScrapingEndpoint();
        }

        return app;
    }
}
