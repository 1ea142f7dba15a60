// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Nn;

/// <summary>
/// A <c>.network</c> blob was rejected by the C loader: the status, the loader's first error message, the byte
/// offset where it was found and the layer index (null for the header).
/// </summary>
public sealed class NetworkLoadException : Exception
{
    public NetworkLoadException(NativeStatus status, string detail, long offset, int? layer)
        : base(NativeModelSupport.LoadErrorMessage(status, detail, offset, layer, noLayerPlace: "header"))
    {
        Status = status;
        Detail = detail;
        Offset = offset;
        Layer = layer;
    }

    public NativeStatus Status { get; }

    /// <summary>The loader's message, e.g. "truncated u32".</summary>
    public string Detail { get; }

    public long Offset { get; }

    public int? Layer { get; }
}
