// SPDX-License-Identifier: MIT
namespace Fleet.Thermal.Synthetic;

/// <summary>
/// Deterministic synthetic thermal sequences (same options + seed = same frames, bit for bit) with per-frame
/// ground truth. People are warm ellipses seen from the ceiling (clothed body 29-31 °C, head 33-34.5 °C) that walk
/// along lanes, sometimes stop, and leave; pixels are rendered with 4x4 supersampling so edges are mixed pixels
/// as on a real sensor. The room drifts slowly, the sensor adds a fixed pattern and Gaussian noise, a radiator is
/// far above the human band and a sunlit window warms slowly.
/// </summary>
public static class SyntheticThermalGenerator
{
    private const int Supersample = 4;

    private sealed class Walker
    {
        public double X, Y, Vx, Rx, Ry, BodyC, HeadC;
        public int PauseAt, PauseFrames;
    }

    /// <summary>Generate the sequence.</summary>
    public static IReadOnlyList<SyntheticFrame> Generate(SyntheticSceneOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Width, 4);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Height, 4);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Lanes, 1);
        var rng = new Random(seed);
        int w = options.Width, h = options.Height;
        double roomC = 21.0 + rng.NextDouble() * 2.5;
        double phase = rng.NextDouble() * Math.PI * 2;
        // Static scene: a floor-to-wall gradient plus the sensor's fixed-pattern offsets.
        var staticC = new double[w * h];
        double gx = (rng.NextDouble() - 0.5) * 1.2, gy = (rng.NextDouble() - 0.5) * 1.2;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                staticC[y * w + x] = gx * x / w + gy * y / h + Gaussian(rng) * 0.2;
            }
        }
        int radW = Math.Max(1, w / 16), radY0 = h / 3, radH = Math.Max(2, h / 4);
        int winX0 = w - w * 3 / 10, winY0 = h / 10, winH = h * 4 / 10;
        var lanes = new Walker?[options.Lanes];
        var frames = new List<SyntheticFrame>(options.Frames);
        var sub = new double[Supersample * Supersample];
        for (int t = 0; t < options.Frames; t++)
        {
            double drift = options.AmbientDriftCc / 200.0 * Math.Sin(2 * Math.PI * t / Math.Max(1, options.Frames) * 0.7 + phase);
            double room = roomC + drift;
            double sun = options.SunlitWindow ? 3.0 * t / Math.Max(1, options.Frames) : 0;
            Step(options, rng, lanes, t);
            var pixels = new short[w * h];
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    double baseC = room + staticC[y * w + x];
                    if (options.Radiator && x < radW && y >= radY0 && y < radY0 + radH)
                    {
                        baseC = 55.0;
                    }
                    else if (x >= winX0 && y >= winY0 && y < winY0 + winH)
                    {
                        baseC += sun;
                    }
                    double sum = 0;
                    if (NearPerson(lanes, x, y))
                    {
                        for (int sy = 0; sy < Supersample; sy++)
                        {
                            for (int sx = 0; sx < Supersample; sx++)
                            {
                                double px = x + (sx + 0.5) / Supersample, py = y + (sy + 0.5) / Supersample;
                                sum += Math.Max(baseC, PersonAt(lanes, px, py));
                            }
                        }
                    }
                    else
                    {
                        sum = baseC * Supersample * Supersample;
                    }
                    double c = sum / (Supersample * Supersample) + Gaussian(rng) * options.NoiseCc / 100.0;
                    pixels[y * w + x] = (short)Math.Round(c * 100);
                }
            }
            var boxes = new List<SyntheticBox>();
            foreach (Walker? p in lanes)
            {
                // A person counts while their centre is in view (half of them or more is visible).
                if (p is null || p.X < 0 || p.X >= w)
                {
                    continue;
                }
                int x0 = Math.Max(0, (int)Math.Floor(p.X - p.Rx)), x1 = Math.Min(w - 1, (int)Math.Floor(p.X + p.Rx));
                int y0 = Math.Max(0, (int)Math.Floor(p.Y - p.Ry)), y1 = Math.Min(h - 1, (int)Math.Floor(p.Y + p.Ry));
                boxes.Add(new SyntheticBox(x0, y0, x1 - x0 + 1, y1 - y0 + 1));
            }
            int ambient = (int)Math.Round((room + options.SensorSelfHeatingCc / 100.0) * 100);
            frames.Add(new SyntheticFrame(pixels, ambient, boxes.Count, boxes));
        }
        return frames;
    }

    private static void Step(SyntheticSceneOptions o, Random rng, Walker?[] lanes, int t)
    {
        double scale = o.Width / 32.0;
        for (int i = 0; i < lanes.Length; i++)
        {
            Walker? p = lanes[i];
            if (p is null)
            {
                if (rng.NextDouble() < o.EnterProbability)
                {
                    bool fromLeft = rng.Next(2) == 0;
                    double rx = 0.05 * o.Width * (0.9 + 0.2 * rng.NextDouble());
                    double speed = (0.12 + 0.25 * rng.NextDouble()) * scale;
                    lanes[i] = new Walker
                    {
                        Rx = rx,
                        Ry = 0.07 * o.Height * (0.9 + 0.2 * rng.NextDouble()),
                        X = fromLeft ? -rx : o.Width + rx,
                        Y = (i + 0.5) * o.Height / lanes.Length,
                        Vx = fromLeft ? speed : -speed,
                        BodyC = 29.0 + 2.0 * rng.NextDouble(),
                        HeadC = 33.0 + 1.5 * rng.NextDouble(),
                        PauseAt = rng.NextDouble() < 0.5 ? t + (int)(o.Width / speed * (0.3 + 0.4 * rng.NextDouble())) : -1,
                        PauseFrames = 40 + rng.Next(200),
                    };
                }
                continue;
            }
            if (t >= p.PauseAt && p.PauseAt >= 0 && p.PauseFrames > 0)
            {
                p.PauseFrames--;
            }
            else
            {
                p.X += p.Vx;
            }
            if (p.X < -2 * p.Rx || p.X > o.Width + 2 * p.Rx)
            {
                lanes[i] = null;
            }
        }
    }

    private static bool NearPerson(Walker?[] lanes, int x, int y)
    {
        foreach (Walker? p in lanes)
        {
            if (p is not null && x + 1 >= p.X - p.Rx && x <= p.X + p.Rx && y + 1 >= p.Y - p.Ry && y <= p.Y + p.Ry)
            {
                return true;
            }
        }
        return false;
    }

    private static double PersonAt(Walker?[] lanes, double x, double y)
    {
        double best = double.MinValue;
        foreach (Walker? p in lanes)
        {
            if (p is null)
            {
                continue;
            }
            double dx = (x - p.X) / p.Rx, dy = (y - p.Y) / p.Ry;
            double r2 = dx * dx + dy * dy;
            if (r2 <= 1)
            {
                // Head: the inner 40 % of the ellipse seen from above.
                best = Math.Max(best, r2 <= 0.16 ? p.HeadC : p.BodyC);
            }
        }
        return best;
    }

    private static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
