// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Rollouts;

/// <summary>
/// Poisson tail probabilities as exact sums of the probability mass, each tail summed from its own side so a small
/// tail is never the difference of two numbers near 1. Terms are kept as logarithms: e^-λ alone underflows past
/// λ ≈ 745, and λ^k / k! overflows long before the counts a rollout sees.
/// </summary>
public static class Poisson
{
    /// <summary>P(X ≤ <paramref name="k"/>) for X ~ Poisson(<paramref name="lambda"/>).</summary>
    public static double AtMost(long k, double lambda)
    {
        Check(lambda);
        if (k < 0)
        {
            return 0;
        }

        if (lambda == 0)
        {
            return 1;
        }

        // Below the mean the lower tail is the small one: sum it. Above, it is 1 minus the (small) upper tail.
        return k < lambda ? SumBelow(k, lambda) : 1 - SumAbove(k + 1, lambda);
    }

    /// <summary>P(X ≥ <paramref name="k"/>) for X ~ Poisson(<paramref name="lambda"/>).</summary>
    public static double AtLeast(long k, double lambda)
    {
        Check(lambda);
        if (k <= 0)
        {
            return 1;
        }

        if (lambda == 0)
        {
            return 0;
        }

        return k > lambda ? SumAbove(k, lambda) : 1 - SumBelow(k - 1, lambda);
    }

    /// <summary>ln P(X = k): −λ + k ln λ − ln k!.</summary>
    private static double LogMass(long k, double lambda)
    {
        var logFactorial = 0.0;
        for (long i = 2; i <= k; i++)
        {
            logFactorial += Math.Log(i);
        }

        return -lambda + (k * Math.Log(lambda)) - logFactorial;
    }

    /// <summary>Σ P(X = i) for i = 0..k, k below the mean (terms rise towards k).</summary>
    private static double SumBelow(long k, double lambda)
    {
        // Scaled by the largest term, P(X = k): the others are smaller, so nothing overflows.
        var top = LogMass(k, lambda);
        double sum = 0, term = 1;
        for (var i = k; i >= 0; i--)
        {
            sum += term;
            term *= i / lambda; // P(X = i−1) / P(X = i)
            if (term < 1e-17 * sum)
            {
                break;
            }
        }

        return Math.Min(1, Math.Exp(top + Math.Log(sum)));
    }

    /// <summary>Σ P(X = i) for i ≥ k, k above the mean (terms fall away from k).</summary>
    private static double SumAbove(long k, double lambda)
    {
        var top = LogMass(k, lambda);
        double sum = 0, term = 1;
        for (var i = k; ; i++)
        {
            sum += term;
            term *= lambda / (i + 1); // P(X = i+1) / P(X = i)
            if (term < 1e-17 * sum)
            {
                break;
            }
        }

        return Math.Min(1, Math.Exp(top + Math.Log(sum)));
    }

    private static void Check(double lambda)
    {
        if (!(lambda >= 0) || double.IsInfinity(lambda))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "A Poisson mean is finite and not negative.");
        }
    }
}
