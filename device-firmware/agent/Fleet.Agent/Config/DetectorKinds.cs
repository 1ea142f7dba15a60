namespace Fleet.Agent.Config;

/// <summary>Detector values (docs/protocol.md type 1 key 5) and which of them need a model from the slots.</summary>
public static class DetectorKinds
{
    public const uint Face = 0;
    public const uint Smile = 1;
    public const uint ThermalPerson = 2;
    public const uint Classifier = 3;
    public const uint Count = 4;

    /// <summary>Face detection uses the built-in cascade and thermal detection no model; smile and classifier run the slot's CNN.</summary>
    public static bool NeedsModel(uint detector) => detector == Smile || detector == Classifier;

    public static uint Bit(uint detector) => 1u << (int)detector;
}
