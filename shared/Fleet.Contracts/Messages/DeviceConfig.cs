namespace Fleet.Contracts.Messages;

/// <summary>The settings both config messages carry (keys 3–10, and the optional 13–14).</summary>
/// <remarks>
/// <see cref="QuietStartMin"/> and <see cref="QuietEndMin"/> are the optional keys 13 and 14: quiet hours in minutes
/// after midnight (0–1439, device clock, UTC on the agent) during which the device keeps its radio off; a window
/// whose start is after its end crosses midnight. Both or neither: null for no quiet hours.
/// </remarks>
public sealed record DeviceConfig(
    uint ConfigVersion,
    uint WakeIntervalS,
    ushort TelemetryEvery,
    ushort ScoreThresholdPmy,
    DetectorKind Detector,
    string ModelId,
    uint ModelVersion,
    bool ReportEmpty,
    ushort? QuietStartMin = null,
    ushort? QuietEndMin = null);
