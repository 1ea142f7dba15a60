// SPDX-License-Identifier: MIT
namespace Fleet.Contracts.Cbor;

/// <summary>The character set a text field allows (docs/protocol.md §2.1).</summary>
internal enum TextAlphabet
{
    /// <summary><c>[A-Za-z0-9._-]</c>: device and model ids.</summary>
    Id,

    /// <summary>0x20–0x7E: firmware versions and box labels.</summary>
    PrintableAscii,
}
