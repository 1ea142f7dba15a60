// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Rollouts;

/// <summary>
/// A wave's soak (docs/rollouts.md): once its gate holds, the wave runs the new model for
/// <c>max(SoakTime, SoakWakes × the wake interval of its slowest activated device)</c> before the next wave is offered,
/// so a fault that shows only after activation (a watchdog wake) aborts while the rest of the fleet is untouched.
/// </summary>
public static class RolloutSoak
{
    /// <summary>Longest soak a request may ask for: a rollout is a supervised operation, not a standing one.</summary>
    public static readonly TimeSpan MaxSoakTime = TimeSpan.FromDays(7);

    public const int MaxSoakWakes = 100;

    /// <summary>The soak of the current wave. Worked out at every pass, so a device that starts sleeping longer extends it.</summary>
    public static TimeSpan Of(Rollout r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var slowest = r.Devices.Where(d => d.Wave == r.CurrentWave && d.Status == RolloutDeviceStatus.Activated)
            .Select(d => d.WakeIntervalS).DefaultIfEmpty(0u).Max();
        var byWakes = TimeSpan.FromSeconds((double)slowest * r.Policy.SoakWakes);
        return byWakes > r.Policy.SoakTime ? byWakes : r.Policy.SoakTime;
    }

    /// <summary>When the current wave's soak ends, or null when it is not soaking.</summary>
    public static DateTimeOffset? Until(Rollout r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.SoakStartedAt is { } started && !RolloutState.IsTerminal(r.State) ? started + Of(r) : null;
    }

    /// <summary>Why the next wave waits, for <see cref="Rollout.Reason"/>.</summary>
    public static string Reason(Rollout r, DateTimeOffset until) =>
        $"soaking wave {r.CurrentWave + 1} until {until.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC";

    public static bool IsSoakReason(string? reason) =>
        reason?.StartsWith("soaking wave ", StringComparison.Ordinal) == true;
}
