// SPDX-License-Identifier: MIT
namespace Fleet.Benchmarks;

/// <summary>Latency percentiles (ms) over the messages that both left and arrived, from two timestamp arrays.</summary>
public sealed record LatencySummary(long Samples, double P50Ms, double P99Ms, double MaxMs)
{
    /// <param name="sent">Publish timestamps by message index (0 = not sent).</param>
    /// <param name="done">Arrival or commit timestamps by message index (0 = never).</param>
    /// <param name="timestampFrequency">Ticks per second of both.</param>
    /// <param name="sentFrom">Only messages sent at or after this timestamp (0 = all), to leave out the warm-up.</param>
    public static LatencySummary From(long[] sent, long[] done, long timestampFrequency, long sentFrom = 0)
    {
        var samples = new List<double>();
        for (var k = 0; k < sent.Length && k < done.Length; k++)
        {
            if (sent[k] != 0 && done[k] != 0 && sent[k] >= sentFrom)
            {
                samples.Add((done[k] - sent[k]) * 1000.0 / timestampFrequency);
            }
        }

        if (samples.Count == 0)
        {
            return new LatencySummary(0, double.NaN, double.NaN, double.NaN);
        }

        samples.Sort();
        double At(double q) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(q * samples.Count) - 1)];
        return new LatencySummary(samples.Count, At(0.50), At(0.99), samples[^1]);
    }
}
