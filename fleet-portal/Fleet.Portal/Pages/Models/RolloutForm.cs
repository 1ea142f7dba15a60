// SPDX-License-Identifier: MIT
using System.Globalization;
using Fleet.Portal.Gateway;

namespace Fleet.Portal.Pages.Models;

/// <summary>
/// The "start rollout" form as typed: waves as cumulative percentages, percentages for the gates (the API takes
/// fractions), a wave timeout and a soak time in minutes. Empty fields take the gateway's defaults. Field names in errors are the
/// API's (<c>waves</c>, <c>target</c>, <c>minBatteryPercent</c>, …) so the gateway's own errors land on the same fields.
/// </summary>
public sealed class RolloutForm
{
    /// <summary>About a year: far past any limit the gateway takes, far inside what a <see cref="TimeSpan"/> holds.</summary>
    private const double MaxDurationMinutes = 1e6;

    /// <summary>Cumulative percentages of the target, comma-separated, ending at 100 (e.g. <c>10, 50, 100</c>).</summary>
    public string? Waves { get; set; } = "100";

    /// <summary>Only devices whose id starts with this; empty = every device (or the label's).</summary>
    public string? DevicePrefix { get; set; }

    /// <summary>Only devices carrying this label when the rollout starts; empty = every device (or the prefix's).</summary>
    public string? Label { get; set; }

    public double? MinBatteryPercent { get; set; }

    /// <summary>Share of a wave that must activate before the next starts, %.</summary>
    public double? SuccessPercent { get; set; }

    /// <summary>Share of a wave that may fail before the rollout pauses, %.</summary>
    public double? MaxFailurePercent { get; set; }

    public int? MaxConcurrentTransfers { get; set; }

    public int? WakesPerWave { get; set; }

    public double? WaveTimeoutMinutes { get; set; }

    /// <summary>How long a wave that passed its gate runs the new model before the next wave is offered, minutes.</summary>
    public double? SoakMinutes { get; set; }

    /// <summary>Soak at least this many wake intervals of the wave's slowest updated device.</summary>
    public int? SoakWakes { get; set; }

    /// <summary>
    /// Detection-rate guard factor: an updated device whose detections drop to 1/f or rise to f times its own
    /// baseline, beyond chance, counts as faulted. 0 = off.
    /// </summary>
    public double? DetectionShift { get; set; }

    /// <summary>The API request, or null with <paramref name="errors"/> filled.</summary>
    public GatewayRolloutRequest? ToRequest(string modelId, uint version, IDictionary<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var waves = new List<GatewayRolloutWave>();
        var parts = (Waves ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        double previous = 0;
        foreach (var part in parts)
        {
            if (!double.TryParse(part.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var p)
                || p <= previous || p > 100)
            {
                errors["waves"] = $"'{part}': give rising percentages above 0 up to 100, e.g. 10, 50, 100.";
                break;
            }

            waves.Add(new GatewayRolloutWave(Percent: p));
            previous = p;
        }

        if (!errors.ContainsKey("waves") && (waves.Count == 0 || previous != 100))
        {
            errors["waves"] = "The last wave must be 100 (the whole target), e.g. 10, 50, 100.";
        }

        Check(errors, "minBatteryPercent", MinBatteryPercent, 0, 100, "0 to 100 %.");
        Check(errors, "successFraction", SuccessPercent, 0, 100, "0 to 100 %.");
        Check(errors, "maxFailureFraction", MaxFailurePercent, 0, 100, "0 to 100 %.");
        Check(errors, "maxConcurrentTransfers", MaxConcurrentTransfers, 1, 100_000, "At least 1.");
        Check(errors, "wakesPerWave", WakesPerWave, 1, 1000, "1 to 1000 wakes.");
        Check(errors, "waveTimeout", WaveTimeoutMinutes, 0.1, 7 * 24 * 60, "0.1 minutes to 7 days.");
        // The soak's and the guard factor's limits are the gateway's alone (its 400 names the field and lands
        // here); only a number that cannot be a duration at all stops here.
        Check(errors, "soakTime", SoakMinutes, -MaxDurationMinutes, MaxDurationMinutes, "A number of minutes, e.g. 60.");
        var prefix = string.IsNullOrWhiteSpace(DevicePrefix) ? null : DevicePrefix.Trim();
        var label = string.IsNullOrWhiteSpace(Label) ? null : Label.Trim();
        if (prefix is not null && label is not null)
        {
            // The gateway takes one kind of target; its own message names API fields the form does not show.
            errors["target"] = "Give an id prefix or a label, not both.";
        }

        if (errors.Count > 0)
        {
            return null;
        }

        return new GatewayRolloutRequest(modelId, version,
            prefix is not null ? new GatewayRolloutTarget(DeviceIdPrefix: prefix)
            : label is not null ? new GatewayRolloutTarget(Label: label)
            : new GatewayRolloutTarget(All: true),
            waves, MinBatteryPercent, MaxConcurrentTransfers, SuccessPercent / 100, MaxFailurePercent / 100,
            WaveTimeoutMinutes is { } m ? TimeSpan.FromMinutes(m) : null, WakesPerWave,
            SoakMinutes is { } soak ? TimeSpan.FromMinutes(soak) : null, SoakWakes, DetectionShift);
    }

    private static void Check(IDictionary<string, string> errors, string field, double? value, double min, double max,
        string rule)
    {
        if (value is { } v && (double.IsNaN(v) || v < min || v > max))
        {
            errors[field] = rule;
        }
    }
}
