namespace Fleet.Agent.Protocol;

/// <summary>One box of a detection event: <c>[x, y, w, h, score_pmy, label]</c>.</summary>
public sealed class DetectionBox
{
    public uint X { get; set; }
    public uint Y { get; set; }
    public uint W { get; set; }
    public uint H { get; set; }
    public uint ScorePmy { get; set; }
    public string Label { get; set; } = "";
}
