namespace Fleet.Contracts.Protocol;

/// <summary>Why a payload was refused; the names match the <c>reason</c> tag of docs/protocol.md §4.</summary>
public enum DecodeError
{
    None = 0,
    UnknownTopic,
    UnknownDevice,
    AclDenied,
    Oversized,
    Malformed,
    UnsupportedVersion,
    TypeMismatch,
    InvalidField,
    Duplicate,
}
