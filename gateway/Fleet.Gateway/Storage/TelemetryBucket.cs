// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Storage;

/// <summary>Telemetry of one device aggregated over one time bucket (aligned to the Unix epoch).</summary>
/// <param name="Start">Start of the bucket (gateway receive time).</param>
/// <param name="Samples">Telemetry messages in it.</param>
/// <param name="BatteryMvAvg">Mean battery voltage, mV.</param>
/// <param name="BatteryMvMin">Lowest battery voltage, mV.</param>
/// <param name="SocPmAvg">Mean state of charge, per mille.</param>
/// <param name="SocPmMin">Lowest state of charge, per mille.</param>
/// <param name="TemperatureCcAvg">Mean temperature, hundredths of °C.</param>
/// <param name="ChargeUsedUahMax">Largest charge used since the battery was fitted, µAh.</param>
/// <param name="RssiDbmAvg">Mean RSSI, dBm.</param>
public sealed record TelemetryBucket(
    DateTimeOffset Start,
    int Samples,
    double BatteryMvAvg,
    int BatteryMvMin,
    double SocPmAvg,
    int SocPmMin,
    double TemperatureCcAvg,
    long ChargeUsedUahMax,
    double RssiDbmAvg);
