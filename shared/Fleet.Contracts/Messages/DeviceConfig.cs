namespace Fleet.Contracts.Messages;

/// <summary>The settings both config messages carry (keys 3–10).</summary>
public sealed record DeviceConfig(
    uint ConfigVersion,
    uint WakeIntervalS,
    ushort TelemetryEvery,
    ushort ScoreThresholdPmy,
    DetectorKind Detector,
    string ModelId,
    uint ModelVersion,
    bool ReportEmpty);

/// <summary>Type 4, <c>down/config</c> (retained): what the gateway wants the device to run.</summary>
public sealed record DesiredConfig(string DeviceId, DeviceConfig Config) : FleetMessage(DeviceId)
{
    public override MessageType Type => MessageType.DesiredConfig;
}

/// <summary>Type 5, <c>up/config</c> (retained): what the device applied, and whether it could.</summary>
public sealed record ReportedConfig(string DeviceId, DeviceConfig Config, ConfigApplyResult ApplyResult)
    : FleetMessage(DeviceId)
{
    public override MessageType Type => MessageType.ReportedConfig;
}
