// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;
using Fleet.Firmware.Interop.Nn;

namespace Fleet.Firmware.Interop.Detect;

/// <summary>
/// <c>fl_haar_detect</c> on a grayscale or RGB565 image (RGB565 is converted with <c>fl_haar_rgb565_to_gray</c>,
/// as the camera's yuv_table does). Each call sizes a native arena with <c>fl_haar_scratch_bytes</c>, as a device
/// does once at init, and frees it afterwards.
/// </summary>
public static unsafe class HaarDetector
{
    // Boxes returned per call; the stats count any beyond it.
    private const int MaxBoxes = 1024;

    public static HaarDetection Detect(HaarCascade cascade, HaarOptions options, NetworkImage image)
    {
        ArgumentNullException.ThrowIfNull(cascade);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(image);
        byte[] gray = ToGray(image);
        HaarConfigNative cfg = options.ToNative();
        nuint need = 0;
        NnStatusNames.ThrowIfFailed(DetectNativeMethods.HaarScratchBytes(cascade.Native, &cfg, image.Width, &need),
            "fl_haar_scratch_bytes");
        nuint size = need + 64;
        byte* mem = (byte*)NativeMemory.AlignedAlloc(size, 16);
        try
        {
            var boxes = new HaarRectNative[MaxBoxes];
            ArenaNative arena = default;
            HaarStatsNative stats = default;
            uint n = 0;
            NnStatusNames.ThrowIfFailed(NnNativeMethods.ArenaInit(&arena, mem, size), "fl_arena_init");
            fixed (byte* g = gray)
            fixed (HaarRectNative* o = boxes)
            {
                HaarGrayNative img = new() { Pixels = g, W = image.Width, H = image.Height, Stride = image.Width };
                NnStatusNames.ThrowIfFailed(
                    DetectNativeMethods.HaarDetect(cascade.Native, &cfg, &img, &arena, o, MaxBoxes, &n, &stats),
                    "fl_haar_detect");
            }

            return new HaarDetection(boxes.Take((int)n).Select(b => new HaarBox(b.X, b.Y, b.W, b.H)).ToArray(),
                HaarStats.From(stats));
        }
        finally
        {
            NativeMemory.AlignedFree(mem);
        }
    }

    /// <summary>The 8-bit gray the detector sees: the pixels themselves, or the camera's RGB565 → Y.</summary>
    public static byte[] ToGray(NetworkImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Gray is { } g)
        {
            return g;
        }

        int n = image.Width * image.Height;
        var src = new ushort[n];
        for (int i = 0; i < n; i++)
        {
            ushort p = image.Rgb565![i];
            src[i] = image.Format == NetworkPixelFormat.Rgb565Swapped ? (ushort)((p << 8) | (p >> 8)) : p;
        }

        var dst = new byte[n];
        fixed (ushort* s = src)
        fixed (byte* d = dst)
        {
            DetectNativeMethods.Rgb565ToGray(s, d, (nuint)n);
        }

        return dst;
    }
}
