// SPDX-License-Identifier: MIT
using Fleet.Firmware.Interop.Nn;

namespace Fleet.ModelTool.Imaging;

/// <summary>A decoded binary PGM (1 channel) or PPM (3 channels, RGB) image, 8 bits per sample, row-major.</summary>
public sealed record PnmImage(int Width, int Height, int Channels, byte[] Pixels)
{
    /// <summary>
    /// As the camera held it: PGM as grayscale; PPM converted to RGB565 with the firmware's rb825/g826 tables
    /// (ppm.c: r5 = floor((31 r + 127.5) / 255), g6 = floor((63 g + 127.5) / 255)), so inference sees the same
    /// 5/6-bit colours the OpenMV unit test saw.
    /// </summary>
    public NetworkImage ToNetworkImage()
    {
        if (Channels == 1)
        {
            return NetworkImage.FromGray(Pixels, Width, Height);
        }

        var rgb = new ushort[Width * Height];
        for (int i = 0; i < rgb.Length; i++)
        {
            int r5 = (62 * Pixels[3 * i] + 255) / 510;
            int g6 = (126 * Pixels[3 * i + 1] + 255) / 510;
            int b5 = (62 * Pixels[3 * i + 2] + 255) / 510;
            rgb[i] = (ushort)((r5 << 11) | (g6 << 5) | b5);
        }

        return NetworkImage.FromRgb565(rgb, Width, Height);
    }
}
