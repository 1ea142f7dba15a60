// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary>Telemetry aggregated over one time bucket.</summary>
/// <param name="Start">Bucket start (UTC; buckets are aligned to the Unix epoch).</param>
/// <param name="Samples">Telemetry messages in the bucket.</param>
/// <param name="BatteryMvAvg">Mean battery voltage, mV.</param>
/// <param name="BatteryMvMin">Lowest battery voltage, mV.</param>
/// <param name="StateOfChargePercentAvg">Mean state of charge, percent.</param>
/// <param name="StateOfChargePercentMin">Lowest state of charge, percent.</param>
/// <param name="TemperatureCAvg">Mean temperature, °C.</param>
/// <param name="ChargeUsedUahMax">Largest charge used since the battery was fitted, µAh.</param>
/// <param name="RssiDbmAvg">Mean RSSI, dBm.</param>
public sealed record TelemetryPointDto(
    DateTime Start,
    int Samples,
    double BatteryMvAvg,
    int BatteryMvMin,
    double StateOfChargePercentAvg,
    double StateOfChargePercentMin,
    double TemperatureCAvg,
    long ChargeUsedUahMax,
    double RssiDbmAvg);
