namespace Fleet.Contracts.Messages;

/// <summary>Which detector produced a detection (docs/protocol.md, type 1 key 5).</summary>
public enum DetectorKind : byte { Face = 0, Smile = 1, ThermalPerson = 2, Classifier = 3 }
