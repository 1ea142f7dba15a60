// SPDX-License-Identifier: MIT
using System.ComponentModel.DataAnnotations;

namespace Fleet.Gateway.Observability;

/// <summary>Which OpenTelemetry exporter the gateway uses.</summary>
/// <remarks>
/// <code>
/// "Telemetry": { "Exporter": "prometheus" }   // prometheus | otlp | console | none
/// </code>
/// </remarks>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    public const string Prometheus = "prometheus";
    public const string Otlp = "otlp";
    public const string Console = "console";
    public const string None = "none";

    /// <summary>
    /// <c>prometheus</c> (default: metrics on <c>GET /metrics</c>), <c>otlp</c> (metrics and traces to
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>), <c>console</c>, or <c>none</c>.
    /// </summary>
    [Required]
    [AllowedValues(Prometheus, Otlp, Console, None)]
    public string Exporter { get; set; } = Prometheus;
}
