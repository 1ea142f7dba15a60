// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Frames;

/// <summary>
/// Scenes drawn from a seeded random source, for machines without the reference data: grayscale rooms (a lit
/// gradient, furniture as flat rectangles, sensor noise) with or without a face drawn on the layout
/// <see cref="SyntheticFaceCascade"/> looks for, and thermal rooms with or without a warm body. Deterministic:
/// the same random state gives the same frame.
/// </summary>
public static class SyntheticScenes
{
    /// <summary>Camera frame size (QQVGA: what a low-power sensor runs Haar on).</summary>
    public const int CameraWidth = 160;
    public const int CameraHeight = 120;

    /// <summary>Thermal array size (MLX90640 class).</summary>
    public const int ThermalWidth = 32;
    public const int ThermalHeight = 24;

    /// <summary>A camera frame; with <paramref name="face"/> one face of 30–60 px is drawn somewhere in it.</summary>
    public static CameraFrame Camera(Random random, bool face, bool smiling = false)
    {
        ArgumentNullException.ThrowIfNull(random);
        const int w = CameraWidth, h = CameraHeight;
        var px = new double[w * h];
        double baseLevel = 70 + (random.NextDouble() * 60);
        double gx = (random.NextDouble() - 0.5) * 60, gy = (random.NextDouble() - 0.5) * 60;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                px[(y * w) + x] = baseLevel + (gx * x / w) + (gy * y / h);
            }
        }

        // Furniture and doors: flat blocks, so the background has edges, not only a gradient.
        int blocks = random.Next(1, 5);
        for (int i = 0; i < blocks; i++)
        {
            int bw = random.Next(10, 60), bh = random.Next(10, 80);
            int bx = random.Next(0, w - bw), by = random.Next(0, h - bh);
            double level = 30 + (random.NextDouble() * 180);
            Fill(px, w, bx, by, bw, bh, level);
        }

        if (face)
        {
            int size = random.Next(30, 61);
            int fx = random.Next(2, w - size - 2), fy = random.Next(2, h - size - 2);
            DrawFace(px, w, fx, fy, size, smiling);
        }

        var gray = new byte[w * h];
        for (int i = 0; i < gray.Length; i++)
        {
            gray[i] = (byte)Math.Clamp(Math.Round(px[i] + (Gaussian(random) * 4.0)), 0, 255);
        }

        return new CameraFrame(gray, w, h, face ? "synthetic-face" : "synthetic-empty", face);
    }

    /// <summary>A 32×24 thermal frame of a room at 20–23 °C; with <paramref name="person"/> a body at 30–31 °C with a warmer head.</summary>
    public static ThermalFrame Thermal(Random random, bool person)
    {
        ArgumentNullException.ThrowIfNull(random);
        const int w = ThermalWidth, h = ThermalHeight;
        double room = 20.0 + (random.NextDouble() * 3.0);
        double gx = (random.NextDouble() - 0.5) * 1.0, gy = (random.NextDouble() - 0.5) * 1.0;
        double cx = 4 + (random.NextDouble() * (w - 8)), cy = 5 + (random.NextDouble() * (h - 10));
        double body = 30.0 + random.NextDouble(), head = 33.5 + random.NextDouble();
        var pixels = new short[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                double c = room + (gx * x / w) + (gy * y / h);
                if (person)
                {
                    // Seen from the ceiling: an ellipse of clothing (3×5 px) with the head at its centre.
                    double dx = (x - cx) / 3.0, dy = (y - cy) / 5.0;
                    double r2 = (dx * dx) + (dy * dy);
                    if (r2 <= 1.0)
                    {
                        c = r2 <= 0.15 ? head : body;
                    }
                }

                pixels[(y * w) + x] = (short)Math.Round((c * 100.0) + (Gaussian(random) * 15.0));
            }
        }

        return new ThermalFrame(pixels, w, h, (int)Math.Round(room * 100.0) + 150, person ? "synthetic-person" : "synthetic-empty", person);
    }

    // The face on the 24-unit layout of SyntheticFaceCascade, scaled to `size` pixels: a bright oval, dark eyes with
    // a bright bridge between them, a dark mouth (a straight line, or a curve when smiling).
    private static void DrawFace(double[] px, int w, int fx, int fy, int size, bool smiling)
    {
        double s = size / 24.0;
        double skin = 185;
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                double dx = ((x + 0.5) / s - 12.0) / 11.0, dy = ((y + 0.5) / s - 12.5) / 12.0;
                if ((dx * dx) + (dy * dy) <= 1.0)
                {
                    px[((fy + y) * w) + fx + x] = skin;
                }
            }
        }

        FillUnits(px, w, fx, fy, s, 5, 8, 5, 3, 35);   // left eye
        FillUnits(px, w, fx, fy, s, 14, 8, 5, 3, 35);  // right eye
        if (smiling)
        {
            FillUnits(px, w, fx, fy, s, 7, 16, 2, 2, 50);
            FillUnits(px, w, fx, fy, s, 9, 17, 6, 2, 50);
            FillUnits(px, w, fx, fy, s, 15, 16, 2, 2, 50);
        }
        else
        {
            FillUnits(px, w, fx, fy, s, 8, 17, 8, 2, 50);
        }
    }

    private static void FillUnits(double[] px, int w, int fx, int fy, double s, int ux, int uy, int uw, int uh, double level)
    {
        int x0 = fx + (int)Math.Round(ux * s), y0 = fy + (int)Math.Round(uy * s);
        int x1 = fx + (int)Math.Round((ux + uw) * s), y1 = fy + (int)Math.Round((uy + uh) * s);
        Fill(px, w, x0, y0, x1 - x0, y1 - y0, level);
    }

    private static void Fill(double[] px, int w, int x0, int y0, int bw, int bh, double level)
    {
        for (int y = y0; y < y0 + bh; y++)
        {
            for (int x = x0; x < x0 + bw; x++)
            {
                px[(y * w) + x] = level;
            }
        }
    }

    // Box–Muller; the 1 - u keeps log() away from 0.
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
