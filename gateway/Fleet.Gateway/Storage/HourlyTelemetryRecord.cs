// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Storage;

/// <summary>
/// Telemetry of one device over one hour of the gateway's clock. Sums are stored rather than averages so a later
/// sweep can merge more rows into the same hour exactly.
/// </summary>
public sealed record HourlyTelemetryRecord(
    string DeviceId,
    DateTimeOffset HourStart,
    long Samples,
    long BatteryMvMin,
    long BatteryMvMax,
    long BatteryMvSum,
    long SocPmMin,
    long SocPmMax,
    long SocPmSum,
    long TemperatureCcMin,
    long TemperatureCcMax,
    long TemperatureCcSum)
{
    public double BatteryMvAvg => (double)BatteryMvSum / Samples;

    public double SocPmAvg => (double)SocPmSum / Samples;

    public double TemperatureCcAvg => (double)TemperatureCcSum / Samples;
}
