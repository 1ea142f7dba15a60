// SPDX-License-Identifier: MIT
using System.Collections.Frozen;

namespace Fleet.ModelTool.Imaging;

/// <summary>
/// An RGB8 canvas made from a PGM/PPM, with rectangle outlines and short labels (digits, '.', '-', '?', drawn with
/// a built-in 3×5 font scaled 2×) for <c>detect --annotate</c>. Not thread-safe (it is a mutable buffer).
/// </summary>
public sealed class AnnotatedImage
{
    // 3x5 glyphs, one row per string, '#' = ink. Only what scores need.
    private static readonly FrozenDictionary<char, string[]> Glyphs = new Dictionary<char, string[]>
    {
        ['0'] = ["###", "#.#", "#.#", "#.#", "###"],
        ['1'] = [".#.", "##.", ".#.", ".#.", "###"],
        ['2'] = ["###", "..#", "###", "#..", "###"],
        ['3'] = ["###", "..#", "###", "..#", "###"],
        ['4'] = ["#.#", "#.#", "###", "..#", "..#"],
        ['5'] = ["###", "#..", "###", "..#", "###"],
        ['6'] = ["###", "#..", "###", "#.#", "###"],
        ['7'] = ["###", "..#", "..#", "..#", "..#"],
        ['8'] = ["###", "#.#", "###", "#.#", "###"],
        ['9'] = ["###", "#.#", "###", "..#", "###"],
        ['.'] = ["...", "...", "...", "...", ".#."],
        ['-'] = ["...", "...", "###", "...", "..."],
        ['?'] = ["###", "..#", ".##", "...", ".#."],
    }.ToFrozenDictionary();

    private const int GlyphScale = 2;

    private readonly byte[] _rgb;

    public AnnotatedImage(PnmImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        Width = image.Width;
        Height = image.Height;
        _rgb = new byte[Width * Height * 3];
        for (int i = 0; i < Width * Height; i++)
        {
            for (int k = 0; k < 3; k++)
            {
                _rgb[i * 3 + k] = image.Channels == 1 ? image.Pixels[i] : image.Pixels[i * 3 + k];
            }
        }
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>A rectangle outline <paramref name="thickness"/> pixels wide, inside the box, clipped to the image.</summary>
    public void DrawRect(int x, int y, int w, int h, (byte R, byte G, byte B) colour, int thickness = 2)
    {
        for (int t = 0; t < thickness; t++)
        {
            for (int i = x + t; i < x + w - t; i++)
            {
                Set(i, y + t, colour);
                Set(i, y + h - 1 - t, colour);
            }

            for (int j = y + t; j < y + h - t; j++)
            {
                Set(x + t, j, colour);
                Set(x + w - 1 - t, j, colour);
            }
        }
    }

    /// <summary>Text on a black backing box with its top-left at (x, y); unknown characters are skipped.</summary>
    public void DrawText(int x, int y, string text, (byte R, byte G, byte B) colour)
    {
        ArgumentNullException.ThrowIfNull(text);
        int advance = 4 * GlyphScale;
        for (int j = y - 1; j < y + 5 * GlyphScale + 1; j++)
        {
            for (int i = x - 1; i < x + text.Length * advance; i++)
            {
                Set(i, j, (0, 0, 0));
            }
        }

        for (int n = 0; n < text.Length; n++)
        {
            if (!Glyphs.TryGetValue(text[n], out string[]? g))
            {
                continue;
            }

            for (int r = 0; r < 5; r++)
            {
                for (int c = 0; c < 3; c++)
                {
                    if (g[r][c] != '#')
                    {
                        continue;
                    }

                    for (int dy = 0; dy < GlyphScale; dy++)
                    {
                        for (int dx = 0; dx < GlyphScale; dx++)
                        {
                            Set(x + n * advance + c * GlyphScale + dx, y + r * GlyphScale + dy, colour);
                        }
                    }
                }
            }
        }
    }

    public byte[] ToPng() => PngWriter.Encode(Width, Height, _rgb);

    private void Set(int x, int y, (byte R, byte G, byte B) c)
    {
        if (x < 0 || y < 0 || x >= Width || y >= Height)
        {
            return;
        }

        int o = (y * Width + x) * 3;
        _rgb[o] = c.R;
        _rgb[o + 1] = c.G;
        _rgb[o + 2] = c.B;
    }
}
