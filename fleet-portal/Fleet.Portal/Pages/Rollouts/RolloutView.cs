// SPDX-License-Identifier: MIT
using System.Globalization;
using Fleet.Portal.Gateway;

namespace Fleet.Portal.Pages.Rollouts;

/// <summary>A rollout's progress per wave, worked out from its devices (the API lists each with its 1-based wave).</summary>
public static class RolloutView
{
    /// <summary>Statuses in the order a device moves through them, then the unhappy ones.</summary>
    public static readonly string[] StatusOrder =
    [
        "pending", "waiting", "deferred", "offered", "transferring", "activated", "failed", "cancelled",
        "rollback_waiting", "rollback_offered", "rolled_back", "rollback_failed",
    ];

    public static IReadOnlyList<WaveProgress> Waves(GatewayRollout rollout)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        var list = new List<WaveProgress>(rollout.WaveCount);
        for (var wave = 1; wave <= rollout.WaveCount; wave++)
        {
            var devices = rollout.Devices.Where(d => d.Wave == wave).ToList();
            var counts = devices.GroupBy(d => d.Status).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var done = counts.GetValueOrDefault("activated");
            list.Add(new WaveProgress(wave, devices.Count, counts, done,
                devices.Count == 0 ? 0 : 100.0 * done / devices.Count, Phase(rollout, wave)));
        }

        return list;
    }

    /// <summary>"a: 1, b: 2" in <see cref="StatusOrder"/>.</summary>
    public static string Counts(IReadOnlyDictionary<string, int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var parts = counts.Where(c => c.Value > 0)
            .OrderBy(c => Array.IndexOf(StatusOrder, c.Key) is var i && i < 0 ? int.MaxValue : i)
            .Select(c => $"{c.Key.Replace('_', ' ')}: {c.Value}");
        return string.Join(", ", parts);
    }

    /// <summary>The soak settings in words: "none", or how long each passed wave runs before the next.</summary>
    public static string Soak(GatewayRollout rollout)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        if (rollout.SoakTime <= TimeSpan.Zero && rollout.SoakWakes <= 0)
        {
            return "none (the next wave starts when the gate passes)";
        }

        var time = rollout.SoakTime.ToString("c", CultureInfo.InvariantCulture);
        var wakes = rollout.SoakWakes.ToString(CultureInfo.InvariantCulture);
        return rollout.SoakWakes <= 0 ? $"{time} after a wave passes its gate"
            : rollout.SoakTime <= TimeSpan.Zero ? $"{wakes} wakes of the wave's slowest updated device after it passes its gate"
            : $"{time} or {wakes} wakes of the wave's slowest updated device, whichever is longer, after a wave passes its gate";
    }

    /// <summary>The detection-rate guard in words: "off", or what counts as a shift.</summary>
    public static string DetectionGuard(GatewayRollout rollout)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        if (rollout.DetectionShift <= 0)
        {
            return "off (faults are watchdog resets only)";
        }

        var f = rollout.DetectionShift.ToString("0.##", CultureInfo.InvariantCulture);
        return $"factor {f}: an updated device whose detections fall to 1/{f} or rise {f}-fold against its own rate before the rollout, beyond chance, counts as faulted";
    }

    /// <summary>The rollout's reason is the gateway's soak note, which the page shows as its own line.</summary>
    public static bool SaysSoaking(GatewayRollout rollout)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        return rollout.SoakingUntil is not null
            && rollout.Reason?.StartsWith("soaking wave ", StringComparison.Ordinal) == true;
    }

    private static string Phase(GatewayRollout r, int wave) =>
        wave < r.CurrentWave || r.State == "completed" ? "done"
        : wave == r.CurrentWave ? (r.SoakingUntil is not null && r.State == "running" ? "soaking" : r.State)
        : "not started";
}

/// <summary>One wave's devices by status.</summary>
/// <param name="Phase"><c>done</c>, the rollout's state for the current wave, or <c>not started</c>.</param>
public sealed record WaveProgress(int Wave, int Devices, IReadOnlyDictionary<string, int> Counts, int Activated,
    double Percent, string Phase);
