// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Reference;

/// <summary>
/// Image → int8 input tensor as nn_transform_input did (spec §3.1-§3.2): the ROI is clipped to the image and
/// stretched by nearest neighbour with ratio = ((roi_w &lt;&lt; 16) / net_w) + 1, src = roi_x + ((x·ratio) &gt;&gt; 16).
/// Camera: q = SSAT8((((p − mean) &lt;&lt; 7) + 2^(scale−1)) &gt;&gt; scale); a grayscale image into a 3-channel net
/// subtracts (int)(0.30f·r + 0.59f·g + 0.11f·b) (float32) from every channel. Corrected: q = SSAT8(floor((p −
/// mean)·2^(8−scale))) and each channel keeps its own mean. RGB565 pixels expand with rb528/g628; a 1-channel
/// net sees Y = (int)(0.299R + 0.587G + 0.114B) in double (the firmware's yuv_table generator).
/// </summary>
public static class RefPreprocess
{
    public static byte R5To8(int v5) => (byte)((510 * v5 + 31) / 62);   // floor((255 i + 15.5) / 31)

    public static byte G6To8(int v6) => (byte)((510 * v6 + 63) / 126);  // floor((255 i + 31.5) / 63)

    public static int Luma(int r, int g, int b) => (int)(0.299 * r + 0.587 * g + 0.114 * b);

    /// <summary>
    /// <paramref name="gray"/> (one byte per pixel) or <paramref name="rgb565"/> ((r5 &lt;&lt; 11) | (g6 &lt;&lt; 5) | b5)
    /// must be given; roi null = whole image.
    /// </summary>
    public static sbyte[] Transform(RefNetwork net, RefMode mode, byte[]? gray, ushort[]? rgb565, int width,
        int height, (int X, int Y, int W, int H)? roi)
    {
        ArgumentNullException.ThrowIfNull(net);
        RefLayer d = net.Input;
        var (rx, ry, rw, rh) = roi ?? (0, 0, width, height);
        int x0 = Math.Max(rx, 0), y0 = Math.Max(ry, 0);
        int x1 = Math.Min(rx + rw, width), y1 = Math.Min(ry + rh, height);
        if (x1 <= x0 || y1 <= y0)
        {
            throw new ArgumentException("the ROI does not overlap the image");
        }

        (rx, ry, rw, rh) = (x0, y0, x1 - x0, y1 - y0);
        int xRatio = (rw << 16) / d.W + 1;
        int yRatio = (rh << 16) / d.H + 1;
        bool camera = mode == RefMode.Camera;
        int grayMean3 = (int)(0.30f * d.Mean[0] + 0.59f * d.Mean[1] + 0.11f * d.Mean[2]);
        var t = new sbyte[d.Elements];
        for (int y = 0; y < d.H; y++)
        {
            int sy = Math.Min(ry + (int)(((long)y * yRatio) >> 16), ry + rh - 1);
            for (int x = 0; x < d.W; x++)
            {
                int sx = Math.Min(rx + (int)(((long)x * xRatio) >> 16), rx + rw - 1);
                int idx = sy * width + sx;
                Span<sbyte> px = t.AsSpan((y * d.W + x) * d.C, d.C);
                if (gray is not null)
                {
                    int p = gray[idx];
                    for (int c = 0; c < d.C; c++)
                    {
                        int mean = d.C == 1 ? d.Mean[0] : camera ? grayMean3 : d.Mean[c];
                        px[c] = Quantize(p, mean, d.Scale, camera);
                    }
                }
                else
                {
                    int v = rgb565![idx];
                    int r = R5To8(v >> 11), g = G6To8((v >> 5) & 63), b = R5To8(v & 31);
                    if (d.C == 1)
                    {
                        px[0] = Quantize(Luma(r, g, b), d.Mean[0], d.Scale, camera);
                    }
                    else
                    {
                        px[0] = Quantize(r, d.Mean[0], d.Scale, camera);
                        px[1] = Quantize(g, d.Mean[1], d.Scale, camera);
                        px[2] = Quantize(b, d.Mean[2], d.Scale, camera);
                    }
                }
            }
        }

        return t;
    }

    private static sbyte Quantize(int p, int mean, int scale, bool camera)
    {
        int diff = p - mean;
        if (camera)
        {
            return RefSat.Sat8(((diff << 7) + (1 << (scale - 1))) >> scale);
        }

        return RefSat.Sat8(scale <= 8 ? diff << (8 - scale) : diff >> (scale - 8));
    }
}
