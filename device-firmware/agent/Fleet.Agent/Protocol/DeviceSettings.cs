namespace Fleet.Agent.Protocol;

/// <summary>
/// The configuration the agent runs: the fields of desired/reported config (docs/protocol.md types 4 and 5, keys
/// 3–10) plus the quiet hours, which protocol v1 does not carry (they are provisioned; see docs/agent.md). Values
/// are held wide so the validator, not the decoder, names every out-of-range field.
/// </summary>
public sealed class DeviceSettings
{
    /// <summary>Quiet-hours value meaning "no quiet hours".</summary>
    public const int NoQuietHours = -1;

    public uint ConfigVersion { get; set; }
    public uint WakeIntervalS { get; set; }
    public uint TelemetryEvery { get; set; }
    public uint ScoreThresholdPmy { get; set; }
    public uint Detector { get; set; }
    public string ModelId { get; set; } = "";
    public uint ModelVersion { get; set; }
    public bool ReportEmpty { get; set; }

    /// <summary>Minute of the UTC day quiet hours start (0–1439), or <see cref="NoQuietHours"/>.</summary>
    public int QuietStartMin { get; set; } = NoQuietHours;

    /// <summary>Minute of the UTC day quiet hours end (0–1439, exclusive), or <see cref="NoQuietHours"/>.</summary>
    public int QuietEndMin { get; set; } = NoQuietHours;

    public DeviceSettings Copy()
    {
        var c = new DeviceSettings();
        c.ConfigVersion = ConfigVersion;
        c.WakeIntervalS = WakeIntervalS;
        c.TelemetryEvery = TelemetryEvery;
        c.ScoreThresholdPmy = ScoreThresholdPmy;
        c.Detector = Detector;
        c.ModelId = ModelId;
        c.ModelVersion = ModelVersion;
        c.ReportEmpty = ReportEmpty;
        c.QuietStartMin = QuietStartMin;
        c.QuietEndMin = QuietEndMin;
        return c;
    }

    public bool SameAs(DeviceSettings other) =>
        ConfigVersion == other.ConfigVersion && WakeIntervalS == other.WakeIntervalS
        && TelemetryEvery == other.TelemetryEvery && ScoreThresholdPmy == other.ScoreThresholdPmy
        && Detector == other.Detector && ModelId == other.ModelId && ModelVersion == other.ModelVersion
        && ReportEmpty == other.ReportEmpty && QuietStartMin == other.QuietStartMin && QuietEndMin == other.QuietEndMin;

    /// <summary>True when <paramref name="minuteOfDay"/> falls in the quiet window (which may wrap past midnight).</summary>
    public bool IsQuiet(int minuteOfDay)
    {
        if (QuietStartMin == NoQuietHours)
        {
            return false;
        }
        return QuietStartMin < QuietEndMin
            ? minuteOfDay >= QuietStartMin && minuteOfDay < QuietEndMin
            : minuteOfDay >= QuietStartMin || minuteOfDay < QuietEndMin;
    }
}
