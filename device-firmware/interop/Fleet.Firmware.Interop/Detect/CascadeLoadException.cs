// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Detect;

/// <summary>
/// A cascade blob was rejected by <c>fl_cascade_inspect</c> / <c>fl_cascade_load</c>: the status, the loader's
/// first error message and the byte offset where it was found.
/// </summary>
public sealed class CascadeLoadException : Exception
{
    public CascadeLoadException(NativeStatus status, string detail, long offset)
        : base($"{detail} (byte {offset}, {Nn.NnStatusNames.Name(status)})")
    {
        Status = status;
        Detail = detail;
        Offset = offset;
    }

    public NativeStatus Status { get; }

    public string Detail { get; }

    public long Offset { get; }
}
