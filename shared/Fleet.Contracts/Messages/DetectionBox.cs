namespace Fleet.Contracts.Messages;

/// <summary>One detected object: pixel box in the captured frame, score 0–10,000, label (0–15 ASCII chars).</summary>
public sealed record DetectionBox(ushort X, ushort Y, ushort Width, ushort Height, ushort ScorePmy, string Label);
