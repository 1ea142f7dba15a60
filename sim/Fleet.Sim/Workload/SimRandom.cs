// SPDX-License-Identifier: MIT
namespace Fleet.Sim.Workload;

/// <summary>
/// SplitMix64 generator: tiny, fast, and seeded per device from (run seed, device index), so a Monte Carlo run gives
/// the same answer whatever the thread count. Not thread-safe: one per device.
/// </summary>
public struct SimRandom
{
    private ulong _state;

    public SimRandom(ulong seed, ulong stream)
    {
        _state = seed ^ (stream * 0x9E3779B97F4A7C15UL) ^ 0xD1B54A32D192ED03UL;
        _ = NextULong();
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextULong()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal (Box–Muller).</summary>
    public double NextNormal()
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Poisson count with mean <paramref name="mean"/>: Knuth's product method below 30, a rounded normal
    /// approximation above (its error there is far below the other uncertainties).</summary>
    public double NextPoisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean < 30)
        {
            double limit = Math.Exp(-mean);
            double p = NextDouble();
            int k = 0;
            while (p > limit)
            {
                k++;
                p *= NextDouble();
            }

            return k;
        }

        return Math.Max(0.0, Math.Round(mean + (Math.Sqrt(mean) * NextNormal())));
    }
}
