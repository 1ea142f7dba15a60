// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Nn;

/// <summary>
/// An image for <see cref="NetworkModel.Preprocess(NetworkImage, NetworkRect?, NetworkMode, NetworkResize)"/>:
/// grayscale bytes or RGB565 words, row-major without padding. The pixel arrays are not copied and must not be
/// changed while a call runs.
/// </summary>
public sealed class NetworkImage
{
    private NetworkImage(int width, int height, NetworkPixelFormat format, byte[]? gray, ushort[]? rgb565)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 32767);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, 32767);
        long need = (long)width * height;
        if ((gray?.LongLength ?? rgb565!.LongLength) < need)
        {
            throw new ArgumentException($"pixel array holds fewer than {width}x{height} pixels");
        }

        Width = width;
        Height = height;
        Format = format;
        Gray = gray;
        Rgb565 = rgb565;
    }

    public int Width { get; }

    public int Height { get; }

    public NetworkPixelFormat Format { get; }

    /// <summary>Grayscale pixels, or null for RGB565 images.</summary>
    public byte[]? Gray { get; }

    /// <summary>RGB565 pixels, or null for grayscale images.</summary>
    public ushort[]? Rgb565 { get; }

    public static NetworkImage FromGray(byte[] pixels, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        return new NetworkImage(width, height, NetworkPixelFormat.Grayscale, pixels, null);
    }

    public static NetworkImage FromRgb565(ushort[] pixels, int width, int height, bool swapped = false)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        return new NetworkImage(width, height, swapped ? NetworkPixelFormat.Rgb565Swapped : NetworkPixelFormat.Rgb565,
            null, pixels);
    }
}
