// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>
/// What <see cref="FleetModel"/> and <see cref="NetworkModel"/> share: the loader-error text and fields, the
/// run-buffer checks, the image/ROI mirrors for preprocessing and freeing their native buffers.
/// </summary>
internal static unsafe class NativeModelSupport
{
    /// <summary>
    /// The load exceptions' message: "detail (layer L, byte O, STATUS)", or without a layer
    /// "detail (<paramref name="noLayerPlace"/>, byte O, STATUS)" ("detail (byte O, STATUS)" when that is null).
    /// </summary>
    public static string LoadErrorMessage(NativeStatus status, string detail, long offset, int? layer,
        string? noLayerPlace) =>
        layer is { } l
            ? $"{detail} (layer {l}, byte {offset}, {NnStatusNames.Name(status)})"
            : noLayerPlace is null
                ? $"{detail} (byte {offset}, {NnStatusNames.Name(status)})"
                : $"{detail} ({noLayerPlace}, byte {offset}, {NnStatusNames.Name(status)})";

    /// <summary>A loader error struct's message (<paramref name="fallback"/> when it has none).</summary>
    public static string ErrorDetail(byte* msg, string fallback) =>
        msg == null ? fallback : Marshal.PtrToStringUTF8((nint)msg) ?? fallback;

    /// <summary>A loader error struct's layer: null for <c>UINT32_MAX</c> (no layer).</summary>
    public static int? ErrorLayer(uint layer) => layer == uint.MaxValue ? null : (int)layer;

    /// <summary>The checks before a run: input of at least <paramref name="inputLength"/>, output of at least <paramref name="outputs"/>.</summary>
    public static void CheckRunBuffers(int inputLength, int outputs, int input, int output)
    {
        if (input < inputLength)
        {
            throw new ArgumentException($"input needs {inputLength} bytes", nameof(input));
        }

        if (output < outputs)
        {
            throw new ArgumentException($"output needs {outputs} bytes", nameof(output));
        }
    }

    /// <summary>Mirror of the ROI for <c>fl_network_preprocess</c> (default when null; pass null to C then).</summary>
    public static RectNative ToNative(NetworkRect? roi) =>
        roi is { } v ? new RectNative { X = v.X, Y = v.Y, W = v.W, H = v.H } : default;

    /// <summary>Mirror of an image whose pixel arrays are pinned at <paramref name="gray"/> / <paramref name="rgb565"/>.</summary>
    public static ImageNative ToNative(NetworkImage image, byte* gray, ushort* rgb565) => new()
    {
        Pixels = image.Gray is null ? rgb565 : gray,
        W = image.Width,
        H = image.Height,
        Stride = image.Width,
        Fmt = (int)image.Format,
    };

    /// <summary><c>NativeMemory.AlignedFree</c> and null the pointer (no-op when already null).</summary>
    public static void AlignedFree(ref byte* p)
    {
        if (p != null)
        {
            NativeMemory.AlignedFree(p);
            p = null;
        }
    }

    /// <inheritdoc cref="AlignedFree(ref byte*)"/>
    public static void AlignedFree(ref void* p)
    {
        if (p != null)
        {
            NativeMemory.AlignedFree(p);
            p = null;
        }
    }

    /// <summary><c>NativeMemory.Free</c> and null the pointer (no-op when already null).</summary>
    public static void Free(ref byte* p)
    {
        if (p != null)
        {
            NativeMemory.Free(p);
            p = null;
        }
    }
}
