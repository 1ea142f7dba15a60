namespace Fleet.Agent.Protocol;

/// <summary>What the native sensing loop found in one wake (docs/protocol.md type 1 without seq and device id).</summary>
public sealed class DetectionRecord
{
    public ulong DeviceTimeMs { get; set; }
    public uint Detector { get; set; }
    public DetectionBox[] Boxes { get; set; } = new DetectionBox[0];
    public string ModelId { get; set; } = "";
    public uint ModelVersion { get; set; }
    public uint InferenceUs { get; set; }
    public uint InferenceMacs { get; set; }
    public uint EnergyUj { get; set; }
}
