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
