// SPDX-License-Identifier: MIT
using Fleet.Sim.Workload;

namespace Fleet.Sim.Battery;

/// <summary>
/// Simulates <c>devices</c> variants of a device in parallel. Device i draws its variation and its Poisson days from
/// its own stream seeded by (seed, i), so the result depends on the seed only, not on the thread count or order.
/// </summary>
public static class MonteCarloRunner
{
    /// <summary>Runs the fleet.</summary>
    /// <param name="nominal">The nominal device.</param>
    /// <param name="variation">Per-device spread.</param>
    /// <param name="devices">Fleet size, ≥ 1.</param>
    /// <param name="maxDays">Horizon per device.</param>
    /// <param name="seed">Run seed.</param>
    /// <param name="progress">Called with the number of devices done (from worker threads; may be null).</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static MonteCarloResult Run(BatteryLifeInputs nominal, DeviceVariation variation, int devices, int maxDays, ulong seed,
        Action<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nominal);
        ArgumentNullException.ThrowIfNull(variation);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(devices);
        double[] lives = new double[devices];
        LifeEndReason[] reasons = new LifeEndReason[devices];
        int done = 0;
        var options = new ParallelOptions { CancellationToken = cancellationToken };

        // Chunks of 64 devices keep the per-item overhead of Parallel.For small next to a device's few thousand days.
        int chunks = (devices + 63) / 64;
        Parallel.For(0, chunks, options, c =>
        {
            int end = Math.Min(devices, (c + 1) * 64);
            for (int i = c * 64; i < end; i++)
            {
                var random = new SimRandom(seed, (ulong)i);
                BatteryLifeInputs device = variation.Draw(nominal, ref random);
                DeviceLife life = LifeSimulator.Run(device, maxDays, ref random, useRandom: true, trackPoints: false);
                lives[i] = life.LifeDays;
                reasons[i] = life.Reason;
            }

            int now = Interlocked.Add(ref done, end - (c * 64));
            progress?.Invoke(now);
        });

        Array.Sort(lives);
        return new MonteCarloResult(lives, reasons.Count(r => r == LifeEndReason.Horizon) / (double)devices,
            reasons.Count(r => r == LifeEndReason.Cold) / (double)devices);
    }
}
