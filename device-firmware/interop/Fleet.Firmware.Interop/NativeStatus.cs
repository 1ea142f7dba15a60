namespace Fleet.Firmware.Interop;

/// <summary>
/// The C core's <c>fl_status_t</c> (device-firmware/core/include/fl/fl_status.h), value for value. For the
/// protocol codec: <see cref="Format"/> = malformed, <see cref="Unsupported"/> = schema version ≠ 1,
/// <see cref="Mismatch"/> = message type differs from the expected one, <see cref="Range"/> = invalid field.
/// </summary>
public enum NativeStatus
{
    /// <summary>Success.</summary>
    Ok = 0,
    /// <summary>A caller broke the contract (null pointer, bad expected type).</summary>
    Argument = -1,
    /// <summary>An output buffer was too small.</summary>
    NoMemory = -2,
    /// <summary>Malformed, truncated, non-deterministic CBOR or trailing bytes.</summary>
    Format = -3,
    /// <summary>Well-formed, but a schema version this build does not handle.</summary>
    Unsupported = -4,
    /// <summary>Storage or transport failure (not used by the codec).</summary>
    Io = -5,
    /// <summary>Called in the wrong order (not used by the codec).</summary>
    State = -6,
    /// <summary>A missing, duplicate, out-of-order or unknown key, wrong type, or value out of range.</summary>
    Range = -7,
    /// <summary>The message type is not the one expected (the topic's).</summary>
    Mismatch = -8,
}
