// SPDX-License-Identifier: MIT
using System.Globalization;

namespace Fleet.Benchmarks;

/// <summary>
/// <c>connections [--steps 1000,2000,5000,10000] [--parallel P]</c>: the cumulative session counts to ramp
/// through, and how many CONNECTs are in flight at once.
/// </summary>
public sealed record ConnectionsSettings(IReadOnlyList<int> Steps, int Parallel)
{
    /// <summary>One client process holds one socket per session; the default soft limit of open files bounds it.</summary>
    public const int MaxSessions = 60_000;

    public static ConnectionsSettings Parse(IReadOnlyList<string> args)
    {
        int[] steps = [1_000, 2_000, 5_000, 10_000];
        var parallel = 32;
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--steps":
                    steps = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                    break;
                case "--parallel": parallel = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        if (steps.Length == 0 || steps.Any(s => s is < 1 or > MaxSessions)
            || steps.Zip(steps.Skip(1)).Any(p => p.Second <= p.First))
        {
            throw new ArgumentException($"--steps must be rising session counts, each 1-{MaxSessions}.");
        }

        if (parallel is < 1 or > 1_000)
        {
            throw new ArgumentException("--parallel must be 1-1000.");
        }

        return new ConnectionsSettings(steps, parallel);
    }
}
