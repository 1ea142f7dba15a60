// SPDX-License-Identifier: MIT
namespace Fleet.Portal.Gateway;

/// <summary>A device's telemetry downsampled into buckets (<c>GET /api/devices/{id}/telemetry</c>).</summary>
public sealed record GatewayTelemetrySeries(
    string DeviceId, DateTime From, DateTime To, TimeSpan Bucket, IReadOnlyList<GatewayTelemetryPoint> Points);

/// <summary>Telemetry aggregated over one bucket.</summary>
public sealed record GatewayTelemetryPoint(
    DateTime Start,
    int Samples,
    double BatteryMvAvg,
    int BatteryMvMin,
    double StateOfChargePercentAvg,
    double StateOfChargePercentMin,
    double TemperatureCAvg,
    long ChargeUsedUahMax,
    double RssiDbmAvg);
