// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Nn;

/// <summary>
/// A Fleet-format blob was rejected by the C loader (<c>fl_model_inspect</c> / <c>fl_model_load</c>): the status,
/// the loader's first error message, the byte offset where it was found and the layer index (null outside the
/// layer table). A tampered or corrupted blob is <see cref="NativeStatus.Mismatch"/> with a hash message.
/// </summary>
public sealed class FleetModelLoadException : Exception
{
    public FleetModelLoadException(NativeStatus status, string detail, long offset, int? layer)
        : base(NativeModelSupport.LoadErrorMessage(status, detail, offset, layer, noLayerPlace: null))
    {
        Status = status;
        Detail = detail;
        Offset = offset;
        Layer = layer;
    }

    public NativeStatus Status { get; }

    /// <summary>The loader's message.</summary>
    public string Detail { get; }

    public long Offset { get; }

    public int? Layer { get; }
}
